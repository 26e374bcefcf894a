package io.genrec.train;

import io.genrec.experiment.TrainingRun;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.gson.JsonObject;
import io.genrec.config.ConfigReader;
import io.genrec.config.RunConfig;
import io.genrec.experiment.RunDirectory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Same seed and one thread: identical losses and metrics run to run. */
class DeterminismTest {
  @TempDir Path dir;

  @Test
  void sameSeedOneThreadGivesIdenticalLossesAndMetrics() throws Exception {
    Path data = TinyRuns.writeSequences(dir, 60, 30, 5);
    String oneThread = "{\"train\": {\"intra_op_threads\": 1, \"inter_op_threads\": 1}, \"export\": {\"enabled\": false}}";
    JsonObject[] metrics = new JsonObject[2];
    List<?>[] losses = new List<?>[2];
    for (int i = 0; i < 2; i++) {
      RunConfig cfg = TinyRuns.sasrec(data, dir.resolve("exports"), oneThread);
      Path runDir = Files.createDirectories(dir.resolve("run" + i));
      RunDirectory run = new RunDirectory(runDir);
      new TrainingRun().execute(cfg, run);
      losses[i] = run.epochLines().stream()
          .map(l -> ConfigReader.gson().fromJson(l, JsonObject.class).get("loss").getAsDouble()).toList();
      metrics[i] = ConfigReader.gson().fromJson(Files.readString(runDir.resolve("metrics.json")), JsonObject.class);
    }
    assertEquals(losses[0], losses[1]);
    assertEquals(metrics[0].get("test"), metrics[1].get("test"));
    assertEquals(metrics[0].get("valid"), metrics[1].get("valid"));
  }

  @Test
  void aDifferentSeedGivesDifferentLosses() throws Exception {
    Path data = TinyRuns.writeSequences(dir, 60, 30, 5);
    double[] first = new double[2];
    for (int i = 0; i < 2; i++) {
      RunConfig cfg = TinyRuns.sasrec(data, dir.resolve("exports"),
          "{\"seed\": " + (10 + i) + ", \"train\": {\"epochs\": 1}, \"export\": {\"enabled\": false}}");
      RunDirectory run = new RunDirectory(Files.createDirectories(dir.resolve("seed" + i)));
      new TrainingRun().execute(cfg, run);
      first[i] = ConfigReader.gson().fromJson(run.epochLines().get(0), JsonObject.class).get("loss").getAsDouble();
    }
    org.junit.jupiter.api.Assertions.assertNotEquals(first[0], first[1]);
  }
}
