package io.genrec.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.genrec.config.ConfigException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Plans of configs that need other configs' runs: order, which run is needed, and the errors. */
class SweepChainTest {
  @TempDir Path tmp;

  private static String needs(String path) {
    return "\"needs\":\"" + path + "\"";
  }

  private static String initFrom(PlannedRun run) {
    return run.resolved().config().initFrom().path();
  }

  @Test
  void neededRunsComeFirstAndEachFineTuneGetsThePreTrainingRunOfItsSeed() throws Exception {
    Path configs = tmp.resolve("configs");
    // Sorted by name the fine-tune comes first; its need moves the pre-training before it.
    TestRuns.config(configs, "a_finetune.json", "tuned", "toy", needs("z_pretrain.json") + ",\"sweep\":{\"seed\":[1,2]}");
    TestRuns.config(configs, "z_pretrain.json", "gru4rec", "toy", "\"sweep\":{\"seed\":[1,2]}");
    SweepPlan plan = SweepPlan.read(configs, List.of(), TestRuns.READER, tmp.resolve("runs"));
    List<PlannedRun> runs = plan.runs();
    assertEquals(List.of("gru4rec", "gru4rec", "tuned", "tuned"),
        runs.stream().map(r -> r.resolved().config().model().name()).toList());
    for (int i = 2; i < 4; i++) {
      PlannedRun fineTune = runs.get(i);
      PlannedRun preTrain = runs.get(i - 2);
      assertEquals(preTrain.resolved().config().seed(), fineTune.resolved().config().seed());
      assertEquals(List.of(preTrain.directory()), fineTune.needs());
      assertEquals(preTrain.directory().path().toString(), initFrom(fineTune));
      assertEquals(preTrain.directory().path().toString(),
          fineTune.overrides().getAsJsonObject("needs").get("model.init_from").getAsString());
      assertTrue(fineTune.describeOverrides().contains("model.init_from=\"" + preTrain.directory().path() + "\""));
      assertEquals(2, plan.stage(fineTune));
      assertEquals(1, plan.stage(preTrain));
    }
    assertEquals(2, plan.stageCount());
    assertEquals(runs.subList(2, 4), plan.stageRuns(2));
    assertEquals(List.of(runs.get(1), runs.get(3)), plan.withNeeds(runs.get(3)));
  }

  @Test
  void theNeededRunIsPartOfTheNeedingRunsIdentity() throws Exception {
    Path configs = tmp.resolve("configs");
    TestRuns.config(configs, "ft.json", "tuned", "toy", needs("pre.json"));
    TestRuns.config(configs, "pre.json", "gru4rec", "toy", "");
    Path runs = tmp.resolve("runs");
    List<PlannedRun> once = TestRuns.plan(configs, runs);
    assertEquals(once.stream().map(PlannedRun::name).toList(),
        TestRuns.plan(configs, runs).stream().map(PlannedRun::name).toList(), "deterministic");
    // A different pre-training run (its file now sets another lr) is a different fine-tuning run.
    Path pre = configs.resolve("pre.json");
    Files.writeString(pre, Files.readString(pre).replace("\"lr\":0.001", "\"lr\":0.002"));
    List<PlannedRun> otherLr = TestRuns.plan(configs, runs);
    assertNotEquals(once.get(0).name(), otherLr.get(0).name());
    assertNotEquals(once.get(1).name(), otherLr.get(1).name());
    assertEquals(0.001, otherLr.get(1).resolved().config().train().lr(), "the fine-tune's own config is unchanged");
    Files.writeString(pre, Files.readString(pre).replace("\"lr\":0.002", "\"lr\":0.001"));
    // Without its need the same file is yet another run.
    Files.writeString(configs.resolve("ft.json"), Files.readString(configs.resolve("ft.json")).replace(
        needs("pre.json") + ",", "").replace("," + needs("pre.json"), ""));
    assertNotEquals(once.get(1).name(), TestRuns.plan(configs.resolve("ft.json"), runs).get(0).name());
  }

  @Test
  void aNeededConfigOutsideTheSweepIsPulledInWithOnlyTheRunsNeeded() throws Exception {
    TestRuns.config(tmp, "pretrain/pre.json", "gru4rec", "toy", "\"sweep\":{\"seed\":[1,2,3]}");
    Path fineTune = TestRuns.config(tmp, "finetune/ft.json", "tuned", "toy",
        needs("../pretrain/pre.json") + ",\"seed\":2");
    List<PlannedRun> runs = TestRuns.plan(tmp.resolve("finetune"), tmp.resolve("runs"));
    assertEquals(2, runs.size());
    assertEquals(2, runs.get(0).resolved().config().seed());
    assertEquals(tmp.resolve("finetune/../pretrain/pre.json").normalize(), runs.get(0).source());
    assertEquals(fineTune, runs.get(1).source());
  }

