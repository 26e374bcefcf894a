package io.genrec.bench;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.tensorflow.proto.DeviceStepStats;
import org.tensorflow.proto.NodeExecStats;
import org.tensorflow.proto.RunMetadata;

/**
 * TensorFlow's per-node step statistics (FULL_TRACE) of several session calls, summed per op type and
 * per node, with the calls' wall time beside them: how much of a call is kernels, and which ones.
 * Wall time per node, so on a loaded machine the shares mean more than the absolute numbers.
 */
final class NodeTimes {
  private final Map<String, double[]> byType = new HashMap<>();
  private final Map<String, double[]> byNode = new HashMap<>();
  private int calls;
  private double wallMs;

  /** One traced call and its wall time. */
  void add(RunMetadata meta, double callWallMs) {
    calls++;
    wallMs += callWallMs;
    for (DeviceStepStats device : meta.getStepStats().getDevStatsList()) {
      for (NodeExecStats node : device.getNodeStatsList()) {
        double us = node.getAllEndRelMicros();
        String label = node.getTimelineLabel();
        add(byType, label.contains("=") ? opType(label) : node.getNodeName(), us);
        add(byNode, label.length() > 110 ? label.substring(0, 110) : label, us);
      }
    }
  }

  /** Prints the heaviest {@code top} op types and nodes per call, to stderr. */
  void print(String what, int top) {
    System.err.printf(Locale.ROOT, "profile: %s, %d traced calls, %.1f ms wall per traced call%n", what, calls,
        wallMs / Math.max(1, calls));
    report("op type", byType, top);
    report("node", byNode, top);
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

  private void report(String what, Map<String, double[]> sums, int top) {
    List<Map.Entry<String, double[]>> rows = new ArrayList<>(sums.entrySet());
    rows.sort((a, b) -> Double.compare(b.getValue()[0], a.getValue()[0]));
    double total = 0;
    double count = 0;
    for (Map.Entry<String, double[]> e : rows) {
      total += e.getValue()[0];
      count += e.getValue()[1];
    }
    int n = Math.max(1, calls);
    System.err.printf(Locale.ROOT, "by %s: %.0f nodes run per call, %.2f ms summed node time per call%n", what,
        count / n, total / n / 1000);
    for (int i = 0; i < Math.min(top, rows.size()); i++) {
      double[] s = rows.get(i).getValue();
      System.err.printf(Locale.ROOT, "  %8.3f ms %5.1f%% %6.0f× %s%n", s[0] / n / 1000, 100 * s[0] / total,
          s[1] / n, rows.get(i).getKey());
    }
  }
}
