package io.genrec.eval;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Collects the rankings of one evaluation condition (one model, one split, one epoch) and turns them
 * into per-user rows and aggregates. Not thread-safe: feed it from one thread.
 *
 * <p>Aggregates, keyed by {@link MetricSpec#key()} in the order the metrics were given:
 * <ul>
 *   <li>per-user metrics (recall, ndcg, hit, mrr): mean over users of the per-user values;</li>
 *   <li>{@code coverage@K}: distinct items in any user's top K / catalog size;</li>
 *   <li>{@code brand_coverage@K}: distinct attribute values (e.g. brands) among items in any top K /
 *       distinct attribute values in the catalog; attribute 0 means unknown and is not counted;</li>
 *   <li>{@code gini@K}: {@link GiniCoefficient} of how many top-K lists each catalog item appeared in,
 *       items never shown counting 0 (0 = equal exposure, towards 1 = concentrated on few items);</li>
 *   <li>{@code disparity@K}: users are split into {@link ActivityGroups}; with m_g the mean NDCG@K of
 *       group g over the non-empty groups, disparity = (max m_g − min m_g) / mean of the m_g, and 0
 *       when every m_g is 0. The group means are reported too, as {@code ndcg@K/light} etc.; empty
 *       groups are left out of both.</li>
 * </ul>
 * Disparity@K needs NDCG@K per user, so it adds an {@code ndcg@K} column to the per-user table if
 * NDCG@K was not asked for (its mean is then not in the aggregates).
 *
 * <p>Rankings longer than the largest K are cut there; shorter ones are taken as they are.
 */
public final class RankingAccumulator {

    private static final int INITIAL_CAPACITY = 1024;

    private final List<MetricSpec> metrics;
    private final int numItems;
    private final int[] itemAttribute;
    private final int catalogAttributeCount;
    private final ActivityGroups activityGroups;
    private final int maxK;
    /** Specs with a per-user column, in column order. */
    private final MetricSpec[] columnSpecs;
    /** One per distinct K among the exposure-based metrics. */
    private final ItemExposure[] exposures;

    private final BitSet seenUsers = new BitSet();
    private int size;
    private int[] users = new int[INITIAL_CAPACITY];
    private int[] historyLengths = new int[INITIAL_CAPACITY];
    private double[][] columns;

    /** An accumulator without item attributes (brand coverage cannot be asked for) and default activity groups. */
    public RankingAccumulator(List<MetricSpec> metrics, int numItems) {
        this(metrics, numItems, null, ActivityGroups.DEFAULT);
    }

    /**
     * @param metrics what to compute; no repeats
     * @param numItems catalog size; item ids are 1..numItems
     * @param itemAttribute attribute id (e.g. brand) per item id, length numItems + 1, 0 = unknown;
     *     null when there are none. Copied.
     * @param activityGroups thresholds for disparity
     * @throws IllegalArgumentException on an empty or repeated metric list, a bad catalog, or brand
     *     coverage without any known item attribute
     */
    public RankingAccumulator(List<MetricSpec> metrics, int numItems, int[] itemAttribute,
                              ActivityGroups activityGroups) {
        if (metrics.isEmpty()) {
            throw new IllegalArgumentException("no metrics to compute");
        }
        if (new HashSet<>(metrics).size() != metrics.size()) {
            throw new IllegalArgumentException("metrics repeat: " + metrics);
        }
        if (numItems < 1) {
            throw new IllegalArgumentException("catalog must hold at least one item, got numItems=" + numItems);
        }
        this.metrics = List.copyOf(metrics);
        this.numItems = numItems;
        this.activityGroups = Objects.requireNonNull(activityGroups, "activityGroups");
        this.itemAttribute = itemAttribute == null ? null : checkedAttributes(itemAttribute, numItems);
        this.catalogAttributeCount = this.itemAttribute == null ? 0 : distinctKnownAttributes(this.itemAttribute);

        List<MetricSpec> perUser = new ArrayList<>();
        List<ItemExposure> exposureList = new ArrayList<>();
        int largestK = 0;
        for (MetricSpec spec : this.metrics) {
            largestK = Math.max(largestK, spec.k());
            if (spec.kind().perUser()) {
                perUser.add(spec);
            }
        }
        for (MetricSpec spec : this.metrics) {
            switch (spec.kind()) {
                case DISPARITY -> {
                    MetricSpec ndcg = new MetricSpec(MetricKind.NDCG, spec.k());
                    if (!perUser.contains(ndcg)) {
                        perUser.add(ndcg);
                    }
                }
                case BRAND_COVERAGE -> {
                    if (catalogAttributeCount == 0) {
                        throw new IllegalArgumentException(spec.key() + " needs item attributes, and "
                                + (this.itemAttribute == null ? "none were given" : "no item has a known one"));
                    }
                    addExposure(exposureList, spec.k(), numItems);
                }
                case COVERAGE, GINI -> addExposure(exposureList, spec.k(), numItems);
                default -> {
                }
            }
        }
        this.maxK = largestK;
        this.columnSpecs = perUser.toArray(new MetricSpec[0]);
        this.exposures = exposureList.toArray(new ItemExposure[0]);
        this.columns = new double[columnSpecs.length][INITIAL_CAPACITY];
    }

    /**
     * Adds one user's ranking.
     *
     * @param user user index, non-negative and not added before
     * @param topK item ids best first, normally maxK long; only the first maxK are read
     * @param relevant the held-out items, non-empty, no repeats
     * @param historyLength length of the user's training history
     * @throws IllegalArgumentException on a repeated or negative user, a negative history length, an
     *     item outside 1..numItems, or repeats in the ranking or the relevant set; the accumulator is
     *     left unchanged
     */
    public void add(int user, int[] topK, int[] relevant, int historyLength) {
        if (user < 0 || seenUsers.get(user)) {
            throw new IllegalArgumentException("user " + user + " is negative or was already added");
        }
        if (historyLength < 0) {
            throw new IllegalArgumentException("user " + user + ": negative history length " + historyLength);
        }
        RankingHits hits;
        try {
            hits = RankingHits.of(topK, maxK, relevant);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("user " + user + ": " + e.getMessage(), e);
        }
        int length = hits.rankingLength();
        for (int i = 0; i < length; i++) {
            if (topK[i] > numItems) {
                throw new IllegalArgumentException("user " + user + ": ranked item " + topK[i] + " at rank " + (i + 1)
                        + " is outside the catalog 1.." + numItems);
            }
        }
        for (int item : relevant) {
            if (item > numItems) {
                throw new IllegalArgumentException("user " + user + ": relevant item " + item
                        + " is outside the catalog 1.." + numItems);
            }
        }

        if (size == users.length) {
            grow();
        }
        for (int c = 0; c < columnSpecs.length; c++) {
            columns[c][size] = columnSpecs[c].kind().score(hits, columnSpecs[c].k());
        }
        for (ItemExposure exposure : exposures) {
            exposure.add(topK, length);
        }
        users[size] = user;
        historyLengths[size] = historyLength;
        seenUsers.set(user);
        size++;
    }

    /** Number of users added so far. */
    public int size() {
        return size;
    }

    /** The largest cut-off asked for: rankings are read up to this depth. */
    public int maxK() {
        return maxK;
    }

    public List<MetricSpec> metrics() {
        return metrics;
    }

    /** The per-user rows so far, in the order users were added: a snapshot, later adds do not change it. */
    public PerUserTable perUser() {
        List<String> keys = new ArrayList<>(columnSpecs.length);
        double[][] trimmed = new double[columnSpecs.length][];
        for (int c = 0; c < columnSpecs.length; c++) {
            keys.add(columnSpecs[c].key());
            trimmed[c] = Arrays.copyOf(columns[c], size);
        }
        return new PerUserTable(Arrays.copyOf(users, size), Arrays.copyOf(historyLengths, size), keys, trimmed);
    }

    /**
     * The aggregates described in the class comment.
     *
     * @throws IllegalStateException if no user was added (every mean would be undefined)
     */
    public Map<String, Double> aggregate() {
        if (size == 0) {
            throw new IllegalStateException("no users were added; aggregates are undefined");
        }
        Map<String, Double> out = new LinkedHashMap<>();
        for (MetricSpec spec : metrics) {
            switch (spec.kind()) {
                case RECALL, NDCG, HIT_RATE, MRR -> out.put(spec.key(), mean(columnOf(spec)));
                case COVERAGE -> out.put(spec.key(), exposureAt(spec.k()).coverage());
                case BRAND_COVERAGE -> out.put(spec.key(),
                        exposureAt(spec.k()).attributeCoverage(itemAttribute, catalogAttributeCount));
                case GINI -> out.put(spec.key(), exposureAt(spec.k()).gini());
                case DISPARITY -> putDisparity(spec, out);
            }
        }
        return out;
    }

    private void putDisparity(MetricSpec spec, Map<String, Double> out) {
        double[] ndcg = columnOf(new MetricSpec(MetricKind.NDCG, spec.k()));
        ActivityGroup[] groups = ActivityGroup.values();
        double[] sums = new double[groups.length];
        int[] counts = new int[groups.length];
        for (int row = 0; row < size; row++) {
            int g = activityGroups.groupOf(historyLengths[row]).ordinal();
            sums[g] += ndcg[row];
            counts[g]++;
        }
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        double sumOfMeans = 0;
        int nonEmpty = 0;
        Map<String, Double> groupMeans = new LinkedHashMap<>();
        for (ActivityGroup group : groups) {
            int g = group.ordinal();
            if (counts[g] == 0) {
                continue;
            }
            double mean = sums[g] / counts[g];
            groupMeans.put(MetricKind.NDCG.keyName() + "@" + spec.k() + "/" + group.label(), mean);
            min = Math.min(min, mean);
            max = Math.max(max, mean);
            sumOfMeans += mean;
            nonEmpty++;
        }
        double meanOfMeans = sumOfMeans / nonEmpty;
        // All groups at 0 means equal (if useless) quality, not an undefined ratio.
        out.put(spec.key(), meanOfMeans == 0 ? 0 : (max - min) / meanOfMeans);
        out.putAll(groupMeans);
    }

    private double mean(double[] column) {
        double sum = 0;
        for (int row = 0; row < size; row++) {
            sum += column[row];
        }
        return sum / size;
    }

    private double[] columnOf(MetricSpec spec) {
        for (int c = 0; c < columnSpecs.length; c++) {
            if (columnSpecs[c].equals(spec)) {
                return columns[c];
            }
        }
        throw new IllegalStateException("no per-user column for " + spec.key());
    }

    private ItemExposure exposureAt(int k) {
        for (ItemExposure exposure : exposures) {
            if (exposure.k() == k) {
                return exposure;
            }
        }
        throw new IllegalStateException("no exposure counts kept for K=" + k);
    }

    private void grow() {
        int capacity = users.length * 2;
        users = Arrays.copyOf(users, capacity);
        historyLengths = Arrays.copyOf(historyLengths, capacity);
        for (int c = 0; c < columns.length; c++) {
            columns[c] = Arrays.copyOf(columns[c], capacity);
        }
    }

    private static void addExposure(List<ItemExposure> exposures, int k, int numItems) {
        for (ItemExposure exposure : exposures) {
            if (exposure.k() == k) {
                return;
            }
        }
        exposures.add(new ItemExposure(k, numItems));
    }

    private static int[] checkedAttributes(int[] itemAttribute, int numItems) {
        if (itemAttribute.length != numItems + 1) {
            throw new IllegalArgumentException("item attributes must be indexed by item id 0.." + numItems
                    + " (length " + (numItems + 1) + "), got length " + itemAttribute.length);
        }
        for (int item = 0; item < itemAttribute.length; item++) {
            if (itemAttribute[item] < 0) {
                throw new IllegalArgumentException("item " + item + " has negative attribute id " + itemAttribute[item]);
            }
        }
        return itemAttribute.clone();
    }

    private static int distinctKnownAttributes(int[] itemAttribute) {
        BitSet values = new BitSet();
        for (int item = 1; item < itemAttribute.length; item++) {
            if (itemAttribute[item] != 0) {
                values.set(itemAttribute[item]);
            }
        }
        return values.cardinality();
    }
}
