package io.genrec.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class MetricSpecTest {

    @ParameterizedTest
    @CsvSource({
            "R@10, RECALL, 10", "recall@10, RECALL, 10", "Recall@20, RECALL, 20",
            "N@10, NDCG, 10", "ndcg@5, NDCG, 5", "NDCG@50, NDCG, 50",
            "HR@10, HIT_RATE, 10", "hr@10, HIT_RATE, 10", "hit@1, HIT_RATE, 1", "Hit@10, HIT_RATE, 10",
            "MRR@10, MRR, 10", "mrr@3, MRR, 3",
            "coverage@10, COVERAGE, 10", "Cov@10, COVERAGE, 10",
            "brand_coverage@10, BRAND_COVERAGE, 10", "BrandCov@10, BRAND_COVERAGE, 10",
            "gini@10, GINI, 10", "Gini@10, GINI, 10",
            "disparity@10, DISPARITY, 10", "Disp@10, DISPARITY, 10",
            "'  n@10 ', NDCG, 10"
    })
    void parsesShortAndLongFormsCaseInsensitively(String name, MetricKind kind, int k) {
        assertEquals(new MetricSpec(kind, k), MetricSpec.parse(name));
    }

    @Test
    void displayNamesAndKeysAreCanonical() {
        assertEquals("R@10", MetricSpec.parse("recall@10").displayName());
        assertEquals("N@10", MetricSpec.parse("ndcg@10").displayName());
        assertEquals("HR@10", MetricSpec.parse("hit@10").displayName());
        assertEquals("MRR@10", MetricSpec.parse("mrr@10").displayName());
        assertEquals("Cov@10", MetricSpec.parse("coverage@10").displayName());
        assertEquals("BrandCov@10", MetricSpec.parse("brand_coverage@10").displayName());
        assertEquals("Gini@10", MetricSpec.parse("GINI@10").displayName());
        assertEquals("Disp@10", MetricSpec.parse("disparity@10").displayName());

        assertEquals("recall@10", MetricSpec.parse("R@10").key());
        assertEquals("ndcg@10", MetricSpec.parse("N@10").key());
        assertEquals("hit@10", MetricSpec.parse("HR@10").key());
        assertEquals("mrr@10", MetricSpec.parse("MRR@10").key());
        assertEquals("coverage@10", MetricSpec.parse("Cov@10").key());
        assertEquals("brand_coverage@10", MetricSpec.parse("BrandCov@10").key());
        assertEquals("gini@10", MetricSpec.parse("Gini@10").key());
        assertEquals("disparity@10", MetricSpec.parse("Disp@10").key());
    }

    @Test
    void keyAndDisplayNameParseBackToTheSameSpec() {
        for (MetricKind kind : MetricKind.values()) {
            MetricSpec spec = new MetricSpec(kind, 7);
            assertEquals(spec, MetricSpec.parse(spec.key()), spec.key());
            assertEquals(spec, MetricSpec.parse(spec.displayName()), spec.displayName());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"foo@10", "precision@10", "N@0", "N@", "@10", "N10", "N@+10", "N@-1", "N@1.5",
            "N@ten", "N@99999999999", "", "N@10@2"})
    void rejectsBadNamesNamingTheInputAndTheValidForms(String bad) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> MetricSpec.parse(bad));
        assertTrue(e.getMessage().contains("\"" + bad + "\""), e.getMessage());
        assertTrue(e.getMessage().contains("recall") && e.getMessage().contains("brand_coverage"), e.getMessage());
    }

    @Test
    void rejectsNonPositiveKInConstructor() {
        assertThrows(IllegalArgumentException.class, () -> new MetricSpec(MetricKind.NDCG, 0));
    }

    @Test
    void parseAllKeepsOrderAndFailsOnAnyBadName() {
        assertEquals(List.of(new MetricSpec(MetricKind.RECALL, 10), new MetricSpec(MetricKind.GINI, 50)),
                MetricSpec.parseAll(List.of("R@10", "gini@50")));
        assertThrows(IllegalArgumentException.class, () -> MetricSpec.parseAll(List.of("R@10", "X@5")));
    }
}
