package io.genrec.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.genrec.experiment.ConfigDigest;
import io.genrec.model.catalog.ModelCatalog;
import java.util.List;
import org.junit.jupiter.api.Test;

class DataSourcesTest {
  private final ConfigReader reader = new ConfigReader(ModelCatalog.INSTANCE);

  private ConfigReader.Resolved resolve(String data, String eval) {
    return reader.resolve(JsonParser.parseString("{\"experiment\":\"t\",\"data\":" + data
        + ",\"model\":{\"name\":\"sasrec\"}" + (eval.isEmpty() ? "" : ",\"eval\":" + eval) + "}").getAsJsonObject());
  }

  private String error(String data, String eval) {
    return assertThrows(ConfigException.class, () -> resolve(data, eval)).getMessage();
  }

  private static final String TWO = "{\"split\":\"time\",\"max_length\":20,\"sources\":["
      + "{\"name\":\"beauty\",\"path\":\"b.txt\",\"items\":\"b.tsv\"},"
      + "{\"name\":\"sports\",\"path\":\"s.csv\",\"split\":\"none\",\"item_column\":\"asin\"}]}";

  @Test
  void sourcesTakeTheRunsDataKeysUnlessTheySetTheirOwn() {
    RunConfig c = resolve(TWO, "").config();
    DataConfig beauty = c.data().sources().get(0);
    DataConfig sports = c.data().sources().get(1);
    assertTrue(c.data().hasSources());
    assertEquals(List.of("beauty", "sports"), c.data().sourceNames());
    assertEquals("beauty+sports", c.data().displayName());
    assertEquals(DataConfig.Split.TIME, beauty.split());
    assertEquals(DataConfig.Split.NONE, sports.split());
    assertEquals(20, beauty.maxLength());
    assertEquals("asin", sports.itemColumn());
    assertEquals("ProductId", beauty.itemColumn());
    assertEquals("b.tsv", beauty.items());
    assertEquals("", sports.items(), "metadata names one dataset: not inherited");
    assertFalse(beauty.hasSources());
    // config.json records each source in full.
    JsonObject written = resolve(TWO, "").json().getAsJsonObject("data").getAsJsonArray("sources").get(1).getAsJsonObject();
    assertEquals("time", resolve(TWO, "").json().getAsJsonObject("data").get("split").getAsString());
    assertEquals("none", written.get("split").getAsString());
    assertEquals(0.95, written.get("time_quantile").getAsDouble());
  }

  @Test
  void badSourcesAreNamedByTheirPosition() {
    assertTrue(error("{\"sources\":[{\"name\":\"a\",\"path\":\"a.txt\"},{\"name\":\"b\"}]}", "")
        .startsWith("data.sources[1].path: is required"));
    assertTrue(error("{\"sources\":[{\"name\":\"a\",\"path\":\"a.txt\"},{\"name\":\"a\",\"path\":\"b.txt\"}]}", "")
        .startsWith("data.sources[1].name = \"a\": another source has this name"));
    assertTrue(error("{\"sources\":[{\"path\":\"a.txt\"}]}", "").startsWith("data.sources[0].name: is required"));
    assertTrue(error("{\"sources\":[{\"name\":\"a b\",\"path\":\"a.txt\"}]}", "")
        .startsWith("data.sources[0].name = \"a b\": only letters"));
    assertTrue(error("{\"sources\":[{\"name\":\"a\",\"pth\":\"a.txt\"}]}", "")
        .startsWith("data.sources[0].pth: unknown key; did you mean data.sources[0].path?"));
    assertTrue(error("{\"sources\":[{\"name\":\"a\",\"path\":\"a.txt\",\"max_length\":9}]}", "")
        .startsWith("data.sources[0].max_length: one value for the run; set data.max_length"));
    assertTrue(error("{\"sources\":[{\"name\":\"a\",\"path\":\"a.txt\",\"sources\":[]}]}", "")
        .startsWith("data.sources[0].sources: sources do not nest"));
    assertTrue(error("{\"path\":\"x.txt\",\"sources\":[{\"name\":\"a\",\"path\":\"a.txt\"}]}", "")
        .startsWith("data.path = \"x.txt\": leave it empty when data.sources lists the datasets"));
  }

  @Test
  void earlyStoppingOnASourceNeedsThatSourceAndValidation() {
    assertEquals("sports", resolve(TWO, "{\"early_stop_source\":\"sports\"}").config().eval().earlyStopSource());
    assertTrue(error(TWO, "{\"early_stop_source\":\"toys\"}")
        .startsWith("eval.early_stop_source = \"toys\": not a source; expected one of [beauty, sports]"));
    assertTrue(error("{\"path\":\"x.txt\"}", "{\"early_stop_source\":\"x\"}")
        .contains("the run reads one dataset"));
    assertTrue(error(TWO, "{\"early_stop_source\":\"beauty\",\"validate\":false}")
        .contains("early stopping needs validation, and eval.validate is false"));
  }

  @Test
  void keysAddedForSourcesLeaveOldRunDirectoryNamesAsTheyWere() {
    ConfigReader.Resolved plain = resolve("{\"path\":\"x.txt\"}", "");
    String canonical = ConfigDigest.canonical(plain.json());
    for (String added : List.of("\"sources\"", "\"validate\"", "\"early_stop_source\"")) {
      assertFalse(canonical.contains(added), added + " at its default must not enter the digest: " + canonical);
    }
    assertEquals(ConfigDigest.hash6(plain.json()),
        ConfigDigest.hash6(resolve("{\"path\":\"x.txt\",\"sources\":[]}", "{\"validate\":true}").json()));
    assertFalse(ConfigDigest.hash6(plain.json()).equals(
        ConfigDigest.hash6(resolve("{\"path\":\"x.txt\"}", "{\"validate\":false}").json())));
  }
}
