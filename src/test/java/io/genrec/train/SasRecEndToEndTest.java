package io.genrec.train;

import io.genrec.experiment.TrainingRun;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import io.genrec.config.ConfigReader;
import io.genrec.config.RunConfig;
import io.genrec.data.Datasets;
import io.genrec.data.EvalCase;
import io.genrec.data.SplitDataset;
import io.genrec.eval.CatalogEvaluator;
import io.genrec.experiment.RunDirectory;
import io.genrec.model.catalog.ModelCatalog;
import io.genrec.model.SequentialRecommender;
import io.genrec.serve.ServingModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Trains a tiny SASRec, exports it, and checks a fresh JVM serving it agrees with the evaluator. */
class SasRecEndToEndTest {
  @TempDir Path dir;

  @Test
  void exportedSavedModelServesTheEvaluatorsTopKInAFreshJvm() throws Exception {
    Path data = TinyRuns.writeSequences(dir, 80, 40, 1);
    RunConfig cfg = TinyRuns.sasrec(data, dir.resolve("exports"), "{}");
    Files.createDirectories(dir.resolve("run"));
    RunDirectory run = new RunDirectory(dir.resolve("run"));
    new TrainingRun().execute(cfg, run);

    JsonObject metrics = ConfigReader.gson().fromJson(
        Files.readString(run.directory().resolve("metrics.json")), JsonObject.class);
    double ndcg = metrics.getAsJsonObject("test").get("ndcg@10").getAsDouble();
    assertTrue(ndcg >= 0 && ndcg <= 1, "test ndcg@10 " + ndcg);
    assertEquals(3, run.epochLines().size());
    assertTrue(Files.isRegularFile(run.perUserCsv()));

    SplitDataset split = Datasets.split(Datasets.load(cfg.data()), cfg.data());
    List<EvalCase> cases = split.test().subList(0, 20);
    int[][] expected;
    SequentialRecommender model = ModelCatalog.create(cfg, split, true);
    try (Trainer trainer = new Trainer(model, cfg.train(), cfg.seed(), model::buildValidationHead)) {
      trainer.restoreBest(run.checkpointDir());
      expected = new CatalogEvaluator(trainer.session(), trainer.head(), model.historyLength(), 64, false)
          .rank(cases, 10);
    }
    List<String> args = new ArrayList<>(List.of(run.savedModelDir().toString(), "10"));
    for (EvalCase c : cases) {
      StringBuilder sb = new StringBuilder();
      for (int item : c.history()) sb.append(sb.length() == 0 ? "" : ",").append(split.data().items().original(item));
      args.add(sb.toString());
    }
    List<String> served = runInFreshJvm(args);
    assertEquals(cases.size(), served.size(), "one line per history");
    for (int i = 0; i < cases.size(); i++) {
      StringBuilder want = new StringBuilder();
      for (int item : expected[i]) want.append(want.length() == 0 ? "" : " ").append(split.data().items().original(item));
      assertEquals(want.toString(), served.get(i), "user " + cases.get(i).user());
    }

    // Unknown ids and padding in a request are ignored: the answer equals the clean history's.
    try (ServingModel m = new ServingModel(run.savedModelDir())) {
      long[] clean = new long[cases.get(0).history().length];
      for (int i = 0; i < clean.length; i++) clean[i] = Long.parseLong(split.data().items().original(cases.get(0).history()[i]));
      long[] noisy = new long[clean.length + 2];
      noisy[0] = 999_999;
      System.arraycopy(clean, 0, noisy, 1, clean.length);
      noisy[noisy.length - 1] = 0;
      assertEquals(java.util.Arrays.toString(m.recommend(new long[][] {clean}, 5).ids()[0]),
          java.util.Arrays.toString(m.recommend(new long[][] {noisy}, 5).ids()[0]));
    }
  }

  private static List<String> runInFreshJvm(List<String> args) throws Exception {
    return FreshJvm.run(ServeProbe.class, args);
  }

}
