package io.genrec.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import io.genrec.cli.SweepCommand;
import io.genrec.config.ConfigReader;
import io.genrec.model.catalog.ModelCatalog;
import io.genrec.serve.ServingModel;
import io.genrec.train.RunBody;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.commons.cli.DefaultParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * VQ-Rec's chain on tiny data: pre-training over two domains (data.sources, codes of one shared
 * quantizer, in-batch + semi-synthetic loss, no hold-out) is killed after epoch 2 and resumed; the
 * fine-tune on a third domain with its own codes warm-starts from it, re-maps the code table,
 * trains with the encoder frozen, and exports a SavedModel that serves.
 */
class VqRecChainEndToEndTest {
  @TempDir Path tmp;

  /** Users walking items first.. in steps of one. */
  private Path sequences(String name, int users, int first, int items, long seed) throws Exception {
    Random rng = new Random(seed);
    StringBuilder sb = new StringBuilder();
    for (int u = 1; u <= users; u++) {
      int len = 4 + rng.nextInt(5);
      int start = rng.nextInt(items);
      sb.append("u").append(u);
      for (int i = 0; i < len; i++) sb.append(' ').append(first + (start + i) % items);
      sb.append('\n');
    }
    return Files.writeString(tmp.resolve(name + ".txt"), sb.toString());
  }

  /** 4 codes in 0..7 per item, keyed {@code prefix + id}. */
  private Path codes(String name, String prefix, int first, int items, long seed) throws Exception {
    Random rng = new Random(seed);
    StringBuilder sb = new StringBuilder("item_id\tcodes\n");
    for (int i = 0; i < items; i++) {
      sb.append(prefix).append(first + i).append('\t').append(rng.nextInt(8)).append(' ').append(rng.nextInt(8))
          .append(' ').append(rng.nextInt(8)).append(' ').append(rng.nextInt(8)).append('\n');
    }
    return Files.writeString(tmp.resolve(name), sb.toString());
  }

  private static String slash(Path p) {
    return p.toString().replace("\\", "/");
  }

  /**
   * pretrain.json (two domains, 3 epochs) and finetune.json (a third domain with its own codes, the
   * encoder frozen) that needs it, with {@code finetuneModel} added to its model section.
   */
  private Path writeChain(String finetuneModel, int finetuneEpochs) throws Exception {
    Path a = sequences("a", 30, 101, 20, 1);
    Path b = sequences("b", 30, 201, 15, 2);
    Path c = sequences("c", 40, 301, 25, 3);
    Path preCodes = codes("pre-codes.tsv", "", 0, 0, 0);
    StringBuilder joint = new StringBuilder(Files.readString(codes("a-codes.tsv", "a:", 101, 20, 4)));
    joint.append(Files.readString(codes("b-codes.tsv", "b:", 201, 15, 5)).replace("item_id\tcodes\n", ""));
    Files.writeString(preCodes, joint.toString());
    Path ftCodes = codes("c-codes.tsv", "", 301, 25, 6);
    Path configs = Files.createDirectories(tmp.resolve("configs"));
    String model = "\"name\": \"vqrec\", \"codebook_size\": 8, \"hidden\": 16, \"ff_dim\": 32, \"num_blocks\": 1";
    Files.writeString(configs.resolve("pretrain.json"), """
        {"experiment": "chain",
         "data": {"split": "none", "max_length": 8,
                  "sources": [{"name": "a", "path": "%s"}, {"name": "b", "path": "%s"}]},
         "model": {%s, "codes": {"path": "%s"}, "objective": "pretrain"},
         "train": {"epochs": 3, "batch_size": 32, "lr": 0.01, "progress": false},
         "eval": {"ks": [10]}, "export": {"enabled": false}}
        """.formatted(slash(a), slash(b), model, slash(preCodes)));
    Files.writeString(configs.resolve("finetune.json"), """
        {"experiment": "chain", "needs": "pretrain.json",
         "data": {"path": "%s", "max_length": 8},
         "model": {%s, "codes": {"path": "%s"}, %s},
         "train": {"epochs": %d, "batch_size": 32, "lr": 0.01, "progress": false,
                   "param_groups": {"encoder": {"frozen": true}}},
         "eval": {"ks": [10]}, "export": {"dir": "%s"}}
        """.formatted(slash(c), model, slash(ftCodes), finetuneModel, finetuneEpochs, slash(tmp.resolve("exports"))));
    return configs;
  }

