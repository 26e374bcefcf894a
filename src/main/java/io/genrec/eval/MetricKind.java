package io.genrec.eval;

import java.util.List;

/**
 * The metrics this package knows, with their names and, for the per-user accuracy metrics, their
 * stateless definitions over binary relevance.
 *
 * <p>Per-user definitions, for a ranking cut at K and a relevant set {@code Rel}:
 * <ul>
 *   <li>Recall@K = |Rel ∩ top-K| / |Rel|. The denominator is |Rel|, not min(|Rel|, K): this is the
 *       textbook definition, so a user with more relevant items than K cannot reach 1. With a single
 *       relevant item (leave-one-out) it equals HR@K.</li>
 *   <li>HR@K = 1 if any relevant item is in the top K, else 0.</li>
 *   <li>NDCG@K = DCG/IDCG, gain 1/log2(rank+1) per relevant item at 1-based rank ≤ K; IDCG places
 *       min(|Rel|, K) relevant items at ranks 1, 2, ...</li>
 *   <li>MRR@K = 1/rank of the first relevant item if it is within K, else 0.</li>
 * </ul>
 * A ranking shorter than K is just shorter: positions it does not have contribute nothing, while
 * IDCG still assumes K positions (a model that returns fewer items is not rewarded for it).
 *
 * <p>The beyond-accuracy kinds (coverage, Gini, disparity) are properties of a whole evaluation
 * condition and are computed by {@link RankingAccumulator}; see there for their formulas.
 */
public enum MetricKind {
    RECALL("recall", "R", true, List.of("r", "recall")) {
        @Override
        public double score(RankingHits hits, int k) {
            return (double) hits.hitsWithin(k) / hits.relevantCount();
        }
    },
    NDCG("ndcg", "N", true, List.of("n", "ndcg")) {
        @Override
        public double score(RankingHits hits, int k) {
            double dcg = 0;
            for (int i = 0; i < hits.hitCount(); i++) {
                int rank = hits.hitRank(i);
                if (rank > k) {
                    break; // hit ranks ascend
                }
                dcg += discount(rank);
            }
            if (dcg == 0) {
                return 0;
            }
            double idcg = 0;
            int ideal = Math.min(hits.relevantCount(), k);
            for (int rank = 1; rank <= ideal; rank++) {
                idcg += discount(rank);
            }
            return dcg / idcg;
        }
    },
    HIT_RATE("hit", "HR", true, List.of("hr", "hit")) {
        @Override
        public double score(RankingHits hits, int k) {
            return hits.hitsWithin(k) > 0 ? 1 : 0;
        }
    },
    MRR("mrr", "MRR", true, List.of("mrr")) {
        @Override
        public double score(RankingHits hits, int k) {
            int first = hits.firstHitRank();
            return first > 0 && first <= k ? 1.0 / first : 0;
        }
    },
    COVERAGE("coverage", "Cov", false, List.of("coverage", "cov")),
    BRAND_COVERAGE("brand_coverage", "BrandCov", false, List.of("brand_coverage", "brandcov")),
    GINI("gini", "Gini", false, List.of("gini")),
    DISPARITY("disparity", "Disp", false, List.of("disparity", "disp"));

    private static final double LN2 = Math.log(2);

    private final String keyName;
    private final String displayName;
    private final boolean perUser;
    private final List<String> aliases;

    MetricKind(String keyName, String displayName, boolean perUser, List<String> aliases) {
        this.keyName = keyName;
        this.displayName = displayName;
        this.perUser = perUser;
        this.aliases = aliases;
    }

    /** The name used in JSON keys and CSV headers, e.g. {@code ndcg}. */
    public String keyName() {
        return keyName;
    }

    /** The short name used in tables and logs, e.g. {@code N}. */
    public String displayName() {
        return displayName;
    }

    /** True when the metric has a value per user (and therefore a column in the per-user table). */
    public boolean perUser() {
        return perUser;
    }

    /** Lower-case names accepted by {@link MetricSpec#parse}. */
    public List<String> aliases() {
        return aliases;
    }

    /**
     * The per-user value at cut-off {@code k}.
     *
     * @throws UnsupportedOperationException for metrics that are only defined over a whole condition
     */
    public double score(RankingHits hits, int k) {
        throw new UnsupportedOperationException(this + " has no per-user value; RankingAccumulator computes it");
    }

    /** Returns the kind named by a lower-case alias, or null. */
    static MetricKind byAlias(String lowerCaseName) {
        for (MetricKind kind : values()) {
            if (kind.aliases.contains(lowerCaseName)) {
                return kind;
            }
        }
        return null;
    }

    private static double discount(int rank) {
        return LN2 / Math.log(rank + 1.0);
    }
}
