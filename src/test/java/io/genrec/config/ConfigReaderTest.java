package io.genrec.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.genrec.model.catalog.ModelCatalog;
import io.genrec.model.sasrec.SasRecConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigReaderTest {
  private final ConfigReader reader = new ConfigReader(ModelCatalog.INSTANCE);

  private static JsonObject json(String s) {
    return JsonParser.parseString(s).getAsJsonObject();
  }

  private static final String MINIMAL =
      "{\"experiment\":\"t\",\"data\":{\"path\":\"x.txt\"},\"model\":{\"name\":\"sasrec\"}}";

  @Test
  void defaultsFillWhatTheFileOmits() {
    RunConfig c = reader.resolve(json(MINIMAL)).config();
    assertEquals(50, c.data().maxLength());
    assertEquals(DataConfig.Split.LEAVE_ONE_OUT, c.data().split());
    assertEquals(SasRecConfig.defaults(), c.model());
    assertEquals(TrainConfig.defaults(), c.train());
    assertEquals("x", c.data().displayName());
  }

  @Test
  void fileValuesOverrideDefaultsAndSetOverridesFile(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("c.json");
    Files.writeString(f, "{\"experiment\":\"t\",\"data\":{\"path\":\"x.txt\",\"max_length\":20},"
        + "\"model\":{\"name\":\"sasrec\",\"hidden\":32},\"train\":{\"lr\":0.01}}");
    RunConfig c = reader.read(f, List.of(Overrides.parse("train.lr=5e-4"),
        Overrides.parse("model.loss=bce"), Overrides.parse("eval.ks=[1,2]"))).config();
    assertEquals(20, c.data().maxLength());
    assertEquals(32, ((SasRecConfig) c.model()).hidden());
    assertEquals(5e-4, c.train().lr());
    assertEquals(SasRecConfig.Loss.BCE, ((SasRecConfig) c.model()).loss());
    assertEquals(List.of(1, 2), c.eval().ks());
  }

  @Test
  void unknownKeyNamesPathAndNearestValidKey() {
    ConfigException e = assertThrows(ConfigException.class, () -> reader.resolve(json(
        "{\"experiment\":\"t\",\"data\":{\"path\":\"x\",\"max_len\":3},\"model\":{\"name\":\"sasrec\"}}")));
    assertTrue(e.getMessage().startsWith("data.max_len: unknown key; did you mean data.max_length?"),
        e.getMessage());
    e = assertThrows(ConfigException.class, () -> reader.resolve(json(
        "{\"experiment\":\"t\",\"data\":{\"path\":\"x\"},\"model\":{\"name\":\"sasrec\",\"num_block\":3}}")));
    assertTrue(e.getMessage().contains("model.num_block: unknown key; did you mean model.num_blocks?"),
        e.getMessage());
    e = assertThrows(ConfigException.class, () -> reader.resolve(json(
        "{\"experiment\":\"t\",\"trian\":{},\"data\":{\"path\":\"x\"},\"model\":{\"name\":\"sasrec\"}}")));
    assertTrue(e.getMessage().contains("trian: unknown key; did you mean train?"), e.getMessage());
  }

  @Test
  void wrongTypesNameKeyAndExpectedType() {
    ConfigException e = assertThrows(ConfigException.class, () -> reader.resolve(json(
        "{\"experiment\":\"t\",\"data\":{\"path\":\"x\"},\"model\":{\"name\":\"sasrec\"},\"train\":{\"lr\":\"fast\"}}")));
    assertEquals("train.lr: expected a number, got \"fast\"", e.getMessage());
    e = assertThrows(ConfigException.class, () -> reader.resolve(json(
        "{\"experiment\":\"t\",\"data\":{\"path\":\"x\"},\"model\":{\"name\":\"sasrec\"},\"train\":{\"epochs\":1.5}}")));
    assertEquals("train.epochs: expected an integer, got 1.5", e.getMessage());
    e = assertThrows(ConfigException.class, () -> reader.resolve(json(
        "{\"experiment\":\"t\",\"data\":{\"path\":\"x\",\"split\":\"random\"},\"model\":{\"name\":\"sasrec\"}}")));
    assertEquals("data.split: expected one of [leave_one_out, time, given, none], got \"random\"", e.getMessage());
  }

  @Test
  void outOfRangeValuesNameTheAllowedRange() {
    ConfigException e = assertThrows(ConfigException.class, () -> reader.resolve(json(
        "{\"experiment\":\"t\",\"data\":{\"path\":\"x\"},\"model\":{\"name\":\"sasrec\",\"dropout\":1.0}}")));
    assertEquals("model.dropout = 1: must be in [0, 1)", e.getMessage());
    e = assertThrows(ConfigException.class, () -> reader.resolve(json(
        "{\"experiment\":\"t\",\"data\":{\"path\":\"x\"},\"model\":{\"name\":\"sasrec\",\"hidden\":30,\"num_heads\":4}}")));
    assertEquals("model.hidden = 30: must be divisible by model.num_heads = 4", e.getMessage());
  }

  @Test
  void unknownModelSuggestsKnownOne() {
    ConfigException e = assertThrows(ConfigException.class, () -> reader.resolve(json(
        "{\"experiment\":\"t\",\"data\":{\"path\":\"x\"},\"model\":{\"name\":\"sasrek\"}}")));
    assertTrue(e.getMessage().contains("did you mean \"sasrec\""), e.getMessage());
  }

  @Test
  void sweepKeysAreCheckedLikeConfigKeys() {
    JsonObject ok = json(MINIMAL);
    ok.add("sweep", json("{\"train.lr\":[0.001,0.0003],\"seed\":[1,2]}"));
    assertEquals(2, reader.resolve(ok).config().sweep().size());
    JsonObject bad = json(MINIMAL);
    bad.add("sweep", json("{\"train.lrr\":[0.1]}"));
    ConfigException e = assertThrows(ConfigException.class, () -> reader.resolve(bad));
    assertTrue(e.getMessage().startsWith("sweep.train.lrr: train.lrr: unknown key; did you mean train.lr?"),
        e.getMessage());
  }

  @Test
  void malformedJsonNamesFileAndLine(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("bad.json");
    Files.writeString(f, "{\n  \"experiment\": \"t\",\n  \"data\": {\"path\": }\n}");
    ConfigException e = assertThrows(ConfigException.class, () -> reader.read(f, List.of()));
    assertTrue(e.getMessage().startsWith(f + ": malformed JSON"), e.getMessage());
    assertTrue(e.getMessage().contains("line 3"), e.getMessage());
  }

  @Test
  void aKeyGivenTwiceIsAnErrorNamingTheKeyAndLine(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("twice.json");
    Files.writeString(f, "{\n  \"experiment\": \"t\",\n  \"train\": {\"lr\": 0.1,\n    \"lr\": 0.001}\n}");
    ConfigException e = assertThrows(ConfigException.class, () -> reader.read(f, List.of()));
    assertTrue(e.getMessage().startsWith(f + ":4: key \"lr\" appears twice in $.train"), e.getMessage());
  }

  @Test
  void gsonsAdviceToProgrammersAndNonUtf8BytesBecomeOneClearSentence(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("bad.json");
    Files.writeString(f, "{\"experiment\": \"t\"} trailing");
    ConfigException e = assertThrows(ConfigException.class, () -> reader.read(f, List.of()));
    assertTrue(e.getMessage().startsWith(f.toString()) && !e.getMessage().contains("setStrictness")
        && !e.getMessage().contains("github.com"), e.getMessage());
    Path latin1 = dir.resolve("latin1.json");
    Files.write(latin1, "{\"experiment\": \"caf\u00e9\"}".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
    ConfigException enc = assertThrows(ConfigException.class, () -> reader.read(latin1, List.of()));
    assertTrue(enc.getMessage().startsWith(latin1 + ": not UTF-8 text"), enc.getMessage());
  }

  @Test
  void overrideValueIsJsonElseString() {
    assertEquals(0.5, Overrides.parse("a=0.5").value().getAsDouble());
    assertEquals("hello world", Overrides.parse("a=hello world").value().getAsString());
    assertTrue(Overrides.parse("a=[1,2]").value().isJsonArray());
    assertThrows(ConfigException.class, () -> Overrides.parse("novalue"));
  }
}
