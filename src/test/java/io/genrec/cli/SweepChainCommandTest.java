package io.genrec.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.genrec.experiment.FakeRunBody;
import io.genrec.experiment.PlannedRun;
import io.genrec.experiment.TestModels;
import io.genrec.experiment.TestRuns;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.commons.cli.DefaultParser;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A pre-train → fine-tune chain through genrec sweep and genrec run: order, kills, shards, stages, SLURM. */
class SweepChainCommandTest {
  @TempDir Path tmp;
  private final FakeRunBody body = new FakeRunBody();
  private Path configs;
  private Path runs;
  /** pre (one run), then ft seed 1 and ft seed 2, both starting from pre. */
  private List<PlannedRun> plan;

  @BeforeEach
  void chain() throws Exception {
    configs = tmp.resolve("configs");
    runs = tmp.resolve("runs");
    TestRuns.config(configs, "finetune.json", "tuned", "toy", "\"needs\":\"pretrain.json\",\"sweep\":{\"seed\":[1,2]}");
    TestRuns.config(configs, "pretrain.json", "gru4rec", "toy", "");
    plan = TestRuns.plan(configs, runs);
    assertEquals(3, plan.size());
  }

  private int sweep(TestRuns.Captured out, String... args) throws Exception {
    SweepCommand cmd = new SweepCommand(TestModels.INSTANCE, () -> body, TestRuns.sources(), Map.of(), out.stream);
    List<String> all = new ArrayList<>(List.of(configs.toString(), "--runs-dir", runs.toString()));
    all.addAll(List.of(args));
    return cmd.run(new DefaultParser().parse(cmd.options(), all.toArray(String[]::new)));
  }

  @Test
  void aKillMidChainResumesAndFinishesEveryRunExactlyOnce() throws Exception {
    PlannedRun pre = plan.get(0);
    body.crashOnceAtEpoch.put(pre.name(), 2);
    assertThrows(FakeRunBody.Crash.class, () -> sweep(new TestRuns.Captured()));
    assertFalse(pre.directory().isDone());
    assertFalse(Files.exists(plan.get(1).directory().path()), "nothing that needs the killed run started");

    TestRuns.Captured second = new TestRuns.Captured();
    assertEquals(ExitCode.OK, sweep(second));
    assertTrue(second.text().contains("3 done, 0 skipped (already done), 0 failed"), second.text());
    TestRuns.Captured third = new TestRuns.Captured();
    assertEquals(ExitCode.OK, sweep(third));
    assertTrue(third.text().contains("0 done, 3 skipped"), third.text());

    assertEquals(Map.of(pre.directory().path(), 2, plan.get(1).directory().path(), 1, plan.get(2).directory().path(), 1),
        body.invocations);
    assertEquals(List.of(0, 1), body.startedFrom.get(pre.name()), "the pre-training resumed from its checkpoint");
    for (PlannedRun ft : plan.subList(1, 3)) {
      assertEquals(pre.directory().path(), body.initFrom.get(ft.name()), "each fine-tune started from the finished run");
      assertTrue(ft.directory().isDone());
    }
  }

  @Test
  void aShardWaitsForANeededRunOfAnotherShardAndRunsItOnTheNextTry() throws Exception {
    // Shard 2/2 owns position 1 (ft seed 1); its pre-training is shard 1's.
    TestRuns.Captured early = new TestRuns.Captured();
    assertEquals(ExitCode.SWEEP_HAS_WAITING_RUNS, sweep(early, "--shard", "2/2"));
    assertTrue(early.text().contains("0 done, 0 skipped (already done), 0 failed, 1 waiting for runs they need"),
        early.text());
    assertTrue(early.text().contains("waiting  " + plan.get(1).directory().path() + "  (needs ["
        + plan.get(0).directory().path() + "])"), early.text());
    assertTrue(body.invocations.isEmpty());
    assertFalse(Files.exists(plan.get(1).directory().path()), "a waiting run leaves no directory behind");

    assertEquals(ExitCode.OK, sweep(new TestRuns.Captured(), "--shard", "1/2"));
    assertTrue(plan.get(0).directory().isDone() && plan.get(2).directory().isDone(), "shard 1 runs pre, then ft seed 2");
    assertEquals(ExitCode.OK, sweep(new TestRuns.Captured(), "--shard", "2/2"));
    assertTrue(plan.get(1).directory().isDone());
    assertEquals(3, body.invocations.size());
  }

  @Test
  void aFailedNeedLeavesWhatNeedsItWaitingAndTheRestGoesOn() throws Exception {
    TestRuns.config(configs, "other.json", "sasrec", "toy", "");
    body.alwaysFail.add(plan.get(0).name());
    TestRuns.Captured out = new TestRuns.Captured();
    assertEquals(ExitCode.SWEEP_HAD_FAILURES, sweep(out, "--continue-after-error"));
    assertTrue(out.text().contains("1 done, 0 skipped (already done), 1 failed, 2 waiting"), out.text());
    assertEquals(2, body.invocations.size(), "the failed pre-training and the independent config");
  }

