package io.genrec.model.vqrec;

import java.util.Random;

/**
 * A re-mapping of the code-embedding table for fine-tuning on a new domain: the target domain's
 * code c of sub-vector d takes the pre-trained row of code π_d(c), a bijection per sub-vector. The
 * target domain's quantizer numbers its codes independently of the source's, so code c there has
 * nothing to do with code c of pre-training; re-mapping the rows keeps the pre-trained table's
 * geometry while dropping that false identity.
 *
 * <p>{@code permutation: random} draws π uniformly. That is what the released code amounts to: it
 * takes the row-wise argmax of a Gumbel-Sinkhorn over a matrix that never receives a gradient (its
 * one-hot goes through ceil), so its "learned" permutation is a random draw (and not always a
 * bijection; ours always is). The reserved row d·(K+1) of every sub-vector stays where it is.
 */
public final class CodePermutation {
  private CodePermutation() {}

  /**
   * {@code source[r]} = the table row whose embedding row r receives, for all D·(K+1) rows: within
   * each sub-vector a uniform bijection of its K code rows, the reserved row fixed.
   */
  public static int[] random(int subvectors, int codebookSize, long seed) {
    Random rng = new Random(seed);
    int[] source = new int[subvectors * (codebookSize + 1)];
    for (int d = 0; d < subvectors; d++) {
      int base = d * (codebookSize + 1);
      source[base] = base;
      for (int c = 0; c < codebookSize; c++) source[base + 1 + c] = base + 1 + c;
      for (int c = codebookSize - 1; c > 0; c--) { // Fisher-Yates over the code rows
        int j = rng.nextInt(c + 1);
        int t = source[base + 1 + c];
        source[base + 1 + c] = source[base + 1 + j];
        source[base + 1 + j] = t;
      }
    }
    return source;
  }
}