  @Test
  void aNeededConfigWithOneRunServesEverySeed() throws Exception {
    Path configs = tmp.resolve("configs");
    TestRuns.config(configs, "pre.json", "gru4rec", "toy", "");
    TestRuns.config(configs, "ft.json", "tuned", "toy",
        "\"needs\":{\"config\":\"pre.json\",\"as\":\"model.init_from\"},\"sweep\":{\"seed\":[1,2]}");
    List<PlannedRun> runs = TestRuns.plan(configs, tmp.resolve("runs"));
    assertEquals(3, runs.size());
    assertEquals(initFrom(runs.get(1)), initFrom(runs.get(2)));
    assertEquals(runs.get(0).directory().path().toString(), initFrom(runs.get(2)));
  }

  @Test
  void cyclesMissingFilesAndAmbiguousNeedsAreNamed() throws Exception {
    Path cyc = tmp.resolve("cycle");
    TestRuns.config(cyc, "a.json", "tuned", "toy", needs("b.json"));
    TestRuns.config(cyc, "b.json", "tuned", "toy", needs("a.json"));
    String e = assertThrows(ConfigException.class, () -> TestRuns.plan(cyc, tmp.resolve("runs"))).getMessage();
    assertEquals("needs cycle: " + cyc.resolve("a.json").toAbsolutePath() + " -> " + cyc.resolve("b.json").toAbsolutePath()
        + " -> " + cyc.resolve("a.json").toAbsolutePath() + " (a config cannot start from its own run)", e);

    Path missing = TestRuns.config(tmp, "m/ft.json", "tuned", "toy", needs("../nope.json"));
    e = assertThrows(ConfigException.class, () -> TestRuns.plan(missing, tmp.resolve("runs"))).getMessage();
    assertTrue(e.startsWith(missing.toAbsolutePath() + ": needs ../nope.json: no such config file ("
        + tmp.resolve("nope.json").toAbsolutePath() + ")"), e);

    Path amb = tmp.resolve("ambiguous");
    TestRuns.config(amb, "pre.json", "gru4rec", "toy", "\"sweep\":{\"train.lr\":[0.1,0.2],\"seed\":[1,2]}");
    TestRuns.config(amb, "ft.json", "tuned", "toy", needs("pre.json") + ",\"seed\":1");
    e = assertThrows(ConfigException.class, () -> TestRuns.plan(amb, tmp.resolve("runs"))).getMessage();
    assertTrue(e.contains("ft.json: needs pre.json, which makes 4 runs (seeds [1, 2, 1, 2]), 2 of them with seed 1;"
        + " a needed config must make one run, or one run per seed"), e);

    Path noKey = tmp.resolve("nokey");
    TestRuns.config(noKey, "pre.json", "gru4rec", "toy", "");
    TestRuns.config(noKey, "ft.json", "gru4rec", "toy", "\"needs\":{\"config\":\"pre.json\",\"as\":\"model.init_fron\"}");
    e = assertThrows(ConfigException.class, () -> TestRuns.plan(noKey, tmp.resolve("runs"))).getMessage();
    assertTrue(e.contains("ft.json, with what it needs: model.init_fron: unknown key; did you mean model.init_from?"), e);

    Path badType = TestRuns.config(tmp, "t/ft.json", "tuned", "toy", "\"needs\":[{\"config\":\"a.json\",\"az\":\"x\"}]");
    e = assertThrows(ConfigException.class, () -> TestRuns.plan(badType, tmp.resolve("runs"))).getMessage();
    assertEquals(badType + ": needs[0].az: unknown key (valid keys: config, as)", e);
  }

  @Test
  void theRunnerRefusesARunWhoseNeedHasNotFinished() throws Exception {
    Path configs = tmp.resolve("configs");
    TestRuns.config(configs, "ft.json", "tuned", "toy", needs("pre.json"));
    TestRuns.config(configs, "pre.json", "gru4rec", "toy", "");
    List<PlannedRun> runs = TestRuns.plan(configs, tmp.resolve("runs"));
    ExperimentRunner runner = new ExperimentRunner(new FakeRunBody(), TestRuns.sources(), List.of());
    String e = assertThrows(IllegalStateException.class, () -> runner.run(runs.get(1), false)).getMessage();
    assertTrue(e.contains("which has not finished (no DONE)"), e);
    assertTrue(!Files.exists(runs.get(1).directory().path()), "refused before anything is written");
    runner.run(runs.get(0), false);
    assertEquals(ExperimentRunner.Outcome.COMPLETED, runner.run(runs.get(1), false));
  }

  @Test
  void aConfigThatNeedsAnotherIsNotReadAsAPlainRunConfig() throws Exception {
    Path cfg = TestRuns.config(tmp, "ft.json", "tuned", "toy", needs("pre.json"));
    String e = assertThrows(ConfigException.class, () -> TestRuns.READER.read(cfg, List.of())).getMessage();
    assertTrue(e.contains("needs: this config starts from another config's finished run"), e);
  }
}
