package io.genrec.model;

import io.genrec.config.ModelConfig;
import io.genrec.config.ModelConfigTypes;
import io.genrec.config.RunConfig;
import io.genrec.data.SplitDataset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/** Every model genrec-tf can train, by the name a config's {@code model.name} gives. */
public final class ModelCatalog implements ModelConfigTypes {
  private static final Map<String, Supplier<? extends ModelConfig>> DEFAULTS = new LinkedHashMap<>();

  static {
    DEFAULTS.put("sasrec", SasRecConfig::defaults);
    DEFAULTS.put("diffsasrec", DiffSasRecConfig::defaults);
    DEFAULTS.put("tiger", TigerConfig::defaults);
  }

  public static final ModelCatalog INSTANCE = new ModelCatalog();

  private ModelCatalog() {}

  /**
   * The model a config names, over a split dataset.
   *
   * @param forTraining false builds an inference-only instance (export), which skips preparing
   *     training examples
   */
  public static SequentialRecommender create(RunConfig cfg, SplitDataset data, boolean forTraining) {
    int numItems = data.data().items().size();
    int maxLength = cfg.data().maxLength();
    if (cfg.model() instanceof SasRecConfig s) {
      SasRecBatches batches = forTraining
          ? new SasRecBatches(data.train(), numItems, maxLength, cfg.train().batchSize(), cfg.seed())
          : null;
      return new SasRec(s, numItems, maxLength, batches);
    }
    if (cfg.model() instanceof DiffSasRecConfig d) {
      return DiffSasRec.create(d, cfg, data, forTraining);
    }
    if (cfg.model() instanceof TigerConfig t) {
      return Tiger.create(t, cfg, data, forTraining);
    }
    throw new IllegalArgumentException("no model class for model.name = " + cfg.model().name());
  }

  @Override
  public Supplier<? extends ModelConfig> defaults(String name) {
    return DEFAULTS.get(name);
  }

  @Override
  public List<String> names() {
    return new ArrayList<>(DEFAULTS.keySet());
  }
}
