package io.genrec.model.vqrec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** Semi-synthetic negatives: each code is redrawn with probability ρ, uniformly within its sub-vector. */
class SemiSyntheticCodesTest {
  static final int D = 8;
  static final int K = 16;

  @Test
  void codesAreRedrawnAtRateRhoWithinTheirSubVector() {
    int[] item = new int[D];
    for (int d = 0; d < D; d++) item[d] = d * (K + 1) + 1 + (3 * d) % K;
    SemiSyntheticCodes synthetic = new SemiSyntheticCodes(K, 0.75);
    Random rng = new Random(42);
    int draws = 20_000;
    int[] out = new int[D];
    long changed = 0;
    int[] hits = new int[K];
    for (int n = 0; n < draws; n++) {
      synthetic.draw(item, rng, out, 0);
      for (int d = 0; d < D; d++) {
        int code = out[d] - d * (K + 1) - 1;
        assertTrue(code >= 0 && code < K, "row " + out[d] + " is a code of sub-vector " + d);
        if (out[d] != item[d]) changed++;
        if (d == 0) hits[code]++;
      }
    }
    // A redrawn code equals the original with chance 1/K, so codes differ at rate ρ (1 - 1/K).
    double rate = changed / (double) (draws * D);
    assertEquals(0.75 * (1 - 1.0 / K), rate, 0.01);
    // Redrawn codes are uniform: every other code of sub-vector 0 gets about ρ / K of the draws.
    for (int c = 0; c < K; c++) {
      if (c == 0) continue;
      assertEquals(0.75 / K, hits[c] / (double) draws, 0.01, "code " + c);
    }
  }

  @Test
  void rateZeroKeepsTheItemsCodes() {
    int[] item = {1, K + 2, 2 * (K + 1) + 5};
    int[] out = new int[3];
    new SemiSyntheticCodes(K, 0).draw(item, new Random(1), out, 0);
    assertArrayEquals(item, out);
  }
}
