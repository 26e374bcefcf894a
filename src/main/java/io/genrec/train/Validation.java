package io.genrec.train;

import java.util.Map;
import org.tensorflow.Session;

/** How the trainer scores an epoch on held-out data; higher {@link #key()} values are better. */
public interface Validation {
  /** Every metric to log; must contain {@link #key()}. */
  Map<String, Double> run(Session session);

  /** The metric early stopping and the best checkpoint follow. */
  String key();
}
