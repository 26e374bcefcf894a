package io.genrec.model.vqrec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The fine-tuning re-mapping: each target row comes from exactly one source row of its sub-vector. */
class CodePermutationTest {
  @Test
  void isABijectionWithinEverySubVectorKeepingTheReservedRow() {
    int d = 6;
    int k = 10;
    int[] source = CodePermutation.random(d, k, 3);
    PermutationMatchingTest.assertBijection(source, d, k);
    int moved = 0;
    for (int r = 0; r < source.length; r++) if (source[r] != r) moved++;
    assertTrue(moved > source.length / 2, "a random permutation moves most rows, moved " + moved);
    assertArrayEquals(source, CodePermutation.random(d, k, 3), "seeded");
    assertFalse(Arrays.equals(source, CodePermutation.random(d, k, 4)));
  }
}
