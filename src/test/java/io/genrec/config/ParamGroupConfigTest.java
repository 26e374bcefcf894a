package io.genrec.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonParser;
import io.genrec.model.catalog.ModelCatalog;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code train.param_groups}: typed, defaults filled in, checked at load time, absent from the tree when unused. */
class ParamGroupConfigTest {
  private final ConfigReader reader = new ConfigReader(ModelCatalog.INSTANCE);

  private ConfigReader.Resolved resolve(String groups) {
    String train = groups == null ? "" : ", \"train\": {\"param_groups\": " + groups + "}";
    return reader.resolve(JsonParser.parseString("{\"experiment\": \"t\", \"data\": {\"path\": \"x.txt\"},"
        + " \"model\": {\"name\": \"sasrec\"}" + train + "}").getAsJsonObject());
  }

  @Test
  void groupsAreReadInFileOrderWithDefaults() {
    ConfigReader.Resolved r = resolve("{\"items\": {\"lr_multiplier\": 0.1}, \"blocks\": {\"match\": \"sasrec/block_.*\","
        + " \"frozen\": true}, \"default\": {\"clip_norm\": 1}}");
    Map<String, ParamGroupConfig> groups = r.config().train().paramGroups();
    assertEquals(List.of("items", "blocks", "default"), List.copyOf(groups.keySet()));
    assertEquals(new ParamGroupConfig("", 0.1, null, false), groups.get("items"));
    assertEquals(new ParamGroupConfig("sasrec/block_.*", 1.0, null, true), groups.get("blocks"));
    assertEquals(1.0, groups.get("default").clipNorm());
    assertNull(groups.get("items").clipNorm(), "absent clip_norm: the global clip applies");
    assertEquals(JsonParser.parseString("{\"match\": \"\", \"lr_multiplier\": 0.1, \"frozen\": false}"),
        r.json().getAsJsonObject("train").getAsJsonObject("param_groups").get("items"),
        "the tree holds each group with its defaults, so equal meanings hash alike");
  }

  @Test
  void noGroupsLeaveNoKeyInTheTree() {
    ConfigReader.Resolved r = resolve(null);
    assertTrue(r.config().train().paramGroups().isEmpty());
    assertFalse(r.json().getAsJsonObject("train").has("param_groups"), "so run directories keep their names");
    assertEquals(r.json(), resolve("{}").json());
  }

  @Test
  void badGroupsNameTheKey() {
    ConfigException e = assertThrows(ConfigException.class, () -> resolve("{\"enc\": {\"lr_multipler\": 2}}"));
    assertTrue(e.getMessage().startsWith("train.param_groups.enc.lr_multipler: unknown key; did you mean"
        + " train.param_groups.enc.lr_multiplier?"), e.getMessage());
    e = assertThrows(ConfigException.class, () -> resolve("{\"enc\": {\"frozen\": \"yes\"}}"));
    assertEquals("train.param_groups.enc.frozen: expected true or false, got \"yes\"", e.getMessage());
    e = assertThrows(ConfigException.class, () -> resolve("{\"enc\": {\"lr_multiplier\": 0}}"));
    assertTrue(e.getMessage().startsWith("train.param_groups.enc.lr_multiplier = 0.0: must be a finite number > 0"),
        e.getMessage());
    e = assertThrows(ConfigException.class, () -> resolve("{\"enc\": {\"clip_norm\": -1}}"));
    assertEquals("train.param_groups.enc.clip_norm = -1: must be >= 0", e.getMessage());
    e = assertThrows(ConfigException.class, () -> resolve("{\"enc\": {\"match\": \"[\"}}"));
    assertTrue(e.getMessage().startsWith("train.param_groups.enc.match = \"[\": not a regular expression"),
        e.getMessage());
    e = assertThrows(ConfigException.class, () -> resolve("{\"a b\": {}}"));
    assertTrue(e.getMessage().startsWith("train.param_groups.a b: a group name may only hold"), e.getMessage());
    e = assertThrows(ConfigException.class, () -> resolve("{\"enc\": 3}"));
    assertTrue(e.getMessage().startsWith("train.param_groups.enc: expected an object with keys [match,"), e.getMessage());
  }
}
