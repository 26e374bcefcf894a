package io.genrec.eval;

import java.util.Arrays;

/**
 * Gini coefficient of a non-negative distribution, used for how unequally recommendations expose
 * catalog items.
 *
 * <p>With the n values sorted ascending x_1 ≤ ... ≤ x_n (1-based i):
 * G = 2·Σ i·x_i / (n·Σ x_i) − (n+1)/n. This equals the mean absolute difference over all ordered
 * pairs divided by twice the mean. G = 0 when every item gets the same exposure and reaches its
 * maximum (n−1)/n when one item gets all of it. When nothing was exposed at all the distribution is
 * trivially equal and G = 0.
 */
public final class GiniCoefficient {

    private GiniCoefficient() {
    }

    /** The Gini coefficient of {@code counts} (not modified). */
    public static double of(int[] counts) {
        if (counts.length == 0) {
            throw new IllegalArgumentException("Gini coefficient of an empty distribution is undefined");
        }
        int[] sorted = counts.clone();
        Arrays.sort(sorted);
        if (sorted[0] < 0) {
            throw new IllegalArgumentException("exposure counts must be non-negative, found " + sorted[0]);
        }
        // long: with ~1e6 items and ~1e6 exposures the weighted sum passes the int range
        long total = 0;
        long weighted = 0;
        for (int i = 0; i < sorted.length; i++) {
            total += sorted[i];
            weighted += (long) (i + 1) * sorted[i];
        }
        if (total == 0) {
            return 0;
        }
        double n = sorted.length;
        return 2.0 * weighted / (n * total) - (n + 1) / n;
    }
}
