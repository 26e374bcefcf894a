package io.genrec.config;

import java.util.List;
import java.util.function.Supplier;

/**
 * The model records the config reader knows, by {@code model.name}. The model package registers
 * its records here so that this package never depends on it.
 */
public interface ModelConfigTypes {
  /** The defaults of the model named {@code name}, or null when no model has that name. */
  Supplier<? extends ModelConfig> defaults(String name);

  List<String> names();
}
