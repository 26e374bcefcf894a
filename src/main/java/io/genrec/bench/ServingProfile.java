package io.genrec.bench;

import io.genrec.config.Precision;
import io.genrec.serve.ServingModel;
import io.genrec.serve.ServingSignature;
import java.nio.file.Path;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.Signature;
import org.tensorflow.proto.RunOptions;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;

/**
 * Where a SavedModel's serving call spends its time ({@link NodeTimes} over several traced calls), so
 * a latency figure from {@link TigerBench} can be traced to the ops behind it (loaded with the same
 * threads as {@link ServingModel}).
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
      NodeTimes times = new NodeTimes();
      RunOptions trace = RunOptions.newBuilder().setTraceLevel(RunOptions.TraceLevel.FULL_TRACE).build();
      for (int run = -3; run < runs; run++) {
        Session.Runner runner = session.runner()
            .feed(sig.getInputs().get(ServingSignature.HISTORY).name, history)
            .feed(sig.getInputs().get(ServingSignature.K).name, kt)
            .fetch(sig.getOutputs().get(ServingSignature.TOP_K_IDS).name);
        if (run >= 0) runner.setOptions(trace);
        long t0 = System.nanoTime();
        try (Result r = run >= 0 ? runner.runAndFetchMetadata() : runner.run()) {
          if (run >= 0) times.add(r.getMetadata().orElseThrow(), (System.nanoTime() - t0) / 1e6);
        }
      }
      times.print(b + " user(s) per serving call", 25);
    }
  }
}
