package io.genrec.train;

import io.genrec.data.EvalCase;
import io.genrec.eval.CatalogEvaluator;
import io.genrec.eval.MetricSet;
import io.genrec.eval.RankingHead;
import java.util.List;
import java.util.Map;
import org.tensorflow.Session;

/** Full-catalog ranking of the validation cases through a model's ranking head. */
public final class RankingValidation implements Validation {
  private final List<EvalCase> cases;
  private final MetricSet metrics;
  private final CatalogEvaluator.Factory evaluators;
  private final RankingHead head;

  public RankingValidation(List<EvalCase> cases, MetricSet metrics, CatalogEvaluator.Factory evaluators,
      RankingHead head) {
    this.cases = cases;
    this.metrics = metrics;
    this.evaluators = evaluators;
    this.head = head;
  }

  @Override
  public Map<String, Double> run(Session session) {
    return evaluators.create(session, head).evaluate(cases, metrics.newAccumulator()).aggregate();
  }

  @Override
  public String key() {
    return metrics.earlyStop().key();
  }
}
