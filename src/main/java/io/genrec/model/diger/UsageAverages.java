package io.genrec.model.diger;

import com.google.gson.Gson;
import io.genrec.data.AtomicFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;

/**
 * FrqUD's moving average of code usage per level: starts uniform (1/K), and after every step
 * {@code u ← μ·u + (1 − μ)·counts/B} with the step's counts of the targets' noise-free codes. Kept
 * in Java (a few hundred numbers): the next batch feeds it, so a step decides with the average
 * before its own update, and a checkpoint saves it beside the weights.
 */
final class UsageAverages {
  private final double momentum;
  private final double[][] usage;

  UsageAverages(int levels, int codebookSize, double momentum) {
    this.momentum = momentum;
    usage = new double[levels][codebookSize];
    for (double[] level : usage) Arrays.fill(level, 1.0 / codebookSize);
  }

  /** @param counts float32 [levels, K]: how many of the batch's targets took each code */
  void update(TFloat32 counts) {
    int levels = usage.length;
    int k = usage[0].length;
    float[] flat = new float[levels * k];
    counts.copyTo(DataBuffers.of(flat, false, false));
    for (int level = 0; level < levels; level++) {
      double total = 0;
      for (int c = 0; c < k; c++) total += flat[level * k + c];
      if (total <= 0) continue;
      for (int c = 0; c < k; c++) {
        usage[level][c] = momentum * usage[level][c] + (1 - momentum) * flat[level * k + c] / total;
      }
    }
  }

  double get(int level, int code) {
    return usage[level][code];
  }

  /** float32 [levels, K], for the next step's feed. */
  TFloat32 tensor() {
    int levels = usage.length;
    int k = usage[0].length;
    float[] flat = new float[levels * k];
    for (int level = 0; level < levels; level++) {
      for (int c = 0; c < k; c++) flat[level * k + c] = (float) usage[level][c];
    }
    return TFloat32.tensorOf(Shape.of(levels, k), DataBuffers.of(flat, true, false));
  }

  void save(Path file) throws IOException {
    String json = new Gson().toJson(usage);
    AtomicFile.write(file, out -> out.write(json.getBytes(StandardCharsets.UTF_8)));
  }

  void load(Path file) throws IOException {
    double[][] read = new Gson().fromJson(Files.readString(file, StandardCharsets.UTF_8), double[][].class);
    if (read == null || read.length != usage.length || read[0].length != usage[0].length) {
      throw new IOException(file + ": expected usage averages of " + usage.length + " levels x " + usage[0].length
          + " codes");
    }
    for (int level = 0; level < usage.length; level++) usage[level] = read[level].clone();
  }
}