  @Test
  void stagesListAndRunOneLayerOfTheChain() throws Exception {
    TestRuns.Captured dry = new TestRuns.Captured();
    assertEquals(ExitCode.OK, sweep(dry, "--dry-run"));
    List<String> lines = dry.text().lines().toList();
    assertTrue(lines.get(0).startsWith("pending  " + plan.get(0).directory().path()) && lines.get(0).endsWith("stage 1"),
        lines.get(0));
    assertTrue(lines.get(1).startsWith("waiting  " + plan.get(1).directory().path()) && lines.get(1).endsWith("stage 2"),
        lines.get(1));
    assertEquals("3 runs: 0 done, 3 to run (2 stages: a run starts from runs of lower stages)", lines.get(3));

    TestRuns.Captured stage2 = new TestRuns.Captured();
    assertEquals(ExitCode.OK, sweep(stage2, "--dry-run", "--stage", "2", "--shard", "2/2"));
    assertTrue(stage2.text().contains(plan.get(2).directory().path().toString()), stage2.text());
    assertTrue(stage2.text().endsWith("1 runs (shard 2/2 of 2 runs of stage 2/2): 0 done, 1 to run"
        + " (2 stages: a run starts from runs of lower stages)\n"), stage2.text());

    assertEquals(ExitCode.OK, sweep(new TestRuns.Captured(), "--stage", "1"));
    assertEquals(1, body.invocations.size());
    assertEquals(ExitCode.OK, sweep(new TestRuns.Captured(), "--stage", "2"));
    assertEquals(3, body.invocations.size());
    assertThrows(UsageException.class, () -> sweep(new TestRuns.Captured(), "--stage", "3"));
  }

  @Test
  void emitSlurmSubmitsOneArrayPerStageEachAfterTheOneBefore() throws Exception {
    Path script = tmp.resolve("chain.sbatch");
    TestRuns.Captured out = new TestRuns.Captured();
    assertEquals(ExitCode.OK, sweep(out, "--emit-slurm", script.toString(), "--shards", "4"));
    String stage1 = Files.readString(tmp.resolve("chain.stage1.sbatch"));
    String stage2 = Files.readString(tmp.resolve("chain.stage2.sbatch"));
    assertTrue(stage1.contains("#SBATCH --array=0-0\n") && stage1.contains("#SBATCH --job-name=genrec-configs-stage1\n"), stage1);
    assertTrue(stage1.contains("exec " + Path.of("tools/genrec").toAbsolutePath() + " sweep " + configs
        + " --stage 1 --shard $((SLURM_ARRAY_TASK_ID+1))/1 --runs-dir " + runs + "\n"), stage1);
    assertTrue(stage2.contains("#SBATCH --array=0-1\n") && stage2.contains("--stage 2 --shard $((SLURM_ARRAY_TASK_ID+1))/2"),
        stage2);
    List<String> submit = Files.readAllLines(script);
    assertEquals("job=$(sbatch --parsable " + tmp.resolve("chain.stage1.sbatch").toAbsolutePath() + ")", submit.get(6));
    assertEquals("job=$(sbatch --parsable --dependency=afterany:\"${job%%;*}\" "
        + tmp.resolve("chain.stage2.sbatch").toAbsolutePath() + ")", submit.get(8));
    assertTrue(out.text().contains("stage 1: 1 runs in 1 tasks, stage 2: 2 runs in 2 tasks"), out.text());
    assertTrue(out.text().contains("Submit with:  bash " + script), out.text());
    assertTrue(body.invocations.isEmpty());
  }

  @Test
  void genrecRunRunsWhatTheConfigNeedsFirst() throws Exception {
    RunCommand cmd = new RunCommand(TestModels.INSTANCE, () -> body, TestRuns.sources(), new TestRuns.Captured().stream);
    String[] args = {configs.resolve("finetune.json").toString(), "--runs-dir", runs.toString(), "--set", "seed=2"};
    assertEquals(ExitCode.OK, cmd.run(new DefaultParser().parse(cmd.options(), args)));
    // --set applies to the needed config too: both run with seed 2.
    List<PlannedRun> pinned = TestRuns.plan(configs, runs, "seed=2");
    assertEquals(2, pinned.size());
    assertEquals(2, pinned.get(0).resolved().config().seed());
    assertTrue(pinned.get(0).directory().isDone() && pinned.get(1).directory().isDone());
    assertEquals(pinned.get(0).directory().path(), body.initFrom.get(pinned.get(1).name()));
    assertEquals(2, body.invocations.size());
  }
}
