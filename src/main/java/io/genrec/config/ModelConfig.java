package io.genrec.config;

/**
 * The {@code model} section. Each model has its own record with its own keys; {@code name} picks
 * which record the section is read as (see {@link ModelConfigTypes}).
 */
public interface ModelConfig extends Section {
  String name();

  /**
   * Checks what only the whole run can tell (e.g. a cut-off the model cannot produce), after every
   * section has validated itself; errors name the keys on both sides.
   */
  default void validateRun(RunConfig run) {}

  /**
   * This section as an export of a finished run rebuilds the model: pointing at the run's own copies
   * of its inputs (written by the model when the run started) where the run has them.
   */
  default ModelConfig forRun(java.nio.file.Path runDirectory) {
    return this;
  }
}
