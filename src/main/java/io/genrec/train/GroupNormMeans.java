package io.genrec.train;

import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.types.TFloat32;

/**
 * Each parameter group's gradient norm, fetched with every training step and written per epoch as
 * {@code grad_norm/<group>}: the mean over the epoch's steps. With nothing to report it adds no fetch.
 */
final class GroupNormMeans {
  static final String PREFIX = "grad_norm/";

  private final List<String> names = new ArrayList<>();
  private final List<Operand<TFloat32>> norms = new ArrayList<>();
  private final double[] sums;
  private long steps;

  /** @param norms group name → its gradient norm in the training graph (Optimizer.groupNorms) */
  GroupNormMeans(Map<String, Operand<TFloat32>> norms) {
    norms.forEach((name, norm) -> {
      this.names.add(name);
      this.norms.add(norm);
    });
    this.sums = new double[norms.size()];
  }

  /** Adds the norms to a training step's fetches, after those already there. */
  void fetch(Session.Runner runner) {
    for (Operand<TFloat32> norm : norms) runner.fetch(norm);
  }

  /** Adds one step's norms, fetched from index {@code first} of {@code result} on. */
  void add(Result result, int first) {
    for (int i = 0; i < sums.length; i++) sums[i] += ((TFloat32) result.get(first + i)).getFloat();
    steps++;
  }

  /** Writes the means since the last call into {@code line} and starts over. */
  void writeTo(JsonObject line) {
    for (int i = 0; i < sums.length; i++) {
      line.addProperty(PREFIX + names.get(i), sums[i] / Math.max(1, steps));
      sums[i] = 0;
    }
    steps = 0;
  }
}
