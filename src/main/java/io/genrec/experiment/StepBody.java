package io.genrec.experiment;

import com.google.gson.JsonObject;

/**
 * Runs a {@link PreparationStep} (the commands that do it live above this package: {@code genrec
 * tokenize}, {@code genrec embed}).
 */
@FunctionalInterface
public interface StepBody {
  /**
   * Makes the step's output; returns its report, which the step directory keeps as metrics.json.
   *
   * @param force start over rather than continue an earlier fit of the same config
   */
  JsonObject execute(PreparationStep step, boolean force) throws Exception;
}
