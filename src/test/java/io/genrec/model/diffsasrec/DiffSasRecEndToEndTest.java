package io.genrec.model.diffsasrec;

import io.genrec.model.catalog.ModelCatalog;
import io.genrec.model.SequentialRecommender;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.genrec.config.ConfigReader;
import io.genrec.config.RunConfig;
import io.genrec.data.Datasets;
import io.genrec.data.EvalCase;
import io.genrec.data.SplitDataset;
import io.genrec.eval.CatalogEvaluator;
import io.genrec.experiment.RunDirectory;
import io.genrec.serve.ServingModel;
import io.genrec.train.Trainer;
import io.genrec.experiment.TrainingRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A whole run on a tiny CSV with the time split: train, validate, test, export; the SavedModel's
 * serving_default must answer what the evaluator ranked.
 */
class DiffSasRecEndToEndTest {
  @TempDir Path dir;

  /** Users walk the catalog one item at a time (i, i+1, ...), starting at scattered times. */
  private static Path writeCsv(Path dir, int users, int items) throws Exception {
    Random rng = new Random(4);
    StringBuilder sb = new StringBuilder("UserId,ProductId,Timestamp\n");
    for (int u = 1; u <= users; u++) {
      int start = rng.nextInt(items);
      long t = 1_000_000L + rng.nextInt(5_000);
      int length = 5 + rng.nextInt(6);
      for (int i = 0; i < length; i++) {
        sb.append('u').append(u).append(',').append(101 + (start + i) % items).append(',').append(t).append('\n');
        t += 100 + rng.nextInt(400);
      }
    }
    Path f = dir.resolve("tiny.csv");
    Files.writeString(f, sb.toString());
    return f;
  }

  private RunConfig config(Path csv, String model, String extraModel) {
    JsonObject o = JsonParser.parseString("""
        {"experiment": "tiny", "seed": 7,
         "data": {"path": "%s", "split": "time", "time_quantile": 0.8, "max_length": 8},
         "model": {"name": "%s", "hidden": 16, "num_blocks": 1, "num_heads": 2, "dropout": 0.1 %s},
         "train": {"epochs": 2, "batch_size": 16, "lr": 0.01, "patience": 0, "progress": false},
         "eval": {"ks": [3], "early_stop_metric": "ndcg@3", "batch_size": 32},
         "export": {"dir": "%s", "k": 3}}
        """.formatted(csv.toString().replace("\\", "/"), model, extraModel,
            dir.resolve("exports").toString().replace("\\", "/"))).getAsJsonObject();
    return new ConfigReader(ModelCatalog.INSTANCE).resolve(o).config();
  }

  @Test
  void singleAndMultiStepRunsReportMetricsAndServeWhatTheEvaluatorRanked() throws Exception {
    Path csv = writeCsv(dir, 60, 30);
    for (String type : new String[] {"single", "multi"}) {
      RunConfig cfg = config(csv, "diffsasrec", ", \"diffusion_type\": \"" + type + "\", \"num_recs\": 3");
      Path runDir = Files.createDirectories(dir.resolve("run-" + type));
      RunDirectory run = new RunDirectory(runDir);
      new TrainingRun().execute(cfg, run);

      JsonObject test = ConfigReader.gson().fromJson(Files.readString(runDir.resolve("metrics.json")), JsonObject.class)
          .getAsJsonObject("test");
      for (String key : new String[] {"ndcg@3", "hit@3", "mrr@3", "coverage@3"}) {
        assertTrue(test.has(key), type + ": metrics.json has " + key + ": " + test.keySet());
        double v = test.get(key).getAsDouble();
        assertTrue(v >= 0 && v <= 1, type + " " + key + " = " + v);
      }
      assertEquals(2, run.epochLines().size());

      SplitDataset split = Datasets.split(Datasets.load(cfg.data()), cfg.data());
      List<EvalCase> cases = split.test().subList(0, Math.min(8, split.test().size()));
      assertTrue(cases.size() >= 4, "the time split leaves test users: " + split.test().size());
      SequentialRecommender model = ModelCatalog.create(cfg, split, true);
      int[][] ranked;
      try (Trainer trainer = new Trainer(model, cfg.train(), cfg.seed(), model::buildValidationHead)) {
        trainer.restoreBest(run.checkpointDir());
        ranked = new CatalogEvaluator(trainer.session(), trainer.head(), model.historyLength(), 64, false)
            .rank(cases, 3);
      }
      long[][] histories = new long[cases.size()][];
      for (int i = 0; i < cases.size(); i++) {
        int[] h = cases.get(i).history();
        histories[i] = new long[h.length];
        for (int j = 0; j < h.length; j++) histories[i][j] = Long.parseLong(split.data().items().original(h[j]));
      }
      try (ServingModel served = new ServingModel(run.savedModelDir())) {
        long[][] ids = served.recommend(histories, 3).ids();
        for (int i = 0; i < cases.size(); i++) {
          long[] want = new long[ranked[i].length];
          for (int j = 0; j < want.length; j++) want[j] = Long.parseLong(split.data().items().original(ranked[i][j]));
          assertArrayEquals(want, ids[i], type + ": served list of user " + cases.get(i).user());
          Set<Long> distinct = new HashSet<>();
          for (long id : ids[i]) distinct.add(id);
          assertEquals(3, distinct.size(), type + ": three distinct items");
        }
      }
    }

    // Supervised fine-tuning: a second run that starts from the single-step run's best weights.
    String pretrained = dir.resolve("run-single").resolve("checkpoints").resolve("best").resolve("ckpt").toString();
    RunConfig sft = config(csv, "diffsasrec", ", \"sft\": true, \"init_from\": \"" + pretrained.replace("\\", "/") + "\"");
    RunDirectory run = new RunDirectory(Files.createDirectories(dir.resolve("run-sft")));
    new TrainingRun().execute(sft, run);
    JsonObject epoch = JsonParser.parseString(run.epochLines().get(0)).getAsJsonObject();
    double rate = epoch.get("mask_rate").getAsDouble();
    assertTrue(rate > 0.05 && rate < 0.35, "one masked position per sequence of 3 to 9 items: " + rate);
    assertTrue(Files.isRegularFile(run.directory().resolve("metrics.json")));
  }
}
