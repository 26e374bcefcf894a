package io.genrec.model;

import io.genrec.config.ModelConfig;
import io.genrec.config.RunConfig;
import io.genrec.data.SplitDataset;
import java.util.function.Supplier;

/**
 * Everything the framework needs to know about one model, declared once in the model's own package:
 * the name a config's {@code model.name} gives, its config record with defaults, and how to build it.
 *
 * @param <C> the model's config record
 */
public record ModelSpec<C extends ModelConfig>(
    String name, Class<C> configType, Supplier<C> defaults, Factory<C> factory) {

  /** Builds the model over a split dataset. */
  @FunctionalInterface
  public interface Factory<C extends ModelConfig> {
    /**
     * @param forTraining false builds an inference-only instance (export), which skips preparing
     *     training examples
     */
    SequentialRecommender create(C config, RunConfig run, SplitDataset data, boolean forTraining);
  }

  /** Builds the model {@code run.model()} configures; the caller has checked the name. */
  public SequentialRecommender create(RunConfig run, SplitDataset data, boolean forTraining) {
    return factory.create(configType.cast(run.model()), run, data, forTraining);
  }
}
