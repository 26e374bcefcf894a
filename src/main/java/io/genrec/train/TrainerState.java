package io.genrec.train;

import com.google.gson.JsonObject;
import io.genrec.config.ConfigReader;
import io.genrec.data.AtomicFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What the "last" checkpoint needs beside the weights to resume: epochs done, optimizer steps, and
 * the early-stopping record. Written atomically after the checkpoint it describes.
 */
public record TrainerState(int epochsDone, long steps, double best, int bestEpoch, int badEvaluations) {
  static final String FILE = "state.json";

  public static TrainerState fresh() {
    return new TrainerState(0, 0, Double.NEGATIVE_INFINITY, -1, 0);
  }

  void write(Path dir) throws IOException {
    JsonObject o = new JsonObject();
    o.addProperty("epochs_done", epochsDone);
    o.addProperty("steps", steps);
    o.addProperty("best", Double.isInfinite(best) ? null : best);
    o.addProperty("best_epoch", bestEpoch);
    o.addProperty("bad_evaluations", badEvaluations);
    AtomicFile.writeText(dir.resolve(FILE), ConfigReader.gson().toJson(o));
  }

  static TrainerState read(Path dir) throws IOException {
    Path f = dir.resolve(FILE);
    if (!Files.exists(f)) return null;
    JsonObject o = ConfigReader.gson().fromJson(Files.readString(f), JsonObject.class);
    double best = o.get("best") == null || o.get("best").isJsonNull()
        ? Double.NEGATIVE_INFINITY : o.get("best").getAsDouble();
    return new TrainerState(o.get("epochs_done").getAsInt(), o.get("steps").getAsLong(), best,
        o.get("best_epoch").getAsInt(), o.get("bad_evaluations").getAsInt());
  }
}
