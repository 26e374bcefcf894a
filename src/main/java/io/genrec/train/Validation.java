package io.genrec.train;

import java.util.Map;
import org.tensorflow.Session;

/** How the trainer scores an epoch on held-out data; higher {@link #score} values are better. */
public interface Validation {
  /** Every metric to log (over all held-out cases); {@link #score} reads the value to follow from it. */
  Map<String, Double> run(Session session);

  /** The metric early stopping and the best checkpoint follow, as the log names it. */
  String key();

  /**
   * The value early stopping follows, from what {@link #run} just returned: by default the metric
   * {@link #key()}.
   */
  default double score(Map<String, Double> metrics) {
    Double value = metrics.get(key());
    if (value == null) throw new IllegalStateException("validation returned no " + key() + ": " + metrics.keySet());
    return value;
  }

  /**
   * The last {@link #run}'s metrics per source of a run over several datasets, by source name,
   * logged as {@code valid_by_source}; empty for one dataset.
   */
  default Map<String, Map<String, Double>> lastBySource() {
    return Map.of();
  }
}
