package io.genrec.tokenize;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;

/**
 * Feeds every row of a {@link VectorSet} through a graph in fixed-size chunks (bounded memory on
 * large catalogs) and concatenates the per-row outputs.
 */
final class ItemPass {
  static final int CHUNK = 4096;

  /**
   * @param floats one row-major array per float fetch, {@code rows × width}
   * @param codes {@code [rows][levels]}; null when no codes were fetched
   */
  record Result(List<float[]> floats, int[][] codes) {}

  private ItemPass() {}

  /**
   * @param fetches float outputs whose first dimension is the batch
   * @param codes int64 [batch, levels], or null
   */
  static Result run(
      Session session, Operand<TFloat32> input, VectorSet rows, List<Operand<TFloat32>> fetches, Operand<TInt64> codes) {
    int n = rows.size();
    int dim = rows.dim();
    float[][] outputs = new float[fetches.size()][];
    int[][] codeRows = codes == null ? null : new int[n][];
    float[] data = rows.data();
    for (int from = 0; from < n; from += CHUNK) {
      int to = Math.min(n, from + CHUNK);
      int count = to - from;
      float[] chunk = Arrays.copyOfRange(data, from * dim, to * dim);
      try (TFloat32 batch = TFloat32.tensorOf(Shape.of(count, dim), DataBuffers.of(chunk, true, false))) {
        Session.Runner runner = session.runner().feed(input, batch);
        for (Operand<TFloat32> fetch : fetches) runner.fetch(fetch);
        if (codes != null) runner.fetch(codes);
        try (org.tensorflow.Result result = runner.run()) {
          for (int f = 0; f < fetches.size(); f++) {
            TFloat32 out = (TFloat32) result.get(f);
            int width = Math.toIntExact(out.size() / count);
            if (outputs[f] == null) outputs[f] = new float[Math.multiplyExact(n, width)];
            out.copyTo(DataBuffers.of(outputs[f], false, false).slice((long) from * width, (long) count * width));
          }
          if (codes != null) {
            TInt64 out = (TInt64) result.get(fetches.size());
            int levels = Math.toIntExact(out.size() / count);
            long[] values = new long[count * levels];
            out.copyTo(DataBuffers.of(values, false, false));
            for (int i = 0; i < count; i++) {
              int[] row = new int[levels];
              for (int l = 0; l < levels; l++) row[l] = Math.toIntExact(values[i * levels + l]);
              codeRows[from + i] = row;
            }
          }
        }
      }
    }
    List<float[]> floats = new ArrayList<>(Arrays.asList(outputs));
    return new Result(floats, codeRows);
  }

  /** Codes with an all-zero padding row 0 prepended, as {@link Tokenizer#codes()} returns them. */
  static int[][] withPadding(int[][] codes, int levels) {
    int[][] table = new int[codes.length + 1][];
    table[0] = new int[levels];
    System.arraycopy(codes, 0, table, 1, codes.length);
    return table;
  }

  /** Mean of a per-row value. */
  static double mean(float[] values) {
    double sum = 0;
    for (float v : values) sum += v;
    return sum / values.length;
  }
}
