package io.genrec.eval;

import java.util.BitSet;

/**
 * How often each catalog item appeared in users' top-K lists, for one K. Source of item coverage,
 * attribute (brand) coverage and the Gini coefficient of exposure.
 */
final class ItemExposure {

    private final int k;
    /** Index = item id; index 0 (padding) stays 0 and is never read. */
    private final int[] counts;

    ItemExposure(int k, int numItems) {
        this.k = k;
        this.counts = new int[numItems + 1];
    }

    int k() {
        return k;
    }

    /** Counts the first min(K, length) items of a ranking already checked to hold valid, distinct ids. */
    void add(int[] ranking, int length) {
        int n = Math.min(k, length);
        for (int i = 0; i < n; i++) {
            counts[ranking[i]]++;
        }
    }

    /** Distinct items shown to anyone / catalog size. */
    double coverage() {
        int shown = 0;
        for (int item = 1; item < counts.length; item++) {
            if (counts[item] > 0) {
                shown++;
            }
        }
        return (double) shown / (counts.length - 1);
    }

    /**
     * Distinct known attribute values among shown items / distinct known values in the catalog.
     * Attribute 0 means unknown and counts on neither side.
     */
    double attributeCoverage(int[] itemAttribute, int catalogAttributeCount) {
        BitSet shown = new BitSet();
        for (int item = 1; item < counts.length; item++) {
            if (counts[item] > 0 && itemAttribute[item] != 0) {
                shown.set(itemAttribute[item]);
            }
        }
        return (double) shown.cardinality() / catalogAttributeCount;
    }

    /** Gini coefficient over all catalog items, items never shown counting 0. */
    double gini() {
        return GiniCoefficient.of(java.util.Arrays.copyOfRange(counts, 1, counts.length));
    }
}
