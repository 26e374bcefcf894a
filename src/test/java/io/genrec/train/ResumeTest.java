package io.genrec.train;

import io.genrec.experiment.TrainingRun;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import io.genrec.config.ConfigReader;
import io.genrec.config.RunConfig;
import io.genrec.experiment.RunDirectory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An interrupted run continues from its last checkpoint; a diverging one names where it diverged. */
class ResumeTest {
  @TempDir Path dir;

  @Test
  void aRunStoppedAfterTwoEpochsResumesAtEpochThree() throws Exception {
    Path data = TinyRuns.writeSequences(dir, 60, 30, 9);
    Path runDir = Files.createDirectories(dir.resolve("run"));
    RunConfig two = TinyRuns.sasrec(data, dir.resolve("exports"),
        "{\"train\": {\"epochs\": 2}, \"export\": {\"enabled\": false}}");
    new TrainingRun().execute(two, new RunDirectory(runDir));
    RunConfig four = TinyRuns.sasrec(data, dir.resolve("exports"),
        "{\"train\": {\"epochs\": 4}, \"export\": {\"enabled\": false}}");
    RunDirectory run = new RunDirectory(runDir);
    new TrainingRun().execute(four, run);
    assertEquals(4, run.epochLines().size());
    for (int i = 0; i < 4; i++) {
      JsonObject line = ConfigReader.gson().fromJson(run.epochLines().get(i), JsonObject.class);
      assertEquals(i + 1, line.get("epoch").getAsInt());
    }
    JsonObject third = ConfigReader.gson().fromJson(run.epochLines().get(2), JsonObject.class);
    // Steps continue from the checkpoint: 60 users, batch 16 -> 4 steps per epoch.
    assertEquals(12, third.get("steps").getAsLong());
  }

  /**
   * A job killed by scancel can die just before or just after an epoch's line is written; either
   * way the resumed run must log every epoch exactly once.
   */
  @Test
  void aKillOnEitherSideOfAnEpochLineLeavesEveryEpochLoggedOnce() throws Exception {
    Path data = TinyRuns.writeSequences(dir, 60, 30, 9);
    RunConfig three = TinyRuns.sasrec(data, dir.resolve("exports"),
        "{\"train\": {\"epochs\": 3}, \"export\": {\"enabled\": false}}");
    for (boolean afterTheLine : new boolean[] {false, true}) {
      RunDirectory run = new RunDirectory(Files.createDirectories(dir.resolve("killed-" + afterTheLine)));
      assertThrows(Killed.class, () -> new TrainingRun().execute(three, killedAtEpochTwo(run, afterTheLine)));
      assertEquals(afterTheLine ? 2 : 1, run.epochLines().size());
      new TrainingRun().execute(three, run);
      assertEquals(List.of(1, 2, 3), run.epochLines().stream()
          .map(l -> ConfigReader.gson().fromJson(l, JsonObject.class).get("epoch").getAsInt()).toList(),
          "killed " + (afterTheLine ? "after" : "before") + " epoch 2's line");
    }
  }

  private static final class Killed extends RuntimeException {}

  private static RunOutputs killedAtEpochTwo(RunDirectory out, boolean afterTheLine) {
    return new RunOutputs() {
      @Override public Path directory() { return out.directory(); }
      @Override public Path checkpointDir() { return out.checkpointDir(); }
      @Override public void keepEpochs(int epochs) { out.keepEpochs(epochs); }
      @Override public void metrics(JsonObject metrics) { out.metrics(metrics); }
      @Override public Path perUserCsv() { return out.perUserCsv(); }
      @Override public Path savedModelDir() { return out.savedModelDir(); }

      @Override
      public void epoch(JsonObject line) {
        boolean kill = line.get("epoch").getAsInt() == 2;
        if (kill && !afterTheLine) throw new Killed();
        out.epoch(line);
        if (kill) throw new Killed();
      }
    };
  }

  @Test
  void nanLossStopsTheRunNamingEpochAndStep() throws Exception {
    Path data = TinyRuns.writeSequences(dir, 60, 30, 9);
    RunConfig cfg = TinyRuns.sasrec(data, dir.resolve("exports"),
        "{\"train\": {\"lr\": 1e30}, \"export\": {\"enabled\": false}}");
    RunDirectory run = new RunDirectory(Files.createDirectories(dir.resolve("nan")));
    TrainingDivergedException e = assertThrows(TrainingDivergedException.class,
        () -> new TrainingRun().execute(cfg, run));
    assertTrue(e.getMessage().matches("loss is (NaN|Infinity|-Infinity) at epoch \\d+, step \\d+ \\(batch \\d+ of 4.*"),
        e.getMessage());
  }
}
