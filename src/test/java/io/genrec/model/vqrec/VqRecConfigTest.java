package io.genrec.model.vqrec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.gson.JsonParser;
import io.genrec.config.ConfigException;
import io.genrec.config.ConfigReader;
import io.genrec.model.catalog.ModelCatalog;
import org.junit.jupiter.api.Test;

/** The learned permutation's keys: defaults, and one clear error per bad value. */
class VqRecConfigTest {
  private static VqRecConfig resolve(String model) {
    return (VqRecConfig) new ConfigReader(ModelCatalog.INSTANCE).resolve(JsonParser.parseString(
        "{\"data\": {\"path\": \"x.txt\"}, \"model\": {\"name\": \"vqrec\""
            + (model.contains("\"codes\"") ? "" : ", \"codes\": {\"path\": \"c.tsv\"}") + model
            + "}}").getAsJsonObject()).config().model();
  }

  private static String error(String model) {
    return assertThrows(ConfigException.class, () -> resolve(model)).getMessage();
  }

  @Test
  void learnedHasTheReleasedCodesScheduleByDefault() {
    VqRecConfig c = resolve(", \"permutation\": \"learned\"");
    assertEquals(VqRecConfig.Permutation.LEARNED, c.permutation());
    assertEquals(5, c.reassignEpochs());
    assertEquals(0.7, c.sinkhornTemperature());
    assertEquals(3, c.sinkhornIterations());
  }

  @Test
  void badValuesNameTheirKey() {
    assertEquals("model.reassign_epochs = 0: must be in [1, 1000]", error(", \"reassign_epochs\": 0"));
    assertEquals("model.sinkhorn_temperature = 0: must be > 0", error(", \"sinkhorn_temperature\": 0"));
    assertEquals("model.sinkhorn_iterations = 0: must be in [1, 100]", error(", \"sinkhorn_iterations\": 0"));
    assertEquals("model.permutation: learned re-maps a pre-trained code table for fine-tuning; it needs objective"
        + " finetune, not pretrain", error(", \"permutation\": \"learned\", \"objective\": \"pretrain\""));
  }

  @Test
  void aFaissIndexNeedsItsTrainFileAndOnlyItReadsOne() {
    assertEquals("model.codes.train_file: is required with format faiss (the .train.inter file the index was filled"
        + " from, e.g. ../shared/data/unisrec-scientific/Scientific.train.inter)",
        error(", \"codes\": {\"path\": \"x.index\", \"format\": \"faiss\"}"));
    assertEquals("model.codes.train_file: is read only with format faiss (or auto on a faiss index), not tsv",
        error(", \"codes\": {\"path\": \"c.tsv\", \"format\": \"tsv\", \"train_file\": \"t.inter\"}"));
    assertEquals("t.inter", resolve(", \"codes\": {\"path\": \"x.index\", \"format\": \"faiss\","
        + " \"train_file\": \"t.inter\"}").codes().trainFile());
  }
}
