package io.genrec.experiment;

import io.genrec.train.RunBody;

/**
 * The one place the commands get their {@link RunBody} from. {@code genrec run} and
 * {@code genrec sweep} call {@link #training()}; tests hand the commands a fake body instead.
 */
public final class RunBodies {
  private RunBodies() {}

  /**
   * Trains, evaluates and exports the configured model. Until the trainer is wired in, executing
   * it fails (a run records that in its error.txt); listing, dry runs and SLURM scripts work.
   */
  public static RunBody training() {
    return (config, outputs) -> {
      throw new UnsupportedOperationException("training not wired yet");
    };
  }
}
