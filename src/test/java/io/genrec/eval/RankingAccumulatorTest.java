package io.genrec.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RankingAccumulatorTest {

    private static final double EPS = 1e-9;
    /** 1/log2(3): the NDCG gain at rank 2. */
    private static final double GAIN_2 = 0.6309297535714574;

    private static List<MetricSpec> specs(String... names) {
        return MetricSpec.parseAll(List.of(names));
    }

    /** Catalog of 6 items; three users with K up to 3. */
    private static RankingAccumulator threeUsers(List<MetricSpec> metrics, int[] attributes) {
        RankingAccumulator acc = new RankingAccumulator(metrics, 6, attributes, ActivityGroups.DEFAULT);
        acc.add(10, new int[] {1, 2, 3}, new int[] {2}, 3); // hit at rank 2
        acc.add(11, new int[] {1, 3, 4}, new int[] {5}, 7); // no hit
        acc.add(12, new int[] {2, 1, 6}, new int[] {6}, 12); // hit at rank 3, outside K=2
        return acc;
    }

    @Test
    void accuracyAggregatesAreMeansOfPerUserValues() {
        Map<String, Double> agg = threeUsers(specs("R@2", "N@2", "HR@2", "MRR@2", "HR@3"), null).aggregate();
        // Per user @2: (1, 0, 0) for recall and HR; NDCG (0.630930, 0, 0); MRR (1/2, 0, 0).
        assertEquals(1.0 / 3, agg.get("recall@2"), EPS);
        assertEquals(GAIN_2 / 3, agg.get("ndcg@2"), EPS); // 0.210310
        assertEquals(1.0 / 3, agg.get("hit@2"), EPS);
        assertEquals(1.0 / 6, agg.get("mrr@2"), EPS);
        assertEquals(2.0 / 3, agg.get("hit@3"), EPS); // users 10 and 12
        assertEquals(List.of("recall@2", "ndcg@2", "hit@2", "mrr@2", "hit@3"), List.copyOf(agg.keySet()));
    }

    @Test
    void perUserTableKeepsInsertionOrderAndEveryPerUserMetric() {
        PerUserTable table = threeUsers(specs("MRR@3", "coverage@2", "R@2"), null).perUser();
        assertArrayEquals(new int[] {10, 11, 12}, table.users());
        assertArrayEquals(new int[] {3, 7, 12}, table.historyLengths());
        assertEquals(List.of("mrr@3", "recall@2"), table.metricKeys());
        assertArrayEquals(new double[] {0.5, 0, 1.0 / 3}, table.column("mrr@3"), EPS);
        assertArrayEquals(new double[] {1, 0, 0}, table.column("recall@2"), EPS);
    }

    @Test
    void itemCoverageCountsDistinctItemsInAnyTopK() {
        Map<String, Double> agg = threeUsers(specs("coverage@2", "coverage@3", "coverage@1"), null).aggregate();
        // top-2 lists {1,2} {1,3} {2,1}: items {1,2,3} of 6.
        assertEquals(0.5, agg.get("coverage@2"), EPS);
        // top-3 adds 4 and 6: {1,2,3,4,6} of 6.
        assertEquals(5.0 / 6, agg.get("coverage@3"), EPS);
        // top-1: {1, 2}.
        assertEquals(2.0 / 6, agg.get("coverage@1"), EPS);
    }

    @Test
    void brandCoverageCountsKnownAttributeValues() {
        // Item:        0  1   2   3   4  5   6   (item 4 unknown; catalog brands {10,20,30,40})
        int[] brand = {0, 10, 10, 20, 0, 30, 40};
        Map<String, Double> agg = threeUsers(specs("brand_coverage@2", "brand_coverage@3"), brand).aggregate();
        // top-2 items {1,2,3} -> brands {10,20}: 2/4.
        assertEquals(0.5, agg.get("brand_coverage@2"), EPS);
        // top-3 items {1,2,3,4,6} -> brands {10,20,40} (4 unknown): 3/4.
        assertEquals(0.75, agg.get("brand_coverage@3"), EPS);
    }

    @Test
    void giniOfExposureIncludesItemsNeverShown() {
        Map<String, Double> agg = threeUsers(specs("gini@2"), null).aggregate();
        // Counts in top-2 for items 1..6: 3, 2, 1, 0, 0, 0 -> sorted 0,0,0,1,2,3.
        // 2*(4*1 + 5*2 + 6*3)/(6*6) - 7/6 = 64/36 - 42/36 = 22/36 = 11/18.
        assertEquals(11.0 / 18, agg.get("gini@2"), EPS);
    }

    @Test
    void giniIsZeroForEqualExposureAndMaximalForOneItem() {
        RankingAccumulator equal = new RankingAccumulator(specs("gini@1"), 3);
        equal.add(0, new int[] {1}, new int[] {1}, 1);
        equal.add(1, new int[] {2}, new int[] {1}, 1);
        equal.add(2, new int[] {3}, new int[] {1}, 1);
        assertEquals(0.0, equal.aggregate().get("gini@1"), EPS);

        RankingAccumulator concentrated = new RankingAccumulator(specs("gini@1"), 4);
        for (int user = 0; user < 5; user++) {
            concentrated.add(user, new int[] {3, user % 2 + 1}, new int[] {1}, 1);
        }
        // Only item 3 is ever in a top-1 list: (4-1)/4.
        assertEquals(0.75, concentrated.aggregate().get("gini@1"), EPS);
    }

    @Test
    void disparityLeavesOutEmptyGroups() {
        RankingAccumulator acc = new RankingAccumulator(specs("N@2", "disparity@2"), 6);
        acc.add(0, new int[] {1, 2}, new int[] {1}, 3); // light, NDCG 1
        acc.add(1, new int[] {1, 2}, new int[] {5}, 5); // light (5 <= 5), NDCG 0
        acc.add(2, new int[] {1, 2}, new int[] {2}, 11); // heavy, NDCG 0.630930
        Map<String, Double> agg = acc.aggregate();
        // light mean 0.5, heavy mean 0.630930, medium empty.
        assertEquals(0.5, agg.get("ndcg@2/light"), EPS);
        assertEquals(GAIN_2, agg.get("ndcg@2/heavy"), EPS);
        assertFalse(agg.containsKey("ndcg@2/medium"));
        // (0.630930 - 0.5) / ((0.5 + 0.630930) / 2) = 0.130930 / 0.565465 = 0.231544
        assertEquals(0.2315435652090389, agg.get("disparity@2"), EPS);
        assertEquals(List.of("ndcg@2", "disparity@2", "ndcg@2/light", "ndcg@2/heavy"), List.copyOf(agg.keySet()));
    }

    @Test
    void disparityIsZeroForOneGroupOrAllZeroQuality() {
        RankingAccumulator oneGroup = new RankingAccumulator(specs("disparity@1"), 3);
        oneGroup.add(0, new int[] {1}, new int[] {1}, 1);
        oneGroup.add(1, new int[] {1}, new int[] {2}, 2);
        assertEquals(0.0, oneGroup.aggregate().get("disparity@1"), EPS);

        RankingAccumulator allZero = new RankingAccumulator(specs("disparity@1"), 3);
        allZero.add(0, new int[] {1}, new int[] {2}, 1);
        allZero.add(1, new int[] {1}, new int[] {2}, 20);
        Map<String, Double> agg = allZero.aggregate();
        assertEquals(0.0, agg.get("disparity@1"), EPS);
        assertEquals(0.0, agg.get("ndcg@1/heavy"), EPS);
    }

    @Test
    void disparityAddsAnNdcgColumnButNoNdcgMean() {
        RankingAccumulator acc = new RankingAccumulator(specs("R@1", "disparity@1"), 3, null,
                new ActivityGroups(1, 2));
        acc.add(0, new int[] {1}, new int[] {1}, 1); // light under custom thresholds, NDCG 1
        acc.add(1, new int[] {1}, new int[] {2}, 2); // medium, NDCG 0
        acc.add(2, new int[] {2}, new int[] {2}, 3); // heavy, NDCG 1
        assertEquals(List.of("recall@1", "ndcg@1"), acc.perUser().metricKeys());
        Map<String, Double> agg = acc.aggregate();
        assertFalse(agg.containsKey("ndcg@1"));
        assertEquals(0.0, agg.get("ndcg@1/medium"), EPS);
        // group means 1, 0, 1: (1 - 0) / (2/3) = 1.5
        assertEquals(1.5, agg.get("disparity@1"), EPS);
    }

    @Test
    void rankingsAreReadOnlyToTheLargestK() {
        RankingAccumulator acc = new RankingAccumulator(specs("coverage@2", "R@2"), 5);
        // Items past rank 2 (including a repeat and a hit) are ignored.
        acc.add(0, new int[] {1, 2, 5, 5}, new int[] {5}, 1);
        assertEquals(2, acc.maxK());
        Map<String, Double> agg = acc.aggregate();
        assertEquals(2.0 / 5, agg.get("coverage@2"), EPS);
        assertEquals(0.0, agg.get("recall@2"), EPS);
    }

    @Test
    void shortRankingsAreAccepted() {
        RankingAccumulator acc = new RankingAccumulator(specs("N@10", "coverage@10"), 5);
        acc.add(0, new int[] {3, 1}, new int[] {1}, 1);
        assertEquals(GAIN_2, acc.aggregate().get("ndcg@10"), EPS);
        assertEquals(2.0 / 5, acc.aggregate().get("coverage@10"), EPS);
    }

    @Test
    void rejectedAddLeavesTheAccumulatorUnchanged() {
        RankingAccumulator acc = new RankingAccumulator(specs("coverage@3", "R@3"), 5);
        acc.add(0, new int[] {1, 2, 3}, new int[] {1}, 1);
        // Item 4 would be counted before the out-of-catalog 6 is seen, were validation not done first.
        assertThrows(IllegalArgumentException.class, () -> acc.add(1, new int[] {4, 6, 1}, new int[] {1}, 1));
        assertThrows(IllegalArgumentException.class, () -> acc.add(1, new int[] {4, 5, 4}, new int[] {1}, 1));
        assertThrows(IllegalArgumentException.class, () -> acc.add(1, new int[] {4, 5, 1}, new int[] {9}, 1));
        assertThrows(IllegalArgumentException.class, () -> acc.add(1, new int[] {4, 5, 1}, new int[0], 1));
        assertThrows(IllegalArgumentException.class, () -> acc.add(1, new int[] {4, 5, 1}, new int[] {1}, -1));
        assertThrows(IllegalArgumentException.class, () -> acc.add(0, new int[] {4, 5, 1}, new int[] {1}, 1));
        assertThrows(IllegalArgumentException.class, () -> acc.add(-1, new int[] {4, 5, 1}, new int[] {1}, 1));
        assertEquals(1, acc.size());
        assertEquals(3.0 / 5, acc.aggregate().get("coverage@3"), EPS);
        // The user of the failed adds can still be added.
        acc.add(1, new int[] {4, 5, 1}, new int[] {1}, 1);
        assertEquals(1.0, acc.aggregate().get("coverage@3"), EPS);
    }

    @Test
    void errorNamesTheUser() {
        RankingAccumulator acc = new RankingAccumulator(specs("R@2"), 5);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> acc.add(42, new int[] {2, 2}, new int[] {1}, 1));
        assertTrue(e.getMessage().startsWith("user 42"), e.getMessage());
    }

    @Test
    void growsPastItsInitialCapacity() {
        RankingAccumulator acc = new RankingAccumulator(specs("HR@1"), 3);
        for (int user = 0; user < 2500; user++) {
            acc.add(user, new int[] {user % 3 + 1}, new int[] {1}, 1);
        }
        // Users 0, 3, 6, ... hit: 834 of 2500.
        assertEquals(834.0 / 2500, acc.aggregate().get("hit@1"), EPS);
        assertEquals(2500, acc.perUser().size());
        assertEquals(2499, acc.perUser().user(2499));
    }

    @Test
    void rejectsBadConfiguration() {
        assertThrows(IllegalArgumentException.class, () -> new RankingAccumulator(List.of(), 5));
        assertThrows(IllegalArgumentException.class, () -> new RankingAccumulator(specs("R@10", "recall@10"), 5));
        assertThrows(IllegalArgumentException.class, () -> new RankingAccumulator(specs("R@10"), 0));
        assertThrows(IllegalArgumentException.class, () -> new RankingAccumulator(specs("brand_coverage@10"), 2));
        assertThrows(IllegalArgumentException.class, () -> new RankingAccumulator(specs("brand_coverage@10"), 2,
                new int[] {0, 0, 0}, ActivityGroups.DEFAULT)); // no known attribute
        assertThrows(IllegalArgumentException.class, () -> new RankingAccumulator(specs("brand_coverage@10"), 2,
                new int[] {0, 1}, ActivityGroups.DEFAULT)); // not indexed up to item 2
        assertThrows(IllegalArgumentException.class, () -> new ActivityGroups(5, 5));
    }

    @Test
    void aggregateWithoutUsersIsAnError() {
        assertThrows(IllegalStateException.class, () -> new RankingAccumulator(specs("R@10"), 5).aggregate());
    }

    @Test
    void defaultActivityThresholds() {
        assertEquals(ActivityGroup.LIGHT, ActivityGroups.DEFAULT.groupOf(5));
        assertEquals(ActivityGroup.MEDIUM, ActivityGroups.DEFAULT.groupOf(6));
        assertEquals(ActivityGroup.MEDIUM, ActivityGroups.DEFAULT.groupOf(10));
        assertEquals(ActivityGroup.HEAVY, ActivityGroups.DEFAULT.groupOf(11));
    }
}
