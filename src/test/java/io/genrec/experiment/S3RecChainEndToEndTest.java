package io.genrec.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import io.genrec.cli.SweepCommand;
import io.genrec.config.ConfigReader;
import io.genrec.config.RunConfig;
import io.genrec.data.Datasets;
import io.genrec.data.EvalCase;
import io.genrec.data.SplitDataset;
import io.genrec.eval.CatalogEvaluator;
import io.genrec.model.SequentialRecommender;
import io.genrec.model.catalog.ModelCatalog;
import io.genrec.train.FreshJvm;
import io.genrec.train.ServeProbe;
import io.genrec.train.TinyRuns;
import io.genrec.train.Trainer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.commons.cli.DefaultParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * S3-Rec's chain on tiny data through {@code genrec sweep}: a 2-epoch pre-training run (all four
 * objectives, no validation, no export), then the fine-tune that needs it warm-starts from its best
 * checkpoint, trains, is tested and exported; a fresh JVM serving the SavedModel returns the
 * in-process evaluator's top-10 for every test history.
 */
class S3RecChainEndToEndTest {
  @TempDir Path tmp;

  private static String slash(Path p) {
    return p.toString().replace("\\", "/");
  }

  @Test
  void preTrainsThenFineTunesTestsExportsAndServesTheEvaluatorsTopTen() throws Exception {
    Path data = TinyRuns.writeSequences(tmp, 60, 30, 2);
    StringBuilder attrs = new StringBuilder("{");
    for (int i = 0; i < 28; i++) { // the last two items have no attributes
      attrs.append(i == 0 ? "" : ", ").append('"').append(101 + i).append("\": [").append(1 + i % 4).append(", ")
          .append(5 + i % 3).append(']');
    }
    Path attributes = Files.writeString(tmp.resolve("attributes.json"), attrs.append('}').toString());
    Path configs = Files.createDirectories(tmp.resolve("configs"));
    String model = "\"name\": \"s3rec\", \"hidden\": 16, \"num_blocks\": 1, \"num_heads\": 2";
    Files.writeString(configs.resolve("pretrain.json"), """
        {"experiment": "chain-pre", "seed": 3, "data": {"path": "%s", "max_length": 8},
         "model": {%s, "objective": "pretrain", "attributes": "%s"},
         "train": {"epochs": 2, "batch_size": 32, "lr": 0.01, "progress": false},
         "eval": {"validate": false, "ks": [10]}, "export": {"enabled": false}}
        """.formatted(slash(data), model, slash(attributes)));
    Files.writeString(configs.resolve("finetune.json"), """
        {"experiment": "chain", "needs": "pretrain.json", "seed": 3, "data": {"path": "%s", "max_length": 8},
         "model": {%s},
         "train": {"epochs": 3, "batch_size": 16, "lr": 0.01, "patience": 0, "progress": false},
         "eval": {"ks": [5, 10]}, "export": {"dir": "%s"}}
        """.formatted(slash(data), model, slash(tmp.resolve("exports"))));
    Path runs = tmp.resolve("runs");
    List<PlannedRun> plan = SweepPlan.read(configs, List.of(), new ConfigReader(ModelCatalog.INSTANCE), runs).runs();
    assertEquals(2, plan.size());
    PlannedRun pre = plan.get(0);
    PlannedRun ft = plan.get(1);
    assertTrue(pre.source().endsWith("pretrain.json"), "pre-training is planned first: " + pre.source());

    SweepCommand sweep = new SweepCommand(ModelCatalog.INSTANCE, TrainingRun::new, TestRuns.sources(), Map.of(),
        new TestRuns.Captured().stream);
    String[] args = {configs.toString(), "--runs-dir", runs.toString()};
    assertEquals(0, sweep.run(new DefaultParser().parse(sweep.options(), args)));

    JsonObject preMetrics = ConfigReader.parseFile(pre.directory().file(RunDirectory.METRICS));
    assertFalse(preMetrics.get("validated").getAsBoolean());
    String preEpochs = String.join("\n", pre.directory().epochLines());
    for (String objective : List.of("\"aap\"", "\"mip\"", "\"map\"", "\"sp\"")) {
      assertTrue(preEpochs.contains(objective), "each objective's loss is logged: " + preEpochs);
    }
    String log = Files.readString(ft.directory().file(RunDirectory.RUN_LOG));
    assertTrue(log.contains("warm start from " + pre.directory().path().resolve("checkpoints/best/ckpt")), log);
    assertFalse(log.contains("kept their initialisation"), "every fine-tuning variable comes from pre-training");
    JsonObject test = ConfigReader.parseFile(ft.directory().file(RunDirectory.METRICS)).getAsJsonObject("test");
    for (String m : List.of("recall@5", "ndcg@5", "recall@10", "ndcg@10")) {
      double v = test.get(m).getAsDouble();
      assertTrue(v >= 0 && v <= 1, m + " = " + v);
    }

    RunConfig cfg = ft.resolved().config();
    SplitDataset split = Datasets.split(Datasets.load(cfg.data()), cfg.data());
    List<EvalCase> cases = split.test();
    SequentialRecommender tuned = ModelCatalog.create(cfg, split, true);
    int[][] expected;
    try (Trainer trainer = new Trainer(tuned, cfg.train(), cfg.seed(), tuned::buildValidationHead)) {
      trainer.restoreBest(ft.directory().checkpointDir());
      expected = new CatalogEvaluator(trainer.session(), trainer.head(), tuned.historyLength(), 64, false)
          .rank(cases, 10);
    }
    List<String> probe = new ArrayList<>(List.of(ft.directory().savedModelDir().toString(), "10"));
    for (EvalCase c : cases) {
      StringBuilder sb = new StringBuilder();
      for (int item : c.history()) sb.append(sb.length() == 0 ? "" : ",").append(split.data().items().original(item));
      probe.add(sb.toString());
    }
    List<String> served = FreshJvm.run(ServeProbe.class, probe);
    assertEquals(cases.size(), served.size(), "one line per history");
    for (int i = 0; i < cases.size(); i++) {
      StringBuilder want = new StringBuilder();
      for (int item : expected[i]) want.append(want.length() == 0 ? "" : " ").append(split.data().items().original(item));
      assertEquals(want.toString(), served.get(i), "user " + cases.get(i).user());
      for (int item : expected[i]) {
        assertTrue(item >= 1 && item <= split.data().items().size(), "a catalog item, never padding or the mask token");
      }
    }
  }
}
