package io.genrec.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RankingHitsTest {

    @Test
    void findsHitRanksInOrder() {
        RankingHits hits = RankingHits.of(new int[] {7, 3, 5, 2}, new int[] {2, 7});
        assertEquals(2, hits.hitCount());
        assertEquals(1, hits.hitRank(0));
        assertEquals(4, hits.hitRank(1));
        assertEquals(1, hits.firstHitRank());
        assertEquals(1, hits.hitsWithin(3));
        assertEquals(2, hits.hitsWithin(4));
        assertEquals(2, hits.relevantCount());
        assertEquals(4, hits.rankingLength());
    }

    @Test
    void noHitGivesFirstRankZero() {
        RankingHits hits = RankingHits.of(new int[] {1, 2}, new int[] {3});
        assertEquals(0, hits.hitCount());
        assertEquals(0, hits.firstHitRank());
    }

    @Test
    void depthCutsTheRankingAndItsChecks() {
        // The repeat of 4 and the hit on 9 both lie past depth 2.
        RankingHits hits = RankingHits.of(new int[] {4, 1, 9, 4}, 2, new int[] {9});
        assertEquals(2, hits.rankingLength());
        assertEquals(0, hits.hitCount());
    }

    @Test
    void rejectsRepeatedItemInRanking() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RankingHits.of(new int[] {4, 1, 4}, new int[] {1}));
        assertTrue(e.getMessage().contains("repeats item 4"), e.getMessage());
    }

    @Test
    void rejectsPaddingOrNegativeIds() {
        assertThrows(IllegalArgumentException.class, () -> RankingHits.of(new int[] {3, 0}, new int[] {3}));
        assertThrows(IllegalArgumentException.class, () -> RankingHits.of(new int[] {3}, new int[] {-2}));
    }

    @Test
    void rejectsEmptyOrRepeatedRelevantSet() {
        assertThrows(IllegalArgumentException.class, () -> RankingHits.of(new int[] {3}, new int[0]));
        assertThrows(IllegalArgumentException.class, () -> RankingHits.of(new int[] {3}, new int[] {3, 3}));
    }
}
