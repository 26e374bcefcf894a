package io.genrec.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import io.genrec.config.ConfigReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExperimentRunnerTest {
  @TempDir Path tmp;

  private PlannedRun plan(String... sets) throws Exception {
    Path cfg = TestRuns.config(tmp.resolve("configs"), "a.json", "sasrec", "toy", "");
    List<PlannedRun> runs = TestRuns.plan(cfg, tmp.resolve("runs"), sets);
    assertEquals(1, runs.size());
    return runs.get(0);
  }

  private static ExperimentRunner runner(FakeRunBody body, Map<String, String> env) {
    return new ExperimentRunner(body, TestRuns.sources(env), List.of("genrec", "run", "a.json"));
  }

  @Test
  void aDoneRunWhoseMetricsDoNotParseIsRunAgainAndTablesNameIt() throws Exception {
    FakeRunBody body = new FakeRunBody();
    PlannedRun run = plan("seed=4");
    assertEquals(ExperimentRunner.Outcome.COMPLETED, runner(body, Map.of()).run(run, false));
    RunDirectory dir = run.directory();
    String metrics = Files.readString(dir.file(RunDirectory.METRICS));
    Files.writeString(dir.file(RunDirectory.METRICS), metrics.substring(0, metrics.length() / 2));
    assertFalse(dir.isDone());
    IllegalArgumentException table = assertThrows(IllegalArgumentException.class, () -> FinishedRun.under(tmp.resolve("runs")));
    assertTrue(table.getMessage().contains(dir.file(RunDirectory.METRICS).toString()), table.getMessage());

    assertEquals(ExperimentRunner.Outcome.COMPLETED, runner(body, Map.of()).run(run, false));
    assertEquals(2, body.invocations.get(dir.path()));
    assertTrue(dir.isDone());
    assertEquals(1, FinishedRun.under(tmp.resolve("runs")).size());
  }

  @Test
  void aCompletedRunHasEveryFileAndDoneIsWrittenLast() throws Exception {
    FakeRunBody body = new FakeRunBody();
    PlannedRun run = plan("seed=3");
    Map<String, String> env = Map.of("SLURM_JOB_ID", "77", "SLURM_ARRAY_TASK_ID", "2");
    assertEquals(ExperimentRunner.Outcome.COMPLETED, runner(body, env).run(run, false));

    RunDirectory dir = run.directory();
    assertEquals(tmp.resolve("runs/e2e").resolve(run.name()), dir.path());
    for (String f : List.of(RunDirectory.CONFIG, RunDirectory.OVERRIDES, RunDirectory.PROVENANCE, RunDirectory.EPOCHS,
        RunDirectory.METRICS, RunDirectory.PER_USER, RunDirectory.RUN_LOG, RunDirectory.SAVEDMODEL_POINTER,
        RunDirectory.DONE)) {
      assertTrue(Files.isRegularFile(dir.file(f)), f);
    }
    assertTrue(Files.isDirectory(dir.file(RunDirectory.CHECKPOINTS)));
    assertFalse(Files.exists(dir.file(RunDirectory.ERROR)));
    FileTime done = Files.getLastModifiedTime(dir.file(RunDirectory.DONE));
    for (String f : List.of(RunDirectory.METRICS, RunDirectory.PER_USER, RunDirectory.PROVENANCE)) {
      assertTrue(Files.getLastModifiedTime(dir.file(f)).compareTo(done) <= 0, f + " written before DONE");
    }

    JsonObject config = ConfigReader.parseFile(dir.file(RunDirectory.CONFIG));
    assertEquals(3, config.get("seed").getAsInt());
    assertFalse(config.has("sweep"));
    assertEquals(run.name(), RunDirectory.name(TestRuns.READER.resolve(config)), "config.json reproduces the name");

    JsonObject overrides = ConfigReader.parseFile(dir.file(RunDirectory.OVERRIDES));
    assertEquals(3, overrides.getAsJsonObject("set").get("seed").getAsInt());

    JsonObject p = ConfigReader.parseFile(dir.file(RunDirectory.PROVENANCE));
    assertEquals("abc123", p.get("git_commit").getAsString());
    assertFalse(p.get("git_dirty").getAsBoolean());
    assertEquals("test-tf", p.get("tensorflow_version").getAsString());
    assertEquals(System.getProperty("java.version"), p.get("java_version").getAsString());
    assertEquals("test-host", p.get("host").getAsString());
    assertEquals(3, p.get("seed").getAsInt());
    assertEquals(2, p.getAsJsonObject("threads").get("intra_op_threads").getAsInt());
    assertEquals("77", p.getAsJsonObject("slurm").get("SLURM_JOB_ID").getAsString());
    assertFalse(p.getAsJsonObject("slurm").has("SLURM_ARRAY_JOB_ID"));
    assertEquals("done", p.get("status").getAsString());
    assertEquals("2025-01-02T03:04:05Z", p.get("end").getAsString());
    assertEquals("[\"genrec\",\"run\",\"a.json\"]", p.get("argv").toString());

    String log = Files.readString(dir.file(RunDirectory.RUN_LOG));
    assertTrue(log.contains("fake training " + run.name()), log);
    assertTrue(log.contains("done: "), log);
    assertEquals(dir.savedModelDir().toAbsolutePath().normalize().toString(),
        Files.readString(dir.file(RunDirectory.SAVEDMODEL_POINTER)).trim());
  }

  @Test
  void runLogStopsCollectingWhenTheRunEnds() throws Exception {
    PlannedRun run = plan();
    runner(new FakeRunBody(), Map.of()).run(run, false);
    String before = Files.readString(run.directory().file(RunDirectory.RUN_LOG));
    org.apache.logging.log4j.LogManager.getLogger("after").error("logged after the run");
    assertEquals(before, Files.readString(run.directory().file(RunDirectory.RUN_LOG)));
  }

  @Test
  void provenanceRecordsNullWhenGitIsUnknown() throws Exception {
    PlannedRun run = plan();
    Provenance.Sources noGit = new Provenance.Sources(() -> "tf", () -> Provenance.Git.UNKNOWN, () -> null,
        Map.of(), java.time.Clock.systemUTC());
    new ExperimentRunner(new FakeRunBody(), noGit, List.of()).run(run, false);
    String text = Files.readString(run.directory().file(RunDirectory.PROVENANCE));
    assertTrue(text.contains("\"git_commit\": null"), text);
    assertTrue(text.contains("\"git_dirty\": null"), text);
    assertTrue(text.contains("\"slurm\": null"), text);
  }

  @Test
  void gitProbeOutsideARepositoryIsUnknown(@TempDir Path notARepo) {
    assertEquals(Provenance.Git.UNKNOWN, Provenance.Git.probe(notARepo));
  }

  @Test
  void aDoneRunIsNotRunAgain() throws Exception {
    FakeRunBody body = new FakeRunBody();
    PlannedRun run = plan();
    runner(body, Map.of()).run(run, false);
    String metrics = Files.readString(run.directory().file(RunDirectory.METRICS));
    assertEquals(ExperimentRunner.Outcome.ALREADY_DONE, runner(body, Map.of()).run(run, false));
    assertEquals(1, body.invocations.get(run.directory().path()));
    assertEquals(metrics, Files.readString(run.directory().file(RunDirectory.METRICS)));
  }

  @Test
  void anInterruptedRunResumesFromItsCheckpointWithoutDuplicateEpochs() throws Exception {
    FakeRunBody body = new FakeRunBody();
    PlannedRun run = plan();
    body.crashOnceAtEpoch.put(run.name(), 2);
    assertThrows(FakeRunBody.Crash.class, () -> runner(body, Map.of()).run(run, false));
    RunDirectory dir = run.directory();
    assertFalse(dir.isDone());
    assertEquals(2, dir.epochLines().size(), "epoch 2 was logged, its checkpoint was not");

    assertEquals(ExperimentRunner.Outcome.COMPLETED, runner(body, Map.of()).run(run, false));
    assertEquals(2, body.invocations.get(dir.path()));
    assertEquals(List.of(0, 1), body.startedFrom.get(run.name()), "second call found the epoch-1 checkpoint");
    assertEquals(List.of(1, 2, 3), dir.epochLines().stream()
        .map(l -> com.google.gson.JsonParser.parseString(l).getAsJsonObject().get("epoch").getAsInt()).toList());
    assertFalse(Files.exists(dir.file(RunDirectory.ERROR)), "a successful attempt clears the earlier error");
    assertEquals(2, ConfigReader.parseFile(dir.file(RunDirectory.PROVENANCE)).get("attempt").getAsInt());
  }

  @Test
  void aFailedRunWritesErrorTxtAndPropagates() throws Exception {
    FakeRunBody body = new FakeRunBody();
    PlannedRun run = plan();
    body.alwaysFail.add(run.name());
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> runner(body, Map.of()).run(run, false));
    String error = Files.readString(run.directory().file(RunDirectory.ERROR));
    assertTrue(error.startsWith("java.lang.IllegalStateException: fake failure in " + run.name()), error);
    assertTrue(error.contains("at io.genrec.experiment.FakeRunBody.execute"), "stack trace kept: " + error);
    assertFalse(run.directory().isDone());
    assertEquals("failed", ConfigReader.parseFile(run.directory().file(RunDirectory.PROVENANCE)).get("status").getAsString());
    assertTrue(Files.readString(run.directory().file(RunDirectory.RUN_LOG)).contains("fake failure"));
    assertNotNull(e.getMessage());
  }

  @Test
  void aBodyThatWritesNoMetricsIsAFailureNotADoneRun() throws Exception {
    PlannedRun run = plan();
    ExperimentRunner r = new ExperimentRunner((c, o) -> { }, TestRuns.sources(), List.of());
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> r.run(run, false));
    assertTrue(e.getMessage().contains("metrics.json"), e.getMessage());
    assertFalse(run.directory().isDone());
    assertTrue(Files.exists(run.directory().file(RunDirectory.ERROR)));
  }

  @Test
  void forceRedoesAFinishedRunFromScratch() throws Exception {
    FakeRunBody body = new FakeRunBody();
    PlannedRun run = plan();
    runner(body, Map.of()).run(run, false);
    Path stray = run.directory().checkpointDir().resolve("stale.bin");
    Files.writeString(stray, "old");
    assertEquals(ExperimentRunner.Outcome.COMPLETED, runner(body, Map.of()).run(run, true));
    assertEquals(2, body.invocations.get(run.directory().path()));
    assertEquals(List.of(0, 0), body.startedFrom.get(run.name()), "no checkpoint survived --force");
    assertFalse(Files.exists(stray));
    assertTrue(run.directory().isDone());
  }

  @Test
  void aDirectoryHoldingAnotherConfigIsNotResumed() throws Exception {
    PlannedRun run = plan();
    Files.createDirectories(run.directory().path());
    Files.writeString(run.directory().file(RunDirectory.CONFIG), "{\"experiment\":\"other\"}");
    FakeRunBody body = new FakeRunBody();
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> runner(body, Map.of()).run(run, false));
    assertTrue(e.getMessage().contains("different config"), e.getMessage());
    assertSame(null, body.invocations.get(run.directory().path()));
  }
}
