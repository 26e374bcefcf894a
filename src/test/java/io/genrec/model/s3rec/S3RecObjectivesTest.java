package io.genrec.model.s3rec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.genrec.config.RunConfig;
import io.genrec.data.Datasets;
import io.genrec.data.SplitDataset;
import io.genrec.model.SequentialRecommender;
import io.genrec.model.catalog.ModelCatalog;
import io.genrec.train.FeedBatch;
import io.genrec.train.TinyRuns;
import io.genrec.train.Trainer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * Each pre-training objective trained alone on a toy (users walking 30 items, attributes a function
 * of the item): its loss is finite from the first epoch and lower after a few; the joint loss logs
 * every objective.
 */
class S3RecObjectivesTest {
  @TempDir static Path dir;

  /** Item 101 + i has attributes {i % 5, 5 + i % 3}: learnable from the item alone and from its neighbours. */
  static Path writeAttributes(Path dir, int items) throws Exception {
    StringBuilder sb = new StringBuilder("{");
    for (int i = 0; i < items; i++) {
      sb.append(i == 0 ? "" : ", ").append('"').append(101 + i).append("\": [").append(i % 5).append(", ")
          .append(5 + i % 3).append(']');
    }
    return Files.writeString(dir.resolve("attributes.json"), sb.append('}').toString());
  }

  static RunConfig pretrainConfig(Path data, Path attributes, String weights) {
    return TinyRuns.sasrec(data, dir.resolve("exports"), """
        {"model": {"name": "s3rec", "objective": "pretrain", "hidden": 16, "num_blocks": 1, "dropout": 0,
                   "attributes": "%s", "weights": %s},
         "train": {"batch_size": 32, "lr": 0.01}}
        """.formatted(attributes.toString().replace("\\", "/"), weights));
  }

  /** Mean batch loss of each of {@code epochs} epochs. */
  private static double[] train(RunConfig cfg, int epochs, Set<String> expectedParts) throws Exception {
    SplitDataset split = Datasets.split(Datasets.load(cfg.data()), cfg.data());
    SequentialRecommender model = ModelCatalog.create(cfg, split, true);
    double[] means = new double[epochs];
    try (Trainer trainer = new Trainer(model, cfg.train(), cfg.seed(), model::buildValidationHead)) {
      assertEquals(expectedParts, model.diagnostics().keySet());
      for (int e = 1; e <= epochs; e++) {
        double sum = 0;
        int n = 0;
        for (Iterator<FeedBatch> it = model.batches(e); it.hasNext(); ) {
          try (FeedBatch b = it.next()) {
            float loss = trainer.step(b, cfg.train().lr());
            assertTrue(Float.isFinite(loss), "epoch " + e + ": loss " + loss);
            sum += loss;
            n++;
          }
        }
        means[e - 1] = sum / n;
      }
    }
    return means;
  }

  @ParameterizedTest
  @ValueSource(strings = {"aap", "mip", "map", "sp"})
  void eachObjectiveAloneIsFiniteAndDecreases(String objective) throws Exception {
    Path data = TinyRuns.writeSequences(dir, 60, 30, 4);
    Path attributes = writeAttributes(dir, 30);
    StringBuilder weights = new StringBuilder("{");
    for (String o : List.of("aap", "mip", "map", "sp")) {
      weights.append(weights.length() == 1 ? "" : ", ").append('"').append(o).append("\": ")
          .append(o.equals(objective) ? 1 : 0);
    }
    double[] means = train(pretrainConfig(data, attributes, weights.append('}').toString()), 8, Set.of(objective));
    assertTrue(means[7] < means[0], objective + ": epoch means " + java.util.Arrays.toString(means));
  }

  @Test
  void theJointLossLogsEveryObjectiveAndDecreases() throws Exception {
    Path data = TinyRuns.writeSequences(dir, 60, 30, 5);
    Path attributes = writeAttributes(dir, 30);
    double[] means = train(pretrainConfig(data, attributes, "{\"aap\": 0.2, \"mip\": 1, \"map\": 1, \"sp\": 0.5}"), 5,
        Set.of("mip", "map", "aap", "sp"));
    assertTrue(means[4] < means[0], java.util.Arrays.toString(means));
  }
}
