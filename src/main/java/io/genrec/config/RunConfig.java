package io.genrec.config;

import com.google.gson.JsonObject;

/**
 * One fully resolved run: defaults, then the file, then {@code --set} overrides, validated.
 *
 * @param experiment groups runs under experiments/&lt;experiment&gt;/
 * @param seed seeds initialisation, shuffling, dropout and sampling
 * @param sweep grid of key path → list of values; expanded by the sweep runner, empty in a single run
 */
public record RunConfig(
    String experiment,
    long seed,
    DataConfig data,
    ModelConfig model,
    TrainConfig train,
    EvalConfig eval,
    ExportConfig export,
    JsonObject sweep) {

  public void validate() {
    Require.notBlank("experiment", experiment);
    if (!experiment.matches("[A-Za-z0-9._-]+")) {
      throw new ConfigException(
          "experiment = \"" + experiment + "\": only letters, digits, '.', '_' and '-' are allowed"
              + " (it names a directory)");
    }
    data.validate("data");
    model.validate("model");
    train.validate("train");
    eval.validate("eval");
    export.validate("export");
  }
}
