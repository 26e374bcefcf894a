package io.genrec.model.vqrec;

import java.util.Random;

/**
 * VQ-Rec's semi-synthetic negatives: an item's codes with each sub-vector's code independently
 * replaced, with probability ρ, by a uniformly drawn code of that sub-vector (which may equal the
 * original). The result looks like a real item's codes but mostly is none: a hard negative that
 * teaches the model to read every code, not a few.
 */
public record SemiSyntheticCodes(int codebookSize, double rate) {
  public SemiSyntheticCodes {
    if (codebookSize < 1) throw new IllegalArgumentException("codebook size must be >= 1, got " + codebookSize);
    if (!(rate >= 0 && rate <= 1)) throw new IllegalArgumentException("replacement rate must be in [0, 1], got " + rate);
  }

  /**
   * Writes the negative of {@code rows} (an item's D code-table rows, see {@link ItemCodes}) into
   * {@code out[offset .. offset + D)}.
   */
  public void draw(int[] rows, Random rng, int[] out, int offset) {
    for (int d = 0; d < rows.length; d++) {
      out[offset + d] = rng.nextDouble() < rate ? d * (codebookSize + 1) + 1 + rng.nextInt(codebookSize) : rows[d];
    }
  }
}
