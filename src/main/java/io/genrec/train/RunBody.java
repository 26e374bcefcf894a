package io.genrec.train;

import io.genrec.config.RunConfig;

/**
 * What a run does between "run directory ready" and "DONE": train, evaluate, export. The experiment
 * runner calls it; tests substitute a fake to exercise sweeps without training.
 */
@FunctionalInterface
public interface RunBody {
  /** Returns a short summary (test metrics) for logs; throws on failure. */
  void execute(RunConfig config, RunOutputs outputs) throws Exception;
}
