package io.genrec.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class TopKSelectorTest {

    @Test
    void picksHighestScoresBestFirstAndNeverPadding() {
        //              pad   1    2    3    4    5
        float[] scores = {9f, 0.1f, 0.5f, 0.3f, 0.9f, 0.2f};
        assertArrayEquals(new int[] {4, 2, 3}, TopKSelector.select(scores, 3));
    }

    @Test
    void tiesGoToTheLowerId() {
        float[] scores = {0, 1, 2, 2, 1, 2};
        // 2, 3, 5 tie at 2; 1 and 4 tie at 1.
        assertArrayEquals(new int[] {2, 3, 5, 1, 4}, TopKSelector.select(scores, 5));
        // The cut falls inside a tie: the lower ids stay.
        assertArrayEquals(new int[] {2, 3}, TopKSelector.select(scores, 2));
        assertArrayEquals(new int[] {1, 2, 3}, TopKSelector.select(new float[] {0, 7, 7, 7, 7, 7}, 3));
        // -0.0 and 0.0 are the same score.
        assertArrayEquals(new int[] {1, 2}, TopKSelector.select(new float[] {0, -0.0f, 0.0f}, 2));
    }

    @Test
    void excludedIdsAreSkipped() {
        float[] scores = {0, 0.1f, 0.5f, 0.3f, 0.9f, 0.2f};
        // Repeats and the padding id may appear in the exclusion list.
        assertArrayEquals(new int[] {2, 3, 5}, TopKSelector.select(scores, 3, new int[] {4, 0, 4}));
    }

    @Test
    void returnsFewerWhenFewerAreEligible() {
        float[] scores = {0, 0.3f, 0.6f, 0.1f};
        assertArrayEquals(new int[] {2, 1, 3}, TopKSelector.select(scores, 10));
        assertArrayEquals(new int[] {3}, TopKSelector.select(scores, 10, new int[] {1, 2}));
        assertArrayEquals(new int[0], TopKSelector.select(new float[] {5f}, 3));
    }

    @Test
    void rejectsBadArguments() {
        float[] scores = {0, 0.3f, Float.NaN, 0.1f};
        assertThrows(IllegalArgumentException.class, () -> TopKSelector.select(scores, 2));
        // An excluded NaN is never looked at.
        assertArrayEquals(new int[] {1, 3}, TopKSelector.select(scores, 2, new int[] {2}));
        assertThrows(IllegalArgumentException.class, () -> TopKSelector.select(scores, 0));
        assertThrows(IllegalArgumentException.class, () -> TopKSelector.select(scores, 2, new int[] {4}));
        assertThrows(IllegalArgumentException.class, () -> TopKSelector.select(scores, 2, new int[] {-1}));
    }

    @Test
    void agreesWithAFullSortOnRandomRowsWithManyTies() {
        Random random = new Random(20240611);
        for (int trial = 0; trial < 300; trial++) {
            int n = 1 + random.nextInt(300);
            float[] scores = new float[n];
            for (int i = 0; i < n; i++) {
                scores[i] = random.nextInt(20) / 4f - 2f; // few distinct values: ties everywhere
            }
            int[] excluded = random.ints(random.nextInt(20), 0, n).toArray();
            int k = 1 + random.nextInt(60);

            boolean[] skip = new boolean[n];
            for (int id : excluded) {
                skip[id] = true;
            }
            int[] expected = IntStream.range(1, n).filter(id -> !skip[id]).boxed()
                    .sorted((a, b) -> scores[a] != scores[b] ? Float.compare(scores[b], scores[a]) : Integer.compare(a, b))
                    .limit(k).mapToInt(Integer::intValue).toArray();
            assertArrayEquals(expected, TopKSelector.select(scores, k, excluded),
                    () -> "trial with n=" + n + " k=" + k + " excluded=" + Arrays.toString(excluded));
        }
    }
}
