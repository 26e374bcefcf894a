package io.genrec.model.vqrec;

import io.genrec.train.FreshJvm;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import io.genrec.config.ConfigReader;
import io.genrec.config.RunConfig;
import io.genrec.data.Datasets;
import io.genrec.data.EvalCase;
import io.genrec.data.SplitDataset;
import io.genrec.eval.CatalogEvaluator;
import io.genrec.eval.RankingHead;
import io.genrec.experiment.RunDirectory;
import io.genrec.experiment.TrainingRun;
import io.genrec.model.SequentialRecommender;
import io.genrec.model.catalog.ModelCatalog;
import io.genrec.train.ServeProbe;
import io.genrec.train.TinyRuns;
import io.genrec.train.Trainer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * A tiny VQ-Rec run end to end: trains, tests, exports; a fresh JVM serving the SavedModel returns
 * the evaluator's top-K; an item no training row holds is scored from its codes alone.
 */
class VqRecEndToEndTest {
  @TempDir Path dir;

  /** Items 101..130 walked in steps of one; 901 and 902 occur only as one user's test target. */
  private Path writeData() throws Exception {
    Path data = TinyRuns.writeSequences(dir, 60, 30, 1);
    Files.writeString(data, "x1 101 102 901\nx2 103 104 902\n", java.nio.file.StandardOpenOption.APPEND);
    Random rng = new Random(5);
    StringBuilder codes = new StringBuilder("item_id\tcodes\n");
    String codesOf105 = null;
    for (int item = 101; item <= 129; item++) { // 130 has no codes: the reserved row
      String c = rng.nextInt(8) + " " + rng.nextInt(8) + " " + rng.nextInt(8) + " " + rng.nextInt(8);
      if (item == 105) codesOf105 = c;
      codes.append(item).append('\t').append(c).append('\n');
    }
    codes.append("901\t").append(codesOf105).append('\n').append("902\t7 7 7 7\n");
    Files.writeString(dir.resolve("codes.tsv"), codes.toString());
    return data;
  }

  /** @param model more keys of the model section, each with a leading comma, or "" */
  private RunConfig config(Path data, String model) {
    return TinyRuns.sasrec(data, dir.resolve("exports"), """
        {"model": {"name": "vqrec", "codes": {"path": "%s"}, "codebook_size": 8, "hidden": 16, "ff_dim": 32,
                   "dropout": 0.1 %s}}
        """.formatted(dir.resolve("codes.tsv").toString().replace("\\", "/"), model));
  }

  @Test
  void trainsExportsAndServesTheEvaluatorsTopKInAFreshJvm() throws Exception {
    trainExportAndServe("");
  }

  /**
   * permutation learned, stopped while still reassigning (3 epochs of 5): the best checkpoint ranks
   * through the learned re-mapping, not the table as stored, and so must its export.
   */
  @Test
  void aRunStoppedWhileLearningItsPermutationExportsWhatItRanks() throws Exception {
    trainExportAndServe(", \"permutation\": \"learned\", \"reassign_epochs\": 5");
  }

  private void trainExportAndServe(String modelKeys) throws Exception {
    Path data = writeData();
    RunConfig cfg = config(data, modelKeys);
    Files.createDirectories(dir.resolve("run"));
    RunDirectory run = new RunDirectory(dir.resolve("run"));
    new TrainingRun().execute(cfg, run);
    JsonObject metrics = ConfigReader.gson().fromJson(
        Files.readString(run.directory().resolve("metrics.json")), JsonObject.class);
    double ndcg = metrics.getAsJsonObject("test").get("ndcg@10").getAsDouble();
    assertTrue(ndcg >= 0 && ndcg <= 1, "test ndcg@10 " + ndcg);

    SplitDataset split = Datasets.split(Datasets.load(cfg.data()), cfg.data());
    List<EvalCase> cases = split.test().subList(0, 12);
    int[][] expected;
    int item105 = split.data().items().index("105");
    int item901 = split.data().items().index("901");
    int item902 = split.data().items().index("902");
    int catalog = split.data().items().size();
    SequentialRecommender model = ModelCatalog.create(cfg, split, true);
    try (Trainer trainer = new Trainer(model, cfg.train(), cfg.seed(), model::buildValidationHead)) {
      trainer.restoreBest(run.checkpointDir());
      expected = new CatalogEvaluator(trainer.session(), trainer.head(), model.historyLength(), 64, false)
          .rank(cases, 10);
      float[] scores = scoresOfAll(trainer.session(), trainer.head(), model.historyLength(), catalog,
          split.trainSequence(1));
      assertEquals(scores[item105], scores[item901], "901 was never trained on; it has 105's codes");
      assertNotEquals(scores[item105], scores[item902]);
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
  }

  /** The head's score of every dense item (index = id) for one history. */
  private static float[] scoresOfAll(Session session, RankingHead head, int length, int catalog, int[] history) {
    int[] padded = new int[length];
    int n = Math.min(length, history.length);
    System.arraycopy(history, history.length - n, padded, length - n, n);
    float[] byItem = new float[catalog + 1];
    try (TInt32 h = TInt32.tensorOf(Shape.of(1, length), DataBuffers.of(padded, false, false));
        TInt32 ex = TInt32.tensorOf(Shape.of(1, 1), DataBuffers.of(new int[] {0}, false, false));
        TInt32 k = TInt32.scalarOf(catalog);
        Result r = session.runner().feed(head.history(), h).feed(head.exclude(), ex).feed(head.k(), k)
            .fetch(head.ids()).fetch(head.scores()).run()) {
      TInt32 ids = (TInt32) r.get(0);
      TFloat32 values = (TFloat32) r.get(1);
      for (int i = 0; i < catalog; i++) byItem[ids.getInt(0, i)] = values.getFloat(0, i);
    }
    return byItem;
  }

  private static List<String> runInFreshJvm(List<String> args) throws Exception {
    return FreshJvm.run(ServeProbe.class, args);
  }
}
