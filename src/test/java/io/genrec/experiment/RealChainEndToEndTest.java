package io.genrec.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import io.genrec.cli.SweepCommand;
import io.genrec.config.ConfigReader;
import io.genrec.model.catalog.ModelCatalog;
import io.genrec.train.RunBody;
import io.genrec.train.TinyRuns;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.cli.DefaultParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real SASRec pre-train → fine-tune chain: the pre-training holds nothing out (split none, so no
 * validation and its last epoch is its best), is killed after epoch 2 and resumed; the fine-tune
 * then warm-starts from the pre-training's run directory.
 */
class RealChainEndToEndTest {
  @TempDir Path tmp;

  @Test
  void aFineTuneStartsFromThePreTrainingItNeedsAfterThatWasKilledAndResumed() throws Exception {
    Path data = TinyRuns.writeSequences(tmp, 50, 20, 6);
    Path configs = Files.createDirectories(tmp.resolve("configs"));
    String common = """
        "data": {"path": "%s", "max_length": 8, "split": "%s"},
        "model": {"name": "sasrec", "hidden": 16, "num_blocks": 1, "num_heads": 1},
        "train": {"epochs": 3, "batch_size": 16, "lr": 0.01, "progress": false},
        "eval": {"ks": [10]}, "export": {"enabled": false}""";
    String path = data.toString().replace("\\", "/");
    Files.writeString(configs.resolve("pretrain.json"),
        "{\"experiment\": \"chain\", " + common.formatted(path, "none") + "}");
    Files.writeString(configs.resolve("finetune.json"),
        "{\"experiment\": \"chain\", \"needs\": \"pretrain.json\", " + common.formatted(path, "leave_one_out") + "}");
    Path runs = tmp.resolve("runs");
    List<PlannedRun> plan = TestRuns.plan(configs, runs);
    PlannedRun pre = plan.get(0);
    PlannedRun ft = plan.get(1);

    Map<String, Integer> calls = new HashMap<>();
    boolean[] killed = {false};
    RunBody body = (cfg, out) -> {
      int n = calls.merge(out.directory().getFileName().toString(), 1, Integer::sum);
      boolean victim = out.directory().equals(pre.directory().path()) && n == 1;
      new TrainingRun().execute(cfg, victim ? RealSweepEndToEndTest.killAfterEpochTwo(out, killed) : out);
    };
    SweepCommand sweep = new SweepCommand(ModelCatalog.INSTANCE, () -> body, TestRuns.sources(), Map.of(),
        new TestRuns.Captured().stream);
    String[] args = {configs.toString(), "--runs-dir", runs.toString()};
    assertThrows(RealSweepEndToEndTest.Killed.class, () -> sweep.run(new DefaultParser().parse(sweep.options(), args)));
    assertFalse(Files.exists(ft.directory().path()), "the fine-tune did not start before its pre-training finished");
    assertEquals(0, sweep.run(new DefaultParser().parse(sweep.options(), args)));

    assertEquals(Map.of(pre.name(), 2, ft.name(), 1), calls);
    JsonObject preMetrics = ConfigReader.parseFile(pre.directory().file(RunDirectory.METRICS));
    assertTrue(preMetrics.get("valid").isJsonNull() && preMetrics.get("test").isJsonNull(), preMetrics.toString());
    assertEquals(3, preMetrics.get("best_epoch").getAsInt());
    assertEquals(List.of(1, 2, 3), pre.directory().epochLines().stream()
        .map(l -> ConfigReader.gson().fromJson(l, JsonObject.class).get("epoch").getAsInt()).toList());

    JsonObject ftConfig = ConfigReader.parseFile(ft.directory().file(RunDirectory.CONFIG));
    assertEquals(pre.directory().path().toString(), ftConfig.getAsJsonObject("model").get("init_from")
        .getAsJsonObject().get("path").getAsString());
    String log = Files.readString(ft.directory().file(RunDirectory.RUN_LOG));
    assertTrue(log.contains("warm start from " + pre.directory().path().resolve("checkpoints/best/ckpt")), log);
    assertTrue(ConfigReader.parseFile(ft.directory().file(RunDirectory.METRICS)).getAsJsonObject("test").has("ndcg@10"));
  }
}
