package io.genrec.eval;

import java.util.Arrays;

/**
 * Where one user's relevant items landed in one ranking: the 1-based ranks of the hits, best first.
 * Every per-user accuracy metric is a function of these ranks and the number of relevant items, so
 * the ranking is scanned once per user however many metrics and cut-offs are asked for.
 */
public final class RankingHits {

    private final int[] hitRanks;
    private final int relevantCount;
    private final int rankingLength;

    private RankingHits(int[] hitRanks, int relevantCount, int rankingLength) {
        this.hitRanks = hitRanks;
        this.relevantCount = relevantCount;
        this.rankingLength = rankingLength;
    }

    /** Finds the hits in the whole ranking. */
    public static RankingHits of(int[] ranking, int[] relevant) {
        return of(ranking, ranking.length, relevant);
    }

    /**
     * Finds the hits among the first {@code depth} items of the ranking (all of it if shorter).
     *
     * @throws IllegalArgumentException if the considered ranking repeats an item or holds an id below
     *     1 (0 is padding), or if the relevant set is empty, repeats an item or holds an id below 1
     */
    public static RankingHits of(int[] ranking, int depth, int[] relevant) {
        if (depth < 0) {
            throw new IllegalArgumentException("depth must be non-negative, got " + depth);
        }
        int length = Math.min(depth, ranking.length);
        int[] sortedRelevant = sortedDistinctItems(relevant, relevant.length, "relevant set");
        if (sortedRelevant.length == 0) {
            throw new IllegalArgumentException("relevant set is empty: accuracy metrics are undefined without one");
        }
        sortedDistinctItems(ranking, length, "ranking");

        int[] ranks = new int[Math.min(length, sortedRelevant.length)];
        int count = 0;
        for (int i = 0; i < length && count < ranks.length; i++) {
            if (Arrays.binarySearch(sortedRelevant, ranking[i]) >= 0) {
                ranks[count++] = i + 1;
            }
        }
        return new RankingHits(count == ranks.length ? ranks : Arrays.copyOf(ranks, count),
                sortedRelevant.length, length);
    }

    /** Number of relevant items found in the considered ranking. */
    public int hitCount() {
        return hitRanks.length;
    }

    /** The 1-based rank of the {@code i}-th hit; ranks ascend with {@code i}. */
    public int hitRank(int i) {
        return hitRanks[i];
    }

    /** Number of hits at rank ≤ k. */
    public int hitsWithin(int k) {
        int n = 0;
        while (n < hitRanks.length && hitRanks[n] <= k) {
            n++;
        }
        return n;
    }

    /** The rank of the best-placed relevant item, or 0 when none was found. */
    public int firstHitRank() {
        return hitRanks.length == 0 ? 0 : hitRanks[0];
    }

    /** Size of the relevant set. */
    public int relevantCount() {
        return relevantCount;
    }

    /** Length of the ranking that was searched (after cutting at the depth). */
    public int rankingLength() {
        return rankingLength;
    }

    private static int[] sortedDistinctItems(int[] items, int length, String what) {
        int[] sorted = Arrays.copyOf(items, length);
        Arrays.sort(sorted);
        if (length > 0 && sorted[0] < 1) {
            throw new IllegalArgumentException(what + " holds item id " + sorted[0]
                    + "; ids start at 1 (0 is padding): " + Arrays.toString(items));
        }
        for (int i = 1; i < length; i++) {
            if (sorted[i] == sorted[i - 1]) {
                throw new IllegalArgumentException(what + " repeats item " + sorted[i] + ": "
                        + Arrays.toString(Arrays.copyOf(items, length)));
            }
        }
        return sorted;
    }
}
