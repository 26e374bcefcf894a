package io.genrec.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class MetricKindTest {

    private static final double EPS = 1e-9;
    /** 1/log2(3): the NDCG gain at rank 2. */
    private static final double GAIN_2 = 0.6309297535714574;

    private static double score(MetricKind kind, int k, int[] ranking, int... relevant) {
        return kind.score(RankingHits.of(ranking, relevant), k);
    }

    @Test
    void singleRelevantItemAtRankThree() {
        int[] ranking = {5, 3, 9, 1, 7};
        // 9 is at rank 3: inside K=5, outside K=2.
        assertEquals(1.0, score(MetricKind.RECALL, 5, ranking, 9), EPS);
        assertEquals(0.0, score(MetricKind.RECALL, 2, ranking, 9), EPS);
        assertEquals(1.0, score(MetricKind.HIT_RATE, 5, ranking, 9), EPS);
        assertEquals(0.0, score(MetricKind.HIT_RATE, 2, ranking, 9), EPS);
        assertEquals(1.0 / 3, score(MetricKind.MRR, 5, ranking, 9), EPS);
        assertEquals(0.0, score(MetricKind.MRR, 2, ranking, 9), EPS);
        // DCG = 1/log2(3+1) = 0.5; IDCG = 1/log2(2) = 1.
        assertEquals(0.5, score(MetricKind.NDCG, 5, ranking, 9), EPS);
        assertEquals(0.0, score(MetricKind.NDCG, 2, ranking, 9), EPS);
    }

    @Test
    void hitAtRankOneIsPerfect() {
        int[] ranking = {4, 8};
        for (MetricKind kind : new MetricKind[] {MetricKind.RECALL, MetricKind.NDCG, MetricKind.HIT_RATE, MetricKind.MRR}) {
            assertEquals(1.0, score(kind, 1, ranking, 4), EPS, kind.name());
        }
    }

    @Test
    void severalRelevantItems() {
        int[] ranking = {4, 2, 8, 6, 1};
        int[] relevant = {6, 10, 2}; // 2 at rank 2, 6 at rank 4, 10 not ranked; order of the set does not matter
        // Recall divides by |Rel| = 3, not by the number that could fit.
        assertEquals(2.0 / 3, score(MetricKind.RECALL, 5, ranking, relevant), EPS);
        assertEquals(1.0 / 3, score(MetricKind.RECALL, 3, ranking, relevant), EPS);
        // K=2 < |Rel|: one hit over 3, not over min(3, 2).
        assertEquals(1.0 / 3, score(MetricKind.RECALL, 2, ranking, relevant), EPS);
        assertEquals(0.0, score(MetricKind.RECALL, 1, ranking, relevant), EPS);
        assertEquals(0.0, score(MetricKind.HIT_RATE, 1, ranking, relevant), EPS);
        assertEquals(1.0, score(MetricKind.HIT_RATE, 2, ranking, relevant), EPS);
        assertEquals(0.5, score(MetricKind.MRR, 5, ranking, relevant), EPS);
        assertEquals(0.0, score(MetricKind.MRR, 1, ranking, relevant), EPS);
        // K=5: DCG = 1/log2(3) + 1/log2(5) = 0.630930 + 0.430677 = 1.061606;
        //      IDCG over min(3,5)=3 ranks = 1 + 0.630930 + 0.5 = 2.130930; NDCG = 0.498189.
        assertEquals(0.49818925746641285, score(MetricKind.NDCG, 5, ranking, relevant), EPS);
        // K=2: DCG = 0.630930; IDCG over min(3,2)=2 ranks = 1.630930; NDCG = 0.386853.
        assertEquals(0.38685280723454163, score(MetricKind.NDCG, 2, ranking, relevant), EPS);
    }

    @Test
    void kLargerThanTheRankingIsAShorterList() {
        int[] ranking = {3, 1};
        // 1 at rank 2 of a 2-item list asked at K=10: no error, ranks beyond the list add nothing.
        assertEquals(1.0, score(MetricKind.RECALL, 10, ranking, 1), EPS);
        assertEquals(0.5, score(MetricKind.MRR, 10, ranking, 1), EPS);
        assertEquals(GAIN_2, score(MetricKind.NDCG, 10, ranking, 1), EPS);
        // Two relevant items, one never ranked: IDCG still places both (min(2, 10) = 2):
        // NDCG = 0.630930 / (1 + 0.630930) = 0.386853; recall = 1/2.
        assertEquals(0.38685280723454163, score(MetricKind.NDCG, 10, ranking, 1, 7), EPS);
        assertEquals(0.5, score(MetricKind.RECALL, 10, ranking, 1, 7), EPS);
    }

    @Test
    void missingRelevantItemScoresZero() {
        int[] ranking = {1, 2, 3};
        for (MetricKind kind : new MetricKind[] {MetricKind.RECALL, MetricKind.NDCG, MetricKind.HIT_RATE, MetricKind.MRR}) {
            assertEquals(0.0, score(kind, 3, ranking, 4), EPS, kind.name());
        }
        assertEquals(0.0, score(MetricKind.NDCG, 3, new int[0], 4), EPS);
    }

    @Test
    void beyondAccuracyKindsHaveNoPerUserValue() {
        RankingHits hits = RankingHits.of(new int[] {1}, new int[] {1});
        assertThrows(UnsupportedOperationException.class, () -> MetricKind.GINI.score(hits, 1));
        assertThrows(UnsupportedOperationException.class, () -> MetricKind.COVERAGE.score(hits, 1));
    }
}
