package io.genrec.experiment;

import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import io.genrec.data.EvalCase;
import io.genrec.data.SplitDataset;
import io.genrec.eval.CatalogEvaluator;
import io.genrec.eval.MetricSet;
import io.genrec.eval.RankingAccumulator;
import io.genrec.eval.SourceAccumulators;
import java.util.List;
import java.util.Map;

/**
 * The final valid or test metrics of a run as metrics.json holds them: {@code valid} / {@code test}
 * over all cases (null when the split has none, e.g. {@code data.split: none}), and with several
 * sources also {@code valid_by_source} / {@code test_by_source}, one object per source that has cases.
 *
 * @param all every case's rankings; null when there were no cases
 * @param bySource each source's aggregates, by name; empty for one dataset
 */
record HeldOutMetrics(RankingAccumulator all, Map<String, Map<String, Double>> bySource) {

  static HeldOutMetrics evaluate(CatalogEvaluator evaluator, List<EvalCase> cases, MetricSet metrics,
      SplitDataset split) {
    if (cases.isEmpty()) return new HeldOutMetrics(null, Map.of());
    if (!split.hasSeveralSources()) return new HeldOutMetrics(evaluator.evaluate(cases, metrics.newAccumulator()), Map.of());
    SourceAccumulators by = evaluator.evaluate(cases, new SourceAccumulators(metrics, split.sourceNames()));
    return new HeldOutMetrics(by.all(), by.aggregateBySource());
  }

  boolean isEmpty() {
    return all == null;
  }

  Map<String, Double> aggregate() {
    return all == null ? Map.of() : all.aggregate();
  }

  /** Adds {@code part} (and {@code part_by_source} with several sources) to {@code result}. */
  void addTo(JsonObject result, String part) {
    result.add(part, all == null ? JsonNull.INSTANCE : toJson(all.aggregate()));
    if (bySource.isEmpty()) return;
    JsonObject sources = new JsonObject();
    bySource.forEach((name, metrics) -> sources.add(name, toJson(metrics)));
    result.add(part + "_by_source", sources);
  }

  static JsonObject toJson(Map<String, Double> metrics) {
    JsonObject o = new JsonObject();
    metrics.forEach(o::addProperty);
    return o;
  }
}
