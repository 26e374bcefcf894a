package io.genrec.model;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.genrec.config.ConfigException;
import io.genrec.config.ConfigReader;
import io.genrec.config.RunConfig;
import io.genrec.data.Datasets;
import io.genrec.data.SplitDataset;
import io.genrec.model.catalog.ModelCatalog;
import io.genrec.nn.Param;
import io.genrec.nn.Params;
import io.genrec.train.TinyRuns;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.Graph;
import org.tensorflow.op.Ops;

/** Parameter estimates match the graphs models build, and a model too large is refused before its graph. */
class ModelSizeTest {
  @TempDir Path dir;

  private static long built(SequentialRecommender model) {
    try (Graph g = new Graph()) {
      Params params = new Params(Ops.create(g), 1, true);
      model.buildLoss(params);
      long n = 0;
      for (Param p : params.trainable()) n += p.shape().size();
      return n;
    }
  }

  private RunConfig tiger(Path data, Path ids, int dModel) {
    JsonObject o = JsonParser.parseString("""
        {"experiment": "tiny", "seed": 7, "data": {"path": "%s", "max_length": 6},
         "model": {"name": "tiger", "semantic_ids": {"source": "file", "path": "%s"},
                   "d_model": %d, "num_heads": 2, "head_dim": 8, "ff_dim": 32, "encoder_layers": 1,
                   "decoder_layers": 1, "beam": 8},
         "train": {"epochs": 1, "batch_size": 16, "progress": false}, "eval": {"ks": [5]}, "export": {"k": 5}}
        """.formatted(data, ids, dModel)).getAsJsonObject();
    return new ConfigReader(ModelCatalog.INSTANCE).resolve(o).config();
  }

  private Path ids(int items, int largeCode) throws Exception {
    StringBuilder sb = new StringBuilder("item_id\tcodes\n");
    for (int i = 0; i < items; i++) {
      sb.append(101 + i).append('\t').append(i == 0 ? largeCode : i % 3).append(' ').append((i / 3) % 4).append('\n');
    }
    return Files.writeString(dir.resolve("semantic_ids.tsv"), sb.toString());
  }

  private static void assertClose(long estimate, long actual) {
    assertTrue(Math.abs(estimate - actual) <= 0.1 * actual,
        String.format(Locale.ROOT, "estimate %,d vs %,d weights built", estimate, actual));
  }

  @Test
  void sasRecAndTigerEstimatesAreWithinTenPercentOfTheirGraphs() throws Exception {
    Path data = TinyRuns.writeSequences(dir, 40, 40, 1);
    RunConfig sasrec = TinyRuns.sasrec(data, dir.resolve("exports"), "{}");
    SplitDataset split = Datasets.loadSplit(sasrec.data());
    SequentialRecommender model = ModelCatalog.create(sasrec, split, true);
    assertClose(model.parameterEstimate(), built(model));

    RunConfig tiger = tiger(data, ids(40, 2), 16);
    SequentialRecommender t = ModelCatalog.create(tiger, Datasets.loadSplit(tiger.data()), true);
    assertClose(t.parameterEstimate(), built(t));
  }

  @Test
  void oneHugeSemanticCodeIsRefusedWithTheEstimateAndTheBound() throws Exception {
    Path data = TinyRuns.writeSequences(dir, 40, 40, 1);
    RunConfig tiger = tiger(data, ids(40, 50_000_000), 32);
    SplitDataset split = Datasets.loadSplit(tiger.data());
    ConfigException e = assertThrows(ConfigException.class, () -> ModelCatalog.create(tiger, split, true));
    assertTrue(e.getMessage().contains("1,600,") && e.getMessage().contains("parameters")
        && e.getMessage().contains(String.format(Locale.ROOT, "%,d", ModelSize.bound())), e.getMessage());
  }

  @Test
  void aHistoryLengthBeyondMemoryIsAConfigErrorWithTheNumber() throws Exception {
    Path data = TinyRuns.writeSequences(dir, 10, 10, 1);
    ConfigException e = assertThrows(ConfigException.class,
        () -> TinyRuns.sasrec(data, dir, "{\"data\": {\"max_length\": 2000000000}}"));
    assertTrue(e.getMessage().contains("data.max_length = 2000000000"), e.getMessage());
  }
}
