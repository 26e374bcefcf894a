package io.genrec.embed;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.EigenDecomposition;
import org.apache.commons.math3.linear.RealMatrix;

/**
 * Combines several item tables (e.g. text and collaborative embeddings) into one before
 * tokenization. All tables have {@code numItems + 1} rows with row 0 padding; the result keeps row
 * 0 at zero.
 *
 * <ul>
 *   <li>{@code concat}: each source's rows are L2-normalised, so no source dominates by scale,
 *       then concatenated (width = sum of widths).
 *   <li>{@code add}: each source is L2-normalised, centred and projected onto its own top
 *       {@code dim} principal components, then the projections are summed (width = {@code dim}).
 * </ul>
 *
 * <p>Why PCA for {@code add}: a sum needs one common width, and PCA is the linear map to that
 * width that keeps the most of each source's variance, where a random orthogonal map would drop a
 * random part of it. It is also deterministic without a seed (component signs are fixed so each
 * component's largest-magnitude coefficient is positive), and it lines sources up by explained
 * variance, so the leading directions of all sources add into the leading coordinates.
 */
public final class EmbeddingFusion {
  public static final List<String> MODES = List.of("concat", "add");

  private EmbeddingFusion() {}

  /**
   * @param dim common width for {@code add}; 0 picks the smallest source width; ignored by
   *     {@code concat}
   */
  public static float[][] fuse(String mode, List<float[][]> sources, int dim) {
    return switch (mode.toLowerCase(Locale.ROOT)) {
      case "concat" -> concat(sources);
      case "add" -> add(sources, dim);
      default -> throw new IllegalArgumentException(
          "unknown fusion '" + mode + "'; known: " + String.join(", ", MODES));
    };
  }

  public static float[][] concat(List<float[][]> sources) {
    int rows = checkRows(sources);
    int width = 0;
    for (float[][] source : sources) width += source[0].length;
    float[][] out = new float[rows][width];
    int offset = 0;
    for (float[][] source : sources) {
      float[][] normalised = normalisedItems(source);
      int w = source[0].length;
      for (int i = 1; i < rows; i++) System.arraycopy(normalised[i], 0, out[i], offset, w);
      offset += w;
    }
    return out;
  }

  public static float[][] add(List<float[][]> sources, int dim) {
    int rows = checkRows(sources);
    int smallest = Integer.MAX_VALUE;
    for (float[][] source : sources) smallest = Math.min(smallest, source[0].length);
    int target = dim == 0 ? smallest : dim;
    if (target < 1 || target > smallest) {
      throw new IllegalArgumentException(
          "add fusion needs a common width in 1.." + smallest + " (the narrowest source), got " + dim);
    }
    float[][] out = new float[rows][target];
    for (float[][] source : sources) {
      float[][] projected = principalComponents(normalisedItems(source), target);
      for (int i = 1; i < rows; i++) {
        for (int t = 0; t < target; t++) out[i][t] += projected[i][t];
      }
    }
    return out;
  }

  private static int checkRows(List<float[][]> sources) {
    if (sources.isEmpty()) throw new IllegalArgumentException("no embedding tables to fuse");
    int rows = sources.get(0).length;
    for (int s = 0; s < sources.size(); s++) {
      float[][] source = sources.get(s);
      if (source.length != rows) {
        throw new IllegalArgumentException(
            "table " + (s + 1) + " has " + source.length + " rows, table 1 has " + rows + "; all must cover the same items");
      }
      if (rows < 2) throw new IllegalArgumentException("table " + (s + 1) + " has no item rows");
      int width = source[0].length;
      for (int i = 0; i < rows; i++) {
        if (source[i].length != width || width == 0) {
          throw new IllegalArgumentException("table " + (s + 1) + " row " + i + " has " + source[i].length + " values, row 0 " + width);
        }
      }
    }
    return rows;
  }

  /** Item rows scaled to unit length (all-zero rows stay zero); row 0 zero. */
  private static float[][] normalisedItems(float[][] source) {
    float[][] out = new float[source.length][source[0].length];
    for (int i = 1; i < source.length; i++) {
      double norm = 0;
      for (float v : source[i]) norm += (double) v * v;
      norm = Math.sqrt(norm);
      if (norm == 0) continue;
      for (int t = 0; t < source[i].length; t++) out[i][t] = (float) (source[i][t] / norm);
    }
    return out;
  }

  /** Item rows centred and projected onto the top {@code k} principal axes; row 0 zero. */
  static float[][] principalComponents(float[][] table, int k) {
    int n = table.length - 1;
    int d = table[0].length;
    double[] mean = new double[d];
    for (int i = 1; i <= n; i++) for (int t = 0; t < d; t++) mean[t] += table[i][t];
    for (int t = 0; t < d; t++) mean[t] /= n;
    double[][] covariance = new double[d][d];
    double[] centred = new double[d];
    for (int i = 1; i <= n; i++) {
      for (int t = 0; t < d; t++) centred[t] = table[i][t] - mean[t];
      for (int a = 0; a < d; a++) {
        double value = centred[a];
        double[] row = covariance[a];
        for (int b = a; b < d; b++) row[b] += value * centred[b];
      }
    }
    for (int a = 0; a < d; a++) {
      for (int b = a; b < d; b++) {
        covariance[a][b] /= n;
        covariance[b][a] = covariance[a][b];
      }
    }
    EigenDecomposition eigen = new EigenDecomposition(new Array2DRowRealMatrix(covariance, false));
    double[] values = eigen.getRealEigenvalues();
    Integer[] order = new Integer[d];
    for (int t = 0; t < d; t++) order[t] = t;
    Arrays.sort(order, (a, b) -> Double.compare(values[b], values[a])); // stable: ties keep index order
    RealMatrix vectors = eigen.getV();
    double[][] axes = new double[k][d];
    for (int c = 0; c < k; c++) {
      int column = order[c];
      int largest = 0;
      for (int t = 0; t < d; t++) {
        axes[c][t] = vectors.getEntry(t, column);
        if (Math.abs(axes[c][t]) > Math.abs(axes[c][largest])) largest = t;
      }
      if (axes[c][largest] < 0) for (int t = 0; t < d; t++) axes[c][t] = -axes[c][t];
    }
    float[][] out = new float[n + 1][k];
    for (int i = 1; i <= n; i++) {
      for (int c = 0; c < k; c++) {
        double sum = 0;
        for (int t = 0; t < d; t++) sum += (table[i][t] - mean[t]) * axes[c][t];
        out[i][c] = (float) sum;
      }
    }
    return out;
  }
}
