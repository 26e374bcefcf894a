package io.genrec.tokenize;

import java.util.Random;

/** Small synthetic item tables (row 0 padding) with known structure. */
final class Synthetic {
  private Synthetic() {}

  /** Clustered items; {@code labels[i]} is the cluster of item {@code i} (index 0 unused). */
  record Clustered(float[][] table, int[] labels) {}

  /**
   * {@code clusters × perCluster} items around centres drawn with spread {@code separation}, each
   * coordinate jittered by N(0, {@code noise}²); items are interleaved across clusters.
   */
  static Clustered clusters(int clusters, int perCluster, int dim, double separation, double noise, long seed) {
    Random random = new Random(seed);
    double[][] centres = new double[clusters][dim];
    for (double[] centre : centres) for (int t = 0; t < dim; t++) centre[t] = random.nextGaussian() * separation;
    int n = clusters * perCluster;
    float[][] table = new float[n + 1][dim];
    int[] labels = new int[n + 1];
    for (int i = 1; i <= n; i++) {
      int c = (i - 1) % clusters;
      labels[i] = c;
      for (int t = 0; t < dim; t++) table[i][t] = (float) (centres[c][t] + random.nextGaussian() * noise);
    }
    return new Clustered(table, labels);
  }

  /** Gaussian items with standard deviations {@code scales[t]} per coordinate. */
  static float[][] gaussian(int n, double[] scales, long seed) {
    Random random = new Random(seed);
    float[][] table = new float[n + 1][scales.length];
    for (int i = 1; i <= n; i++) {
      for (int t = 0; t < scales.length; t++) table[i][t] = (float) (random.nextGaussian() * scales[t]);
    }
    return table;
  }

  /** Item rows multiplied by a rotation ({@code x R}); row 0 stays zero. */
  static float[][] rotate(float[][] table, Rotation rotation) {
    VectorSet items = VectorSet.ofItems(table);
    return rotation.apply(items, 1).toRows(true);
  }

  /** Share of items whose code's majority cluster is their own cluster. */
  static double purity(int[][] codes, int level, int[] labels, int codebookSize, int clusters) {
    int[][] counts = new int[codebookSize][clusters];
    for (int i = 1; i < codes.length; i++) counts[codes[i][level]][labels[i]]++;
    int agree = 0;
    for (int[] row : counts) {
      int max = 0;
      for (int count : row) max = Math.max(max, count);
      agree += max;
    }
    return (double) agree / (codes.length - 1);
  }
}
