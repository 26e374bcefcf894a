package io.genrec.train;

import io.genrec.config.ConfigException;
import io.genrec.data.EvalCase;
import io.genrec.eval.CatalogEvaluator;
import io.genrec.eval.MetricSet;
import io.genrec.eval.RankingHead;
import io.genrec.eval.SourceAccumulators;
import java.util.List;
import java.util.Map;
import org.tensorflow.Session;

/**
 * Full-catalog ranking of the validation cases through a model's ranking head. Over several
 * sources it also keeps each source's metrics, and early stopping may follow one source.
 */
public final class RankingValidation implements Validation {
  private final List<EvalCase> cases;
  private final MetricSet metrics;
  private final CatalogEvaluator.Factory evaluators;
  private final RankingHead head;
  private final List<String> sources;
  private final String stopSource;
  private Map<String, Map<String, Double>> lastBySource = Map.of();

  public RankingValidation(List<EvalCase> cases, MetricSet metrics, CatalogEvaluator.Factory evaluators,
      RankingHead head) {
    this(cases, metrics, evaluators, head, List.of(), "");
  }

  /**
   * @param sources the run's source names in index order; fewer than two keeps no per-source metrics
   * @param stopSource the source whose metric early stopping follows; empty: all cases
   */
  public RankingValidation(List<EvalCase> cases, MetricSet metrics, CatalogEvaluator.Factory evaluators,
      RankingHead head, List<String> sources, String stopSource) {
    this.cases = cases;
    this.metrics = metrics;
    this.evaluators = evaluators;
    this.head = head;
    this.sources = List.copyOf(sources);
    this.stopSource = stopSource == null ? "" : stopSource;
    if (!this.stopSource.isEmpty()) {
      int index = this.sources.indexOf(this.stopSource);
      if (index < 0 || cases.stream().noneMatch(c -> c.source() == index)) {
        throw new ConfigException("eval.early_stop_source = \"" + stopSource + "\": "
            + (index < 0 ? "not one of the sources " + this.sources : "that source has no validation cases"));
      }
    }
  }

  @Override
  public Map<String, Double> run(Session session) {
    CatalogEvaluator evaluator = evaluators.create(session, head);
    if (sources.size() < 2) return evaluator.evaluate(cases, metrics.newAccumulator()).aggregate();
    SourceAccumulators by = evaluator.evaluate(cases, new SourceAccumulators(metrics, sources));
    lastBySource = by.aggregateBySource();
    return by.all().aggregate();
  }

  @Override
  public String key() {
    return stopSource.isEmpty() ? metrics.earlyStop().key() : stopSource + "/" + metrics.earlyStop().key();
  }

  @Override
  public double score(Map<String, Double> all) {
    if (stopSource.isEmpty()) return Validation.super.score(all);
    return lastBySource.get(stopSource).get(metrics.earlyStop().key());
  }

  @Override
  public Map<String, Map<String, Double>> lastBySource() {
    return lastBySource;
  }
}
