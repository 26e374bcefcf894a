package io.genrec.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class GiniCoefficientTest {

    private static final double EPS = 1e-12;

    @Test
    void equalExposureIsZero() {
        assertEquals(0.0, GiniCoefficient.of(new int[] {5, 5, 5, 5}), EPS);
    }

    @Test
    void allExposureOnOneItemIsNMinusOneOverN() {
        // n = 4: (4-1)/4; n = 10: 9/10. Position of the exposed item does not matter.
        assertEquals(0.75, GiniCoefficient.of(new int[] {0, 7, 0, 0}), EPS);
        int[] ten = new int[10];
        ten[9] = 3;
        assertEquals(0.9, GiniCoefficient.of(ten), EPS);
    }

    @Test
    void mixedDistributionMatchesMeanAbsoluteDifference() {
        // Sorted 0,0,1,3: 2*(3*1 + 4*3)/(4*4) - 5/4 = 30/16 - 20/16 = 0.625.
        // Check: unordered |differences| 1+3+1+3+2 = 10, ordered 20; 20 / (2 * 4^2 * mean 1) = 0.625.
        assertEquals(0.625, GiniCoefficient.of(new int[] {3, 0, 1, 0}), EPS);
    }

    @Test
    void noExposureAtAllIsZero() {
        assertEquals(0.0, GiniCoefficient.of(new int[] {0, 0, 0}), EPS);
    }

    @Test
    void doesNotReorderItsInput() {
        int[] counts = {3, 0, 1};
        GiniCoefficient.of(counts);
        assertArrayEquals(new int[] {3, 0, 1}, counts);
    }

    @Test
    void rejectsEmptyOrNegative() {
        assertThrows(IllegalArgumentException.class, () -> GiniCoefficient.of(new int[0]));
        assertThrows(IllegalArgumentException.class, () -> GiniCoefficient.of(new int[] {2, -1}));
    }
}
