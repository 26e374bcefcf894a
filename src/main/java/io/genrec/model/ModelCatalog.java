package io.genrec.model;

import io.genrec.config.ModelConfig;
import io.genrec.config.ModelConfigTypes;
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
  }

  public static final ModelCatalog INSTANCE = new ModelCatalog();

  private ModelCatalog() {}

  @Override
  public Supplier<? extends ModelConfig> defaults(String name) {
    return DEFAULTS.get(name);
  }

  @Override
  public List<String> names() {
    return new ArrayList<>(DEFAULTS.keySet());
  }
}
