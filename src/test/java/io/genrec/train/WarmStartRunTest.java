package io.genrec.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.genrec.config.ConfigException;
import io.genrec.config.RunConfig;
import io.genrec.data.FileTrees;
import io.genrec.experiment.RunDirectory;
import io.genrec.experiment.TrainingRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.types.TFloat32;

/**
 * Whole runs: a SASRec run warm-started from another run's directory with part of it frozen and part
 * at half the learning rate, its per-group gradient norms, and its resume once the source is gone.
 */
class WarmStartRunTest {
  @TempDir Path dir;

  private static final String GROUPS = """
      "param_groups": {"blocks": {"match": "sasrec/block_.*", "frozen": true},
                       "items": {"match": "sasrec/items/.*", "lr_multiplier": 0.5}}""";

  private RunConfig config(Path data, Path source, int epochs) {
    String model = source == null ? "" : "\"model\": {\"init_from\": \"" + source.toString().replace("\\", "/") + "\"}, ";
    String groups = source == null ? "" : ", " + GROUPS;
    return TinyRuns.sasrec(data, dir.resolve("exports"), "{" + model + "\"train\": {\"epochs\": " + epochs + groups
        + "}, \"export\": {\"enabled\": false}}");
  }

  private static float[] stored(Path runDir, String checkpoint, String name) {
    try (CheckpointReader reader = new CheckpointReader(
        runDir.resolve("checkpoints").resolve(checkpoint).resolve(Trainer.PREFIX).toString());
        CheckpointReader.Stored value = reader.read(name).orElseThrow()) {
      TFloat32 t = value.value();
      float[] out = new float[(int) t.shape().size()];
      t.asRawTensor().data().asFloats().read(out);
      return out;
    }
  }

  private static List<JsonObject> epochs(RunDirectory run) throws Exception {
    List<JsonObject> lines = new ArrayList<>();
    for (String line : run.epochLines()) lines.add(JsonParser.parseString(line).getAsJsonObject());
    return lines;
  }

  @Test
  void aWarmStartedRunFreezesCopiesReportsGroupNormsAndResumesWithoutItsSource() throws Exception {
    Path data = TinyRuns.writeSequences(dir, 60, 30, 9);
    Path source = Files.createDirectories(dir.resolve("pretrain"));
    new TrainingRun().execute(config(data, null, 1), new RunDirectory(source));
    assertTrue(epochs(new RunDirectory(source)).get(0).keySet().stream().noneMatch(k -> k.startsWith("grad_norm/")),
        "no groups: no group norms");

    Path tuned = Files.createDirectories(dir.resolve("tuned"));
    RunDirectory run = new RunDirectory(tuned);
    new TrainingRun().execute(config(data, source, 1), run);
    String block = "sasrec/block_0/feed_forward/hidden/kernel";
    float[] sourceBlock = stored(source, Trainer.BEST, block);
    assertArrayEquals(sourceBlock, stored(tuned, Trainer.LAST, block), 0f,
        "frozen and warm-started: exactly the source's weights after training");
    String items = "sasrec/items/table";
    assertFalse(java.util.Arrays.equals(stored(source, Trainer.BEST, items), stored(tuned, Trainer.LAST, items)),
        "the item table trains");
    JsonObject first = epochs(run).get(0);
    List<String> norms = first.keySet().stream().filter(k -> k.startsWith("grad_norm/")).toList();
    assertEquals(List.of("grad_norm/items", "grad_norm/default"), norms, "the updated groups, frozen ones aside");
    for (String k : norms) assertTrue(first.get(k).getAsDouble() > 0, k + " = " + first.get(k));

    FileTrees.delete(source);
    new TrainingRun().execute(config(data, source, 2), run);
    assertEquals(2, epochs(run).size(), "resumed from its own last checkpoint, source gone");
    assertArrayEquals(sourceBlock, stored(tuned, Trainer.LAST, block), 0f, "still frozen after the resume");

    Path fresh = Files.createDirectories(dir.resolve("fresh"));
    ConfigException e = assertThrows(ConfigException.class,
        () -> new TrainingRun().execute(config(data, source, 1), new RunDirectory(fresh)));
    assertTrue(e.getMessage().contains("no checkpoint there"), "a fresh start does need it: " + e.getMessage());
  }
}
