package io.genrec.config;

import com.google.gson.JsonObject;

/**
 * One fully resolved run: defaults, then the file, then {@code --set} overrides, validated.
 *
 * @param experiment groups runs under experiments/&lt;experiment&gt;/
 * @param seed seeds initialisation, shuffling, dropout and sampling
 * @param initFrom {@code model.init_from}, lifted out of the model section because it means the same for
 *     every model; {@link WarmStartConfig#none()} when the config has none
 * @param sweep grid of key path → list of values; expanded by the sweep runner, empty in a single run
 */
public record RunConfig(
    String experiment,
    long seed,
    DataConfig data,
    ModelConfig model,
    WarmStartConfig initFrom,
    TrainConfig train,
    EvalConfig eval,
    ExportConfig export,
    JsonObject sweep) {

  /** The same run with another model section. */
  public RunConfig withModel(ModelConfig value) {
    return new RunConfig(experiment, seed, data, value, initFrom, train, eval, export, sweep);
  }

  public void validate() {
    Require.notBlank("experiment", experiment);
    if (!experiment.matches("[A-Za-z0-9._-]+")) {
      throw new ConfigException(
          "experiment = \"" + experiment + "\": only letters, digits, '.', '_' and '-' are allowed"
              + " (it names a directory)");
    }
    data.validate("data");
    model.validate("model");
    if (!initFrom.equals(WarmStartConfig.none())) initFrom.validate("model." + WarmStartConfig.KEY);
    train.validate("train");
    eval.validate("eval");
    if (eval.stopsOnSource() && !data.sourceNames().contains(eval.earlyStopSource())) {
      throw new ConfigException("eval.early_stop_source = \"" + eval.earlyStopSource() + "\": "
          + (data.hasSources() ? "not a source; expected one of " + data.sourceNames()
              : "the run reads one dataset; name a source only with data.sources"));
    }
    if (eval.stopsOnSource() && !eval.validate()) {
      throw new ConfigException("eval.early_stop_source = \"" + eval.earlyStopSource()
          + "\": early stopping needs validation, and eval.validate is false");
    }
    export.validate("export");
    model.validateRun(this);
  }
}
