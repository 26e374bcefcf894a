package io.genrec.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.genrec.model.catalog.ModelCatalog;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code model.init_from}: read for every model, string shorthand, defaults, checks, canonical tree. */
class WarmStartConfigTest {
  private final ConfigReader reader = new ConfigReader(ModelCatalog.INSTANCE);

  private ConfigReader.Resolved resolve(String model, String initFrom) {
    String extra = initFrom == null ? "" : ", \"init_from\": " + initFrom;
    // Cut-offs within TIGER's default beam (20), which every model accepts.
    return reader.resolve(JsonParser.parseString("{\"experiment\": \"t\", \"data\": {\"path\": \"x.txt\"},"
        + " \"eval\": {\"ks\": [5, 10, 20]}, \"model\": {\"name\": \"" + model + "\"" + extra + "}}")
        .getAsJsonObject());
  }

  @Test
  void everyModelReadsTheShorthandAsAPathWithDefaults() {
    for (String model : ModelCatalog.INSTANCE.names()) {
      WarmStartConfig w = resolve(model, "\"experiments/x/run-1\"").config().initFrom();
      assertEquals(new WarmStartConfig("experiments/x/run-1", List.of(".*"), List.of(), Map.of()), w, model);
      assertTrue(w.enabled(), model);
    }
  }

  @Test
  void theObjectFormCarriesPatternsAndRenames() {
    ConfigReader.Resolved r = resolve("sasrec",
        "{\"path\": \"run\", \"exclude\": [\"sasrec/items/.*\"], \"rename\": {\"old/\": \"sasrec/\"}}");
    WarmStartConfig w = r.config().initFrom();
    assertEquals("run", w.path());
    assertEquals(List.of(".*"), w.include(), "include defaults to everything");
    assertEquals(List.of("sasrec/items/.*"), w.exclude());
    assertEquals(Map.of("old/", "sasrec/"), w.rename());
    JsonObject tree = r.json().getAsJsonObject("model").getAsJsonObject("init_from");
    assertEquals(JsonParser.parseString("{\"path\": \"run\", \"include\": [\".*\"], \"exclude\": [\"sasrec/items/.*\"],"
        + " \"rename\": {\"old/\": \"sasrec/\"}}"), tree, "the resolved tree holds the full object");
    assertEquals(r.json(), resolve("sasrec", tree.toString()).json(), "config.json reads back to the same tree");
  }

  @Test
  void noWarmStartLeavesNoKeyInTheTree() {
    for (String none : new String[] {null, "\"\"", "null"}) {
      ConfigReader.Resolved r = resolve("diffsasrec", none);
      assertFalse(r.config().initFrom().enabled(), String.valueOf(none));
      assertFalse(r.json().getAsJsonObject("model").has("init_from"), "so run directories keep their names: " + none);
    }
  }

  @Test
  void theOverrideAndSweepChainsUseWorks() {
    JsonObject user = JsonParser.parseString("{\"experiment\": \"t\", \"data\": {\"path\": \"x.txt\"},"
        + " \"eval\": {\"ks\": [5, 10, 20]}, \"model\": {\"name\": \"tiger\"},"
        + " \"sweep\": {\"model.init_from\": [\"a\", \"b\"]}}").getAsJsonObject();
    Overrides.apply(user, "model.init_from", Overrides.parse("model.init_from=experiments/pre/run-abc").value());
    assertEquals("experiments/pre/run-abc", reader.resolve(user).config().initFrom().path());
  }

  @Test
  void badValuesNameTheKey() {
    ConfigException e = assertThrows(ConfigException.class, () -> resolve("sasrec", "{\"path\": \"r\", \"exclud\": []}"));
    assertTrue(e.getMessage().startsWith("model.init_from.exclud: unknown key; did you mean model.init_from.exclude?"),
        e.getMessage());
    e = assertThrows(ConfigException.class, () -> resolve("sasrec", "3"));
    assertEquals("model.init_from: expected a run or checkpoint directory (a string) or an object with keys"
        + " [path, include, exclude, rename], got 3", e.getMessage());
    e = assertThrows(ConfigException.class, () -> resolve("sasrec", "{\"include\": [\"a\"]}"));
    assertEquals("model.init_from.path: is required (a non-empty string)", e.getMessage());
    e = assertThrows(ConfigException.class, () -> resolve("sasrec", "{\"path\": \"r\", \"include\": [\"(\"]}"));
    assertTrue(e.getMessage().startsWith("model.init_from.include[0] = \"(\": not a regular expression"), e.getMessage());
    e = assertThrows(ConfigException.class, () -> resolve("sasrec", "{\"path\": \"r\", \"include\": []}"));
    assertTrue(e.getMessage().startsWith("model.init_from.include: is empty"), e.getMessage());
    e = assertThrows(ConfigException.class, () -> reader.resolve(JsonParser.parseString(
        "{\"experiment\": \"t\", \"init_from\": \"r\", \"data\": {\"path\": \"x\"}, \"model\": {\"name\": \"sasrec\"}}")
        .getAsJsonObject()));
    assertTrue(e.getMessage().startsWith("init_from: unknown key"), "only model.init_from exists: " + e.getMessage());
  }

  @Test
  void aModelSectionTypoSuggestsInitFrom() {
    ConfigException e = assertThrows(ConfigException.class, () -> reader.resolve(JsonParser.parseString(
        "{\"experiment\": \"t\", \"data\": {\"path\": \"x\"}, \"model\": {\"name\": \"sasrec\", \"init_frm\": \"r\"}}")
        .getAsJsonObject()));
    assertTrue(e.getMessage().startsWith("model.init_frm: unknown key; did you mean model.init_from?"), e.getMessage());
  }
}
