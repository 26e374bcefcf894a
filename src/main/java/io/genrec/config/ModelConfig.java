package io.genrec.config;

/**
 * The {@code model} section. Each model has its own record with its own keys; {@code name} picks
 * which record the section is read as (see {@link ModelConfigTypes}).
 */
public interface ModelConfig extends Section {
  String name();
}
