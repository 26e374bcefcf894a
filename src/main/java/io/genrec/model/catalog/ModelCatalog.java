package io.genrec.model.catalog;

import io.genrec.config.ModelConfig;
import io.genrec.config.ModelConfigTypes;
import io.genrec.config.RunConfig;
import io.genrec.data.SplitDataset;
import io.genrec.model.ModelSpec;
import io.genrec.model.SequentialRecommender;
import io.genrec.model.diffsasrec.DiffSasRec;
import io.genrec.model.diger.Diger;
import io.genrec.model.s3rec.S3Rec;
import io.genrec.model.sasrec.SasRec;
import io.genrec.model.tiger.Tiger;
import io.genrec.model.vqrec.VqRec;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Every model genrec-tf can train, by the name a config's {@code model.name} gives. Each model
 * declares its {@link ModelSpec} in its own package; this list is the one place that names them all
 * (it sits in a package of its own so that the model packages, which use the shared contract in
 * {@code io.genrec.model}, never form a cycle with it).
 */
public final class ModelCatalog implements ModelConfigTypes {
  private static final List<ModelSpec<?>> SPECS =
      List.of(SasRec.SPEC, DiffSasRec.SPEC, Tiger.SPEC, Diger.SPEC, VqRec.SPEC, S3Rec.SPEC);

  public static final ModelCatalog INSTANCE = new ModelCatalog();

  private final Map<String, ModelSpec<?>> byName = new LinkedHashMap<>();

  private ModelCatalog() {
    for (ModelSpec<?> spec : SPECS) {
      if (byName.put(spec.name(), spec) != null) {
        throw new IllegalStateException("two models are registered as " + spec.name());
      }
    }
  }

  /** Every registered model, in registration order. */
  public List<ModelSpec<?>> specs() {
    return List.copyOf(byName.values());
  }

  /**
   * The model a config names, over a split dataset.
   *
   * @param forTraining false builds an inference-only instance (export), which skips preparing
   *     training examples
   */
  public static SequentialRecommender create(RunConfig cfg, SplitDataset data, boolean forTraining) {
    ModelSpec<?> spec = INSTANCE.byName.get(cfg.model().name());
    if (spec == null) {
      throw new IllegalArgumentException("no model class for model.name = " + cfg.model().name());
    }
    SequentialRecommender model = spec.create(cfg, data, forTraining);
    io.genrec.model.ModelSize.check(cfg.model().name(), model.parameterEstimate());
    return model;
  }

  @Override
  public Supplier<? extends ModelConfig> defaults(String name) {
    ModelSpec<?> spec = byName.get(name);
    return spec == null ? null : spec.defaults();
  }

  @Override
  public List<String> names() {
    return List.copyOf(byName.keySet());
  }
}
