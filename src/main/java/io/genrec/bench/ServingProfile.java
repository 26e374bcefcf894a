package io.genrec.bench;

import io.genrec.config.Precision;
import io.genrec.serve.ServingModel;
import io.genrec.serve.ServingSignature;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.Signature;
import org.tensorflow.proto.DeviceStepStats;
import org.tensorflow.proto.NodeExecStats;
import org.tensorflow.proto.RunMetadata;
import org.tensorflow.proto.RunOptions;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;

/**
 * Where a SavedModel's serving call spends its time: TensorFlow's own per-node step statistics
 * (FULL_TRACE), summed per op type and per node over several calls, so a latency figure from
 * {@link TigerBench} can be traced to the ops behind it (loaded with the same threads as
 * {@link ServingModel}). Wall time per node, so on a loaded machine
 * the shares mean more than the absolute numbers.
 */
final class ServingProfile {
  private ServingProfile() {}

  /** Prints the heaviest op types and nodes of {@code runs} traced calls with {@code histories}. */
  static void print(Path savedModel, long[][] histories, int k, int runs, Precision precision) {
    int b = histories.length;
    try (SavedModelBundle bundle = ServingModel.load(savedModel, ServingModel.defaultIntraOpThreads(),
            ServingModel.DEFAULT_INTER_OP_THREADS, precision);
        TInt64 history = ServingModel.historyTensor(histories);
        TInt32 kt = TInt32.scalarOf(k)) {
      Signature sig = bundle.function(ServingSignature.KEY).signature();
      Session session = bundle.session();
      Map<String, double[]> byType = new HashMap<>();
      Map<String, double[]> byNode = new HashMap<>();
      RunOptions trace = RunOptions.newBuilder().setTraceLevel(RunOptions.TraceLevel.FULL_TRACE).build();
      double wallMs = 0;
      for (int run = -3; run < runs; run++) {
        Session.Runner runner = session.runner()
            .feed(sig.getInputs().get(ServingSignature.HISTORY).name, history)
            .feed(sig.getInputs().get(ServingSignature.K).name, kt)
            .fetch(sig.getOutputs().get(ServingSignature.TOP_K_IDS).name);
        if (run >= 0) runner.setOptions(trace);
        long t0 = System.nanoTime();
        try (Result r = run >= 0 ? runner.runAndFetchMetadata() : runner.run()) {
          if (run < 0) continue;
          wallMs += (System.nanoTime() - t0) / 1e6;
          RunMetadata meta = r.getMetadata().orElseThrow();
          for (DeviceStepStats device : meta.getStepStats().getDevStatsList()) {
            for (NodeExecStats node : device.getNodeStatsList()) {
              double us = node.getAllEndRelMicros();
              String type = node.getTimelineLabel().contains("=") ? opType(node.getTimelineLabel()) : node.getNodeName();
              add(byType, type, us);
              add(byNode, node.getTimelineLabel().length() > 110 ? node.getTimelineLabel().substring(0, 110) : node.getTimelineLabel(), us);
            }
          }
        }
      }
      System.err.printf(Locale.ROOT, "profile: %d user(s), %d traced calls, %.1f ms wall per traced call%n", b, runs,
          wallMs / runs);
      report("op type", byType, runs, 25);
      report("node", byNode, runs, 25);
    }
  }

  /** "name = Type(inputs)" → Type. */
  private static String opType(String label) {
    String rhs = label.substring(label.indexOf('=') + 1).trim();
    int paren = rhs.indexOf('(');
    return paren < 0 ? rhs : rhs.substring(0, paren);
  }

  private static void add(Map<String, double[]> sums, String key, double us) {
    double[] s = sums.computeIfAbsent(key, x -> new double[2]);
    s[0] += us;
    s[1]++;
  }

  private static void report(String what, Map<String, double[]> sums, int runs, int top) {
    List<Map.Entry<String, double[]>> rows = new ArrayList<>(sums.entrySet());
    rows.sort((a, b) -> Double.compare(b.getValue()[0], a.getValue()[0]));
    double total = 0;
    double count = 0;
    for (Map.Entry<String, double[]> e : rows) {
      total += e.getValue()[0];
      count += e.getValue()[1];
    }
    System.err.printf(Locale.ROOT, "by %s: %.0f nodes run per call, %.2f ms summed node time per call%n", what,
        count / runs, total / runs / 1000);
    for (int i = 0; i < Math.min(top, rows.size()); i++) {
      double[] s = rows.get(i).getValue();
      System.err.printf(Locale.ROOT, "  %8.3f ms %5.1f%% %6.0f× %s%n", s[0] / runs / 1000, 100 * s[0] / total,
          s[1] / runs, rows.get(i).getKey());
    }
  }
}
