package io.genrec.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import io.genrec.config.ConfigReader;
import io.genrec.config.RunConfig;
import io.genrec.experiment.RunDirectory;
import io.genrec.experiment.TrainingRun;
import io.genrec.model.catalog.ModelCatalog;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A whole run (train, test, export) of a real model calls its hooks in order: before the test and
 * in the export only after the best weights are in the session, and the export loads the model's
 * state before it builds the ranking graph.
 */
class RunHooksTest {
  @TempDir Path dir;

  @Test
  void theTestAndTheExportRankWithTheBestWeightsAndState() throws Exception {
    Path data = TinyRuns.writeSequences(dir, 60, 30, 4);
    RunConfig cfg = TinyRuns.sasrec(data, dir.resolve("exports"), "{\"train\": {\"epochs\": 2}}");
    RecordingRecommender.Watch watch = new RecordingRecommender.Watch();
    RunDirectory run = new RunDirectory(Files.createDirectories(dir.resolve("run")));
    new TrainingRun((c, split, training) ->
        new RecordingRecommender(ModelCatalog.create(c, split, training), training ? "train" : "export", watch))
        .execute(cfg, run);

    List<JsonObject> epochs = run.epochLines().stream()
        .map(l -> ConfigReader.gson().fromJson(l, JsonObject.class)).toList();
    List<String> expected = new ArrayList<>(List.of("train buildRanking", "train start"));
    for (JsonObject epoch : epochs) {
      expected.addAll(List.of("train epochStart " + epoch.get("epoch").getAsInt(), "train beforeRanking"));
      if (epoch.get("best").getAsBoolean()) expected.add("train saveState best.new");
      expected.add("train saveState last.new");
    }
    expected.addAll(List.of("train loadState best", "train beforeRanking",
        "export loadState best", "export buildRanking", "export beforeRanking",
        "export buildRanking", "export beforeRanking"));
    assertEquals(expected, watch.events);
    assertEquals(epochs.get(epochs.size() - 1).get("steps").getAsInt(), watch.steps);

    // Weights seen at: start, each validation, the test, the export's restored and frozen sessions.
    List<float[]> seen = watch.weights;
    assertEquals(1 + epochs.size() + 3, seen.size());
    float[] initial = seen.get(0);
    float[] test = seen.get(1 + epochs.size());
    assertFalse(Arrays.equals(initial, test), "training moved the weight");
    int bestEpoch = 0;
    for (JsonObject epoch : epochs) if (epoch.get("best").getAsBoolean()) bestEpoch = epoch.get("epoch").getAsInt();
    assertArrayEquals(seen.get(bestEpoch), test, "the test ranks with the best epoch's weights");
    assertArrayEquals(test, seen.get(seen.size() - 2), "the export's restored session");
    assertArrayEquals(test, seen.get(seen.size() - 1), "the export's frozen session");
    assertTrue(Files.isDirectory(run.savedModelDir()));
  }
}
