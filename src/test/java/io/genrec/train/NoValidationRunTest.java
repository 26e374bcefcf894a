package io.genrec.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.genrec.config.RunConfig;
import io.genrec.experiment.RunDirectory;
import io.genrec.experiment.TrainingRun;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs that do not validate (pre-training) train every epoch, keep the last as best and still write results. */
class NoValidationRunTest {
  @TempDir Path dir;

  private JsonObject run(String extra, String name) throws Exception {
    Path data = TinyRuns.writeSequences(dir, 40, 20, 4);
    RunConfig cfg = TinyRuns.sasrec(data, dir.resolve("exports"), extra);
    RunDirectory run = new RunDirectory(Files.createDirectories(dir.resolve(name)));
    new TrainingRun().execute(cfg, run);
    assertEquals(3, run.epochLines().size(), "every epoch runs");
    for (String line : run.epochLines()) assertFalse(line.contains("\"valid\""), line);
    assertTrue(Trainer.hasBest(run.checkpointDir()), "the last epoch is kept as best");
    return JsonParser.parseString(Files.readString(run.file(RunDirectory.METRICS))).getAsJsonObject();
  }

  @Test
  void aSplitWithoutHeldOutCasesTrainsAndRecordsThatThereIsNothingToReport() throws Exception {
    JsonObject metrics = run("{\"data\": {\"split\": \"none\"}, \"train\": {\"patience\": 1}, \"export\": {\"enabled\": false}}",
        "none");
    assertTrue(metrics.get("valid").isJsonNull() && metrics.get("test").isJsonNull(), metrics.toString());
    assertFalse(metrics.get("validated").getAsBoolean());
    assertEquals(3, metrics.get("best_epoch").getAsInt());
    assertEquals(0, metrics.get("test_users").getAsInt());
    assertFalse(Files.exists(dir.resolve("none").resolve(RunDirectory.PER_USER)));
  }

  @Test
  void validateFalseSkipsValidationButStillTestsTheLastEpoch() throws Exception {
    JsonObject metrics = run("{\"eval\": {\"validate\": false}, \"train\": {\"patience\": 1}}", "unvalidated");
    assertFalse(metrics.get("validated").getAsBoolean());
    assertEquals(3, metrics.get("best_epoch").getAsInt());
    double ndcg = metrics.getAsJsonObject("test").get("ndcg@10").getAsDouble();
    assertTrue(ndcg >= 0 && ndcg <= 1);
    assertTrue(metrics.getAsJsonObject("valid").has("ndcg@10"), "the final report still ranks the valid cases");
    assertTrue(Files.isDirectory(dir.resolve("unvalidated").resolve(RunDirectory.SAVEDMODEL)));
  }
}
