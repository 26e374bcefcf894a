package io.genrec.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
import org.apache.commons.cli.DefaultParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunCommandTest {
  @TempDir Path tmp;
  private final FakeRunBody body = new FakeRunBody();
  private final TestRuns.Captured out = new TestRuns.Captured();

  private int run(String... args) throws Exception {
    RunCommand cmd = new RunCommand(TestModels.INSTANCE, () -> body, TestRuns.sources(), out.stream);
    return cmd.run(new DefaultParser().parse(cmd.options(), args));
  }

  @Test
  void runsOnceThenSaysAlreadyDoneAndForceRedoes() throws Exception {
    Path cfg = TestRuns.config(tmp, "a.json", "sasrec", "toy", "");
    String runs = tmp.resolve("runs").toString();
    PlannedRun planned = TestRuns.plan(cfg, tmp.resolve("runs"), "seed=5").get(0);
    assertEquals(ExitCode.OK, run(cfg.toString(), "--runs-dir", runs, "--set", "seed=5"));
    assertEquals(ExitCode.OK, run(cfg.toString(), "--runs-dir", runs, "--set", "seed=5"));
    assertEquals(List.of("done: " + planned.directory().path(), "already done: " + planned.directory().path()),
        out.text().lines().toList());
    assertEquals(1, body.invocations.get(planned.directory().path()));
    assertEquals(ExitCode.OK, run(cfg.toString(), "--runs-dir", runs, "--set", "seed=5", "--force"));
    assertEquals(2, body.invocations.get(planned.directory().path()));
    String argv = Files.readString(planned.directory().file(RunDirectory.PROVENANCE));
    assertTrue(argv.contains("\"--force\""), argv);
  }

  @Test
  void aFailedRunPropagatesItsExceptionAfterWritingErrorTxt() throws Exception {
    Path cfg = TestRuns.config(tmp, "a.json", "sasrec", "toy", "");
    PlannedRun planned = TestRuns.plan(cfg, tmp.resolve("runs")).get(0);
    body.alwaysFail.add(planned.name());
    assertThrows(IllegalStateException.class, () -> run(cfg.toString(), "--runs-dir", tmp.resolve("runs").toString()));
    assertTrue(Files.exists(planned.directory().file(RunDirectory.ERROR)));
  }

  @Test
  void aConfigWithASweepIsRefusedUnlessEverySweptKeyIsPinned() throws Exception {
    Path cfg = TestRuns.config(tmp, "a.json", "sasrec", "toy", "\"sweep\":{\"seed\":[1,2]}");
    String runs = tmp.resolve("runs").toString();
    UsageException e = assertThrows(UsageException.class, () -> run(cfg.toString(), "--runs-dir", runs));
    assertTrue(e.getMessage().contains("sweeps over 2 runs"), e.getMessage());
    assertEquals(ExitCode.OK, run(cfg.toString(), "--runs-dir", runs, "--set", "seed=2"));
  }

  @Test
  void provenanceRecordsTheCommandLineWithEveryRepeatedSet() throws Exception {
    Path cfg = TestRuns.config(tmp, "a.json", "sasrec", "toy", "");
    String runs = tmp.resolve("runs").toString();
    PlannedRun planned = TestRuns.plan(cfg, tmp.resolve("runs"), "seed=2", "train.epochs=2").get(0);
    run(cfg.toString(), "--runs-dir", runs, "--set", "seed=2", "--set", "train.epochs=2");
    String argv = io.genrec.config.ConfigReader.parseFile(planned.directory().file(RunDirectory.PROVENANCE))
        .get("argv").toString();
    assertEquals("[\"genrec\",\"run\",\"--runs-dir\",\"" + runs + "\",\"--set\",\"seed=2\",\"--set\","
        + "\"train.epochs=2\",\"" + cfg + "\"]", argv);
  }

  @Test
  void theDefaultBodyTrainsAndAMissingDataFileIsARecordedFailure() throws Exception {
    assertTrue(io.genrec.experiment.RunBodies.training() instanceof io.genrec.experiment.TrainingRun);
    Path cfg = TestRuns.config(tmp, "a.json", "sasrec", "missing", "");
    RunCommand cmd = new RunCommand(io.genrec.model.catalog.ModelCatalog.INSTANCE, io.genrec.experiment.RunBodies::training,
        TestRuns.sources(), out.stream);
    Path runs = tmp.resolve("r");
    assertThrows(java.nio.file.NoSuchFileException.class, () -> cmd.run(
        new DefaultParser().parse(cmd.options(), new String[] {cfg.toString(), "--runs-dir", runs.toString()})));
    try (var dirs = java.nio.file.Files.walk(runs)) {
      assertTrue(dirs.anyMatch(p -> p.getFileName().toString().equals("error.txt")), "error.txt recorded");
    }
  }
}
