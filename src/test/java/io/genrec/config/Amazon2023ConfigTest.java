package io.genrec.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonParser;
import io.genrec.model.catalog.ModelCatalog;
import org.junit.jupiter.api.Test;

class Amazon2023ConfigTest {
  private final ConfigReader reader = new ConfigReader(ModelCatalog.INSTANCE);

  private ConfigReader.Resolved resolve(String data) {
    return reader.resolve(JsonParser.parseString(
        "{\"experiment\":\"t\",\"data\":" + data + ",\"model\":{\"name\":\"sasrec\"}}").getAsJsonObject());
  }

  @Test
  void formatsAndKCoreAreReadAndAnUnsetKCoreStaysOutOfTheResolvedConfig() {
    DataConfig raw = resolve("{\"path\":\"All_Beauty.jsonl.gz\",\"format\":\"amazon2023_reviews\",\"k_core\":10}")
        .config().data();
    assertEquals(DataConfig.Format.AMAZON2023_REVIEWS, raw.format());
    assertEquals(10, raw.kCoreOrDefault());
    ConfigReader.Resolved plain = resolve("{\"path\":\"All_Beauty\",\"format\":\"amazon2023\",\"split\":\"given\"}");
    assertNull(plain.config().data().kCore());
    assertEquals(DataConfig.DEFAULT_K_CORE, plain.config().data().kCoreOrDefault());
    // Absent, so configs that never set it keep their run directory (the digest of the resolved tree).
    assertFalse(plain.json().getAsJsonObject("data").has("k_core"));
  }

  @Test
  void negativeKCoreNamesTheKey() {
    ConfigException e = assertThrows(ConfigException.class,
        () -> resolve("{\"path\":\"a.jsonl\",\"format\":\"amazon2023_reviews\",\"k_core\":-1}"));
    assertTrue(e.getMessage().contains("data.k_core"), e.getMessage());
  }
}
