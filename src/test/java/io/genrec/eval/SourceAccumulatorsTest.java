package io.genrec.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.genrec.config.EvalConfig;
import io.genrec.data.EvalCase;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SourceAccumulatorsTest {
  private static final double EPS = 1e-12;

  private static MetricSet metrics() {
    EvalConfig d = EvalConfig.defaults();
    EvalConfig cfg = new EvalConfig(List.of(2), "ndcg@2", false, 8, d.activityThresholds(), false, true, "");
    return new MetricSet(cfg, 6, null);
  }

  @Test
  void eachRankingCountsForAllCasesAndForItsOwnSourceOnly() {
    SourceAccumulators acc = new SourceAccumulators(metrics(), List.of("a", "b", "c"));
    acc.add(new EvalCase(1, new int[] {1}, new int[] {2}, 0), new int[] {2, 3}); // a: hit at 1
    acc.add(new EvalCase(2, new int[] {1}, new int[] {3}, 0), new int[] {2, 3}); // a: hit at 2
    acc.add(new EvalCase(4, new int[] {5}, new int[] {6}, 1), new int[] {4, 5}); // b: miss
    Map<String, Map<String, Double>> by = acc.aggregateBySource();
    assertEquals(List.of("a", "b"), List.copyOf(by.keySet()), "a source without cases reports nothing");
    assertEquals(1.0, by.get("a").get("recall@2"), EPS);
    assertEquals(0.0, by.get("b").get("recall@2"), EPS);
    assertEquals(2.0 / 3, acc.all().aggregate().get("recall@2"), EPS);
    assertEquals((1 + 1 / Math.log(3) * Math.log(2)) / 3, acc.all().aggregate().get("ndcg@2"), EPS);
    assertEquals(3, acc.all().size());
    assertThrows(IllegalArgumentException.class,
        () -> acc.add(new EvalCase(5, new int[0], new int[] {1}, 3), new int[] {1}));
  }
}
