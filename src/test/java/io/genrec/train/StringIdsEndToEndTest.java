package io.genrec.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.genrec.config.RunConfig;
import io.genrec.data.Datasets;
import io.genrec.data.EvalCase;
import io.genrec.data.SplitDataset;
import io.genrec.eval.CatalogEvaluator;
import io.genrec.experiment.RunDirectory;
import io.genrec.experiment.TrainingRun;
import io.genrec.model.SequentialRecommender;
import io.genrec.model.catalog.ModelCatalog;
import io.genrec.serve.ServingModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An ASIN-keyed dataset (Amazon 2023 rating_only CSV) trains, exports a SavedModel whose history and
 * top_k_ids are strings, and a fresh JVM serving it returns the evaluator's top-K.
 */
class StringIdsEndToEndTest {
  @TempDir Path dir;

  private Path writeAsinCsv() throws Exception {
    Random rng = new Random(3);
    StringBuilder sb = new StringBuilder("user_id,parent_asin,rating,timestamp\n");
    for (int u = 1; u <= 60; u++) {
      int len = 4 + rng.nextInt(5);
      int start = rng.nextInt(30);
      for (int i = 0; i < len; i++) {
        sb.append("AU").append(u).append(",B0").append(String.format("%08X", 7919L * ((start + i) % 30 + 1)))
            .append(",5.0,").append(1_600_000_000_000L + 86_400_000L * i).append('\n');
      }
    }
    Path f = dir.resolve("Asin.csv");
    Files.writeString(f, sb.toString());
    return f;
  }

  @Test
  void asinDatasetExportsStringSignatureServingTheEvaluatorsTopKInAFreshJvm() throws Exception {
    Path data = writeAsinCsv();
    RunConfig cfg = TinyRuns.sasrec(data, dir.resolve("exports"), "{\"train\": {\"epochs\": 2}}");
    Files.createDirectories(dir.resolve("run"));
    RunDirectory run = new RunDirectory(dir.resolve("run"));
    new TrainingRun().execute(cfg, run);
    assertTrue(Files.isRegularFile(run.directory().resolve("metrics.json")));

    SplitDataset split = Datasets.split(Datasets.load(cfg.data()), cfg.data());
    List<EvalCase> cases = split.test().subList(0, 12);
    int[][] expected;
    SequentialRecommender model = ModelCatalog.create(cfg, split, true);
    try (Trainer trainer = new Trainer(model, cfg.train(), cfg.seed(), model::buildValidationHead)) {
      trainer.restoreBest(run.checkpointDir());
      expected = new CatalogEvaluator(trainer.session(), trainer.head(), model.historyLength(), 64, false)
          .rank(cases, 10);
    }
    List<String> args = new ArrayList<>(List.of(run.savedModelDir().toString(), "10"));
    for (EvalCase c : cases) args.add(String.join(",", originals(split, c.history())));
    List<String> served = runInFreshJvm(args);
    assertEquals(cases.size(), served.size(), "one line per history");
    for (int i = 0; i < cases.size(); i++) {
      assertEquals(String.join(" ", originals(split, expected[i])), served.get(i), "user " + cases.get(i).user());
    }

    try (ServingModel m = new ServingModel(run.savedModelDir())) {
      assertTrue(m.stringIds());
      // Unknown ids and "" padding are ignored, as 0 and unknown int64 ids are.
      String[] clean = originals(split, cases.get(0).history());
      String[] noisy = new String[clean.length + 2];
      noisy[0] = "B0NOTANITEM";
      System.arraycopy(clean, 0, noisy, 1, clean.length);
      noisy[noisy.length - 1] = "";
      assertArrayEquals(m.recommend(new String[][] {clean}, 5).ids()[0], m.recommend(new String[][] {noisy}, 5).ids()[0]);
      assertThrows(IllegalArgumentException.class, () -> m.recommend(new long[][] {{1}}, 5));
    }
  }

  @Test
  void metricsAreWrittenBeforeAnExportThatFails() throws Exception {
    RunConfig cfg = TinyRuns.sasrec(TinyRuns.writeSequences(dir, 30, 20, 1), dir.resolve("exports"),
        "{\"train\": {\"epochs\": 1}}");
    Files.createDirectories(dir.resolve("failing"));
    RunDirectory run = new RunDirectory(dir.resolve("failing"));
    TrainingRun failingExport = new TrainingRun((c, s, forTraining) -> {
      if (!forTraining) throw new IllegalStateException("export broke");
      return ModelCatalog.create(c, s, true);
    });
    assertThrows(IllegalStateException.class, () -> failingExport.execute(cfg, run));
    var metrics = io.genrec.config.ConfigReader.gson().fromJson(
        Files.readString(run.directory().resolve("metrics.json")), com.google.gson.JsonObject.class);
    assertTrue(metrics.getAsJsonObject("test").has("ndcg@10"), metrics.toString());
  }

  private static String[] originals(SplitDataset split, int[] dense) {
    String[] out = new String[dense.length];
    for (int i = 0; i < dense.length; i++) out[i] = split.data().items().original(dense[i]);
    return out;
  }

  private static List<String> runInFreshJvm(List<String> args) throws Exception {
    return FreshJvm.run(ServeProbe.class, args);
  }
}
