package io.genrec.experiment;

import io.genrec.config.ModelConfig;
import io.genrec.config.ModelConfigTypes;
import io.genrec.config.Require;
import io.genrec.model.sasrec.SasRecConfig;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/** The real SASRec record plus test-only models, so tables have models to compare. */
public final class TestModels implements ModelConfigTypes {
  public static final TestModels INSTANCE = new TestModels();

  /** A stand-in second model: only its name matters to the experiment package. */
  public record Gru4RecConfig(String name, int hidden) implements ModelConfig {
    static Gru4RecConfig defaults() {
      return new Gru4RecConfig("gru4rec", 32);
    }

    @Override
    public void validate(String p) {
      Require.positive(p + ".hidden", hidden);
    }
  }

  private final Map<String, Supplier<? extends ModelConfig>> models = new LinkedHashMap<>();

  private TestModels() {
    models.put("sasrec", SasRecConfig::defaults);
    models.put("gru4rec", Gru4RecConfig::defaults);
    models.put("bert4rec", () -> new Gru4RecConfig("bert4rec", 32));
    // A model that fine-tunes: only its name sets it apart (model.init_from is a key of every model).
    models.put("tuned", () -> new Gru4RecConfig("tuned", 32));
  }

  @Override
  public Supplier<? extends ModelConfig> defaults(String name) {
    return models.get(name);
  }

  @Override
  public List<String> names() {
    return List.copyOf(models.keySet());
  }
}
