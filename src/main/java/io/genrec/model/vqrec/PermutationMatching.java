package io.genrec.model.vqrec;

import java.util.Arrays;

/**
 * A hard permutation per sub-vector from a soft (doubly-stochastic) matrix: the forward pass of
 * {@code permutation: learned}. A row-wise argmax, as the released code takes, can send two target
 * codes to one source row; this is always a bijection.
 *
 * <p>Greedy matching: the largest remaining entry {@code S[d][i][j]} pairs target code i with source
 * code j, then row i and column j leave the game. It is not the optimal assignment (Hungarian), but
 * O(K² log K) instead of O(K³) per sub-vector, so it can run before every training step; on a matrix
 * close to a permutation, which Sinkhorn at a low temperature gives, both agree.
 */
public final class PermutationMatching {
  private PermutationMatching() {}

  /**
   * @param soft {@code [D][K][K]} row-major: {@code soft[(d·K + i)·K + j]} is how much target code i of
   *     sub-vector d takes from source code j
   * @return {@code source[r]} = the code-table row whose embedding row r receives, for all D·(K+1)
   *     rows (as {@link CodePermutation#random}); the reserved row d·(K+1) of every sub-vector stays
   */
  public static int[] greedy(float[] soft, int subvectors, int codebookSize) {
    int k = codebookSize;
    if (soft.length != (long) subvectors * k * k) {
      throw new IllegalArgumentException("soft matrix has " + soft.length + " entries, expected " + subvectors
          + " x " + k + " x " + k);
    }
    int[] source = new int[subvectors * (k + 1)];
    long[] order = new long[k * k];
    boolean[] rowTaken = new boolean[k];
    boolean[] columnTaken = new boolean[k];
    for (int d = 0; d < subvectors; d++) {
      int base = d * (k + 1);
      source[base] = base;
      for (int e = 0; e < k * k; e++) {
        float v = soft[d * k * k + e];
        if (!(v >= 0)) {
          throw new IllegalArgumentException("soft matrix entry " + v + " at sub-vector " + d + ", row " + e / k
              + ", column " + e % k + ": expected a non-negative number");
        }
        // For non-negative floats the bit pattern orders like the value, so one primitive sort ranks them.
        order[e] = ((long) Float.floatToIntBits(v) << 32) | e;
      }
      Arrays.sort(order);
      Arrays.fill(rowTaken, false);
      Arrays.fill(columnTaken, false);
      int matched = 0;
      for (int n = order.length - 1; n >= 0 && matched < k; n--) {
        int e = (int) order[n];
        int i = e / k;
        int j = e % k;
        if (rowTaken[i] || columnTaken[j]) continue;
        rowTaken[i] = true;
        columnTaken[j] = true;
        source[base + 1 + i] = base + 1 + j;
        matched++;
      }
    }
    return source;
  }

  /** The identity re-mapping of D·(K+1) rows. */
  public static int[] identity(int subvectors, int codebookSize) {
    int[] source = new int[subvectors * (codebookSize + 1)];
    for (int r = 0; r < source.length; r++) source[r] = r;
    return source;
  }
}
