package io.genrec.model.vqrec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The learned permutation's forward pass: always a bijection per sub-vector, reserved rows fixed. */
class PermutationMatchingTest {
  /** Each row of the table takes one row of its own sub-vector, no source row feeds two, reserved rows stay. */
  static void assertBijection(int[] source, int d, int k) {
    assertEquals(d * (k + 1), source.length);
    boolean[] used = new boolean[source.length];
    for (int r = 0; r < source.length; r++) {
      assertEquals(r / (k + 1), source[r] / (k + 1), "row " + r + " reads its own sub-vector");
      assertFalse(used[source[r]], "source row " + source[r] + " feeds two rows");
      used[source[r]] = true;
      if (r % (k + 1) == 0) assertEquals(r, source[r], "reserved row " + r + " stays");
    }
  }

  @Test
  void aRandomMatrixGivesABijectionEvenWhereRowArgmaxesCollide() {
    int d = 3;
    int k = 16;
    Random rng = new Random(1);
    float[] soft = new float[d * k * k];
    // Every row prefers column 0: a row-wise argmax would map all codes to one source row.
    for (int e = 0; e < soft.length; e++) soft[e] = e % k == 0 ? 0.5f + rng.nextFloat() : rng.nextFloat() * 0.1f;
    assertBijection(PermutationMatching.greedy(soft, d, k), d, k);
  }

  @Test
  void recoversAPlantedPermutationUnderNoise() {
    int d = 2;
    int k = 32;
    int[] planted = CodePermutation.random(d, k, 9);
    Random rng = new Random(2);
    float[] soft = new float[d * k * k];
    for (int s = 0; s < d; s++) {
      int base = s * (k + 1);
      for (int i = 0; i < k; i++) {
        for (int j = 0; j < k; j++) {
          boolean on = planted[base + 1 + i] == base + 1 + j;
          soft[(s * k + i) * k + j] = (on ? 0.8f : 0f) + rng.nextFloat() * 0.05f;
        }
      }
    }
    assertArrayEquals(planted, PermutationMatching.greedy(soft, d, k));
  }

  @Test
  void aUniformMatrixGivesTheIdentity() {
    float[] soft = new float[2 * 5 * 5];
    java.util.Arrays.fill(soft, 0.2f);
    assertArrayEquals(PermutationMatching.identity(2, 5), PermutationMatching.greedy(soft, 2, 5));
  }

  @Test
  void refusesAWrongSizeOrANegativeEntry() {
    assertThrows(IllegalArgumentException.class, () -> PermutationMatching.greedy(new float[10], 2, 3));
    float[] soft = new float[2 * 3 * 3];
    soft[4] = -1f;
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> PermutationMatching.greedy(soft, 2, 3));
    assertEquals("soft matrix entry -1.0 at sub-vector 0, row 1, column 1: expected a non-negative number",
        e.getMessage());
  }
}
