package io.genrec.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.genrec.experiment.FakeRunBody;
import io.genrec.experiment.PlannedRun;
import io.genrec.experiment.RunDirectory;
import io.genrec.experiment.TestModels;
import io.genrec.experiment.TestRuns;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.commons.cli.DefaultParser;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SweepCommandTest {
  @TempDir Path tmp;
  private final FakeRunBody body = new FakeRunBody();
  private Path configs;
  private Path runs;
  private List<PlannedRun> plan;

  @BeforeEach
  void configs() throws Exception {
    configs = tmp.resolve("configs");
    runs = tmp.resolve("runs");
    TestRuns.config(configs, "a.json", "sasrec", "toy", "\"sweep\":{\"seed\":[1,2,3]}");
    TestRuns.config(configs, "b.json", "gru4rec", "toy", "\"sweep\":{\"seed\":[1,2]}");
    plan = TestRuns.plan(configs, runs);
  }

  private int sweep(TestRuns.Captured out, Map<String, String> env, String... args) throws Exception {
    SweepCommand cmd = new SweepCommand(TestModels.INSTANCE, () -> body, TestRuns.sources(), env, out.stream);
    String[] all = new String[args.length + 3];
    all[0] = configs.toString();
    all[1] = "--runs-dir";
    all[2] = runs.toString();
    System.arraycopy(args, 0, all, 3, args.length);
    return cmd.run(new DefaultParser().parse(cmd.options(), all));
  }

  @Test
  void continueAfterErrorRunsTheRestAndExitsThree() throws Exception {
    body.alwaysFail.add(plan.get(1).name());
    TestRuns.Captured out = new TestRuns.Captured();
    assertEquals(ExitCode.SWEEP_HAD_FAILURES, sweep(out, Map.of(), "--continue-after-error"));
    assertTrue(out.text().contains("4 done, 0 skipped (already done), 1 failed"), out.text());
    assertTrue(out.text().contains("failed   " + plan.get(1).directory().path()), out.text());
    assertTrue(Files.exists(plan.get(1).directory().file(RunDirectory.ERROR)));
    for (int i : new int[] {0, 2, 3, 4}) assertTrue(plan.get(i).directory().isDone());
  }

  @Test
  void withoutTheFlagTheFirstFailureStopsTheSweep() throws Exception {
    body.alwaysFail.add(plan.get(1).name());
    assertThrows(IllegalStateException.class, () -> sweep(new TestRuns.Captured(), Map.of()));
    assertFalse(Files.exists(plan.get(2).directory().path()));
  }

  @Test
  void dryRunListsRunsWithStatusAndRunsNothing() throws Exception {
    new io.genrec.experiment.ExperimentRunner(body, TestRuns.sources(), List.of()).run(plan.get(0), false);
    TestRuns.Captured out = new TestRuns.Captured();
    assertEquals(ExitCode.OK, sweep(out, Map.of(), "--dry-run"));
    List<String> lines = out.text().lines().toList();
    assertEquals(6, lines.size());
    assertTrue(lines.get(0).startsWith("done     " + plan.get(0).directory().path() + "  seed=1"), lines.get(0));
    assertTrue(lines.get(4).startsWith("pending  " + plan.get(4).directory().path() + "  seed=2"), lines.get(4));
    assertEquals("5 runs: 1 done, 4 to run", lines.get(5));
    assertEquals(1, body.invocations.size());
  }

  @Test
  void shardOptionAndSlurmEnvironmentPickTheSameShare() throws Exception {
    TestRuns.Captured a = new TestRuns.Captured();
    sweep(a, Map.of(), "--dry-run", "--shard", "2/2");
    TestRuns.Captured b = new TestRuns.Captured();
    sweep(b, Map.of("SLURM_ARRAY_TASK_ID", "1", "SLURM_ARRAY_TASK_COUNT", "2"), "--dry-run");
    assertEquals(a.text(), b.text());
    assertTrue(a.text().contains(plan.get(1).directory().path().toString()));
    assertTrue(a.text().contains(plan.get(3).directory().path().toString()));
    assertTrue(a.text().endsWith("2 runs (shard 2/2 of 5 runs): 0 done, 2 to run\n"), a.text());

    TestRuns.Captured run = new TestRuns.Captured();
    assertEquals(ExitCode.OK, sweep(run, Map.of("SLURM_ARRAY_TASK_ID", "0", "SLURM_ARRAY_TASK_COUNT", "2")));
    assertEquals(3, body.invocations.size());
    for (int i : new int[] {0, 2, 4}) assertTrue(plan.get(i).directory().isDone());
  }

  @Test
  void emitSlurmWritesTheArrayScriptAndPrintsHowToSubmit() throws Exception {
    Path script = tmp.resolve("sweep.sbatch");
    TestRuns.Captured out = new TestRuns.Captured();
    assertEquals(ExitCode.OK, sweep(out, Map.of(), "--emit-slurm", script.toString(), "--partition", "gpu",
        "--time", "04:00:00", "--cpus", "4", "--mem", "16G", "--set", "train.epochs=2", "--continue-after-error"));
    String text = Files.readString(script);
    assertTrue(text.contains("#SBATCH --array=0-4\n"), text);
    assertTrue(text.contains("#SBATCH --partition=gpu\n#SBATCH --time=04:00:00\n#SBATCH --cpus-per-task=4\n"
        + "#SBATCH --mem=16G\n"), text);
    assertTrue(text.contains("#SBATCH --output=" + runs.toAbsolutePath().resolve("slurm-logs") + "/%x-%A_%a.out"), text);
    assertTrue(text.contains("cd " + Path.of("").toAbsolutePath() + "\n"), text);
    assertTrue(text.contains("exec " + Path.of("tools/genrec").toAbsolutePath() + " sweep " + configs
        + " --shard $((SLURM_ARRAY_TASK_ID+1))/5"
        + " --set train.epochs=2 --runs-dir " + runs + " --continue-after-error\n"), text);
    assertTrue(Files.isDirectory(runs.resolve("slurm-logs")));
    assertTrue(out.text().contains("Submit with:  sbatch " + script), out.text());
    assertTrue(body.invocations.isEmpty(), "emitting a script runs nothing");

    assertEquals(ExitCode.OK, sweep(new TestRuns.Captured(), Map.of(), "--emit-slurm", script.toString(), "--shards", "2"));
    assertTrue(Files.readString(script).contains("#SBATCH --array=0-1\n"));
    assertTrue(Files.readString(script).contains("--shard $((SLURM_ARRAY_TASK_ID+1))/2"));
  }

  @Test
  void emitSlurmNamesTheLauncherThatRanItAndRefusesOneThatIsNotThere() throws Exception {
    Path launcher = tmp.resolve("elsewhere/tools/genrec");
    Files.createDirectories(launcher.getParent());
    Files.writeString(launcher, "#!/bin/sh\n");
    assertTrue(launcher.toFile().setExecutable(true));
    Path script = tmp.resolve("sweep.sbatch");
    assertEquals(ExitCode.OK, sweep(new TestRuns.Captured(), Map.of("GENREC_LAUNCHER", launcher.toString()),
        "--emit-slurm", script.toString()));
    assertTrue(Files.readString(script).contains("\nexec " + launcher + " sweep "), Files.readString(script));

    UsageException e = assertThrows(UsageException.class, () -> sweep(new TestRuns.Captured(),
        Map.of("GENREC_LAUNCHER", tmp.resolve("missing/genrec").toString()), "--emit-slurm", script.toString()));
    assertTrue(e.getMessage().contains(tmp.resolve("missing/genrec") + ", which is not an executable"), e.getMessage());
    assertTrue(Files.readString(script).contains("\nexec " + launcher + " sweep "), "the earlier script is kept");
  }

  @Test
  void slurmOptionsWithoutEmitSlurmAreAUsageError() {
    assertThrows(UsageException.class, () -> sweep(new TestRuns.Captured(), Map.of(), "--partition", "gpu"));
  }
}