  @Test
  void preTrainsOnTwoDomainsResumesAfterAKillAndFineTunesAThirdThatServes() throws Exception {
    Path configs = writeChain("\"permutation\": \"random\"", 2);
    Path runs = tmp.resolve("runs");
    List<PlannedRun> plan =
        SweepPlan.read(configs, List.of(), new ConfigReader(ModelCatalog.INSTANCE), runs).runs();
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
    assertFalse(Files.exists(ft.directory().path()), "the fine-tune waits for its pre-training");
    assertEquals(0, sweep.run(new DefaultParser().parse(sweep.options(), args)));

    assertEquals(Map.of(pre.name(), 2, ft.name(), 1), calls);
    assertEquals(List.of(1, 2, 3), pre.directory().epochLines().stream()
        .map(l -> ConfigReader.gson().fromJson(l, JsonObject.class).get("epoch").getAsInt()).toList());
    String log = Files.readString(ft.directory().file(RunDirectory.RUN_LOG));
    assertTrue(log.contains("warm start from " + pre.directory().path().resolve("checkpoints/best/ckpt")), log);
    assertTrue(log.contains("code table re-mapped"), log);
    assertTrue(ConfigReader.parseFile(ft.directory().file(RunDirectory.METRICS)).getAsJsonObject("test").has("ndcg@10"));
    try (ServingModel served = new ServingModel(ft.directory().path().resolve("savedmodel"))) {
      long[] ids = served.recommend(new long[][] {{301, 302, 303}}, 5).ids()[0];
      assertEquals(5, ids.length);
      for (long id : ids) assertTrue(id >= 301 && id < 326, "item " + id + " of the fine-tuned domain");
    }
  }

  /**
   * permutation learned: the fine-tune warm-starts although the pre-training run has no permutation
   * logits, learns them in its one reassign epoch, writes them into the table, is killed after epoch
   * 2 and resumed from epoch 1's checkpoint without permuting again, then serves.
   */
  @Test
  void aLearnedPermutationFineTuneResumesWithoutPermutingAgainAndServes() throws Exception {
    Path configs = writeChain("\"permutation\": \"learned\", \"reassign_epochs\": 1", 3);
    Path runs = tmp.resolve("runs");
    List<PlannedRun> plan =
        SweepPlan.read(configs, List.of(), new ConfigReader(ModelCatalog.INSTANCE), runs).runs();
    PlannedRun ft = plan.get(1);
    Map<String, Integer> calls = new HashMap<>();
    boolean[] killed = {false};
    RunBody body = (cfg, out) -> {
      int n = calls.merge(out.directory().getFileName().toString(), 1, Integer::sum);
      boolean victim = out.directory().equals(ft.directory().path()) && n == 1;
      new TrainingRun().execute(cfg, victim ? RealSweepEndToEndTest.killAfterEpochTwo(out, killed) : out);
    };
    SweepCommand sweep = new SweepCommand(ModelCatalog.INSTANCE, () -> body, TestRuns.sources(), Map.of(),
        new TestRuns.Captured().stream);
    String[] args = {configs.toString(), "--runs-dir", runs.toString()};
    assertThrows(RealSweepEndToEndTest.Killed.class, () -> sweep.run(new DefaultParser().parse(sweep.options(), args)));
    assertEquals(0, sweep.run(new DefaultParser().parse(sweep.options(), args)));
    assertEquals(2, calls.get(ft.name()), "killed once, resumed once");

    String log = Files.readString(ft.directory().file(RunDirectory.RUN_LOG));
    assertTrue(log.contains("kept their initialisation: vqrec/permutation/logits"), log);
    assertTrue(log.contains("resumed from"), log);
    assertEquals(1, log.split("re-mapped by the learned permutation after epoch 1", -1).length - 1,
        "written once, never again on resume:\n" + log);
    assertEquals(List.of(1, 2, 3), ft.directory().epochLines().stream()
        .map(l -> ConfigReader.gson().fromJson(l, JsonObject.class).get("epoch").getAsInt()).toList());
    try (ServingModel served = new ServingModel(ft.directory().path().resolve("savedmodel"))) {
      long[] ids = served.recommend(new long[][] {{301, 302, 303}}, 5).ids()[0];
      assertEquals(5, ids.length);
      for (long id : ids) assertTrue(id >= 301 && id < 326, "item " + id + " of the fine-tuned domain");
    }
  }
}
