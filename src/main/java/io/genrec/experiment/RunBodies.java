package io.genrec.experiment;

import io.genrec.train.RunBody;

/**
 * The one place the commands get their {@link RunBody} from. {@code genrec run} and
 * {@code genrec sweep} call {@link #training()}; tests hand the commands a fake body instead.
 */
public final class RunBodies {
  private RunBodies() {}

  /**
   * Trains, evaluates and exports the configured model.
   */
  public static RunBody training() {
    return new io.genrec.experiment.TrainingRun();
  }
}
