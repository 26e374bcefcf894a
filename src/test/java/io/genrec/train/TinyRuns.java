package io.genrec.train;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.genrec.config.ConfigReader;
import io.genrec.config.RunConfig;
import io.genrec.model.catalog.ModelCatalog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

/** Tiny synthetic datasets and configs that train in seconds. */
public final class TinyRuns {
  private TinyRuns() {}

  /**
   * A sequence file whose users walk the catalog in steps of one (item i is followed by i + 1), so a
   * sequential model has something to learn. Original item ids are 101.. so dense ids differ.
   */
  public static Path writeSequences(Path dir, int users, int items, long seed) throws IOException {
    Random rng = new Random(seed);
    StringBuilder sb = new StringBuilder();
    for (int u = 1; u <= users; u++) {
      int len = 4 + rng.nextInt(6);
      int start = rng.nextInt(items);
      sb.append("u").append(u);
      for (int i = 0; i < len; i++) sb.append(' ').append(101 + (start + i) % items);
      sb.append('\n');
    }
    Path f = dir.resolve("tiny.txt");
    Files.writeString(f, sb.toString());
    return f;
  }

  /**
   * A small SASRec config over {@code data}; {@code extra} is merged on top (JSON object text). A
   * {@code model} section in {@code extra} that names a model replaces the SASRec one whole.
   */
  public static RunConfig sasrec(Path data, Path exportDir, String extra) {
    JsonObject o = JsonParser.parseString("""
        {"experiment": "tiny", "seed": 7,
         "data": {"path": "%s", "max_length": 8},
         "model": {"name": "sasrec", "hidden": 16, "num_blocks": 1, "num_heads": 2, "dropout": 0.1},
         "train": {"epochs": 3, "batch_size": 16, "lr": 0.01, "patience": 0, "progress": false},
         "eval": {"ks": [5, 10], "batch_size": 32},
         "export": {"dir": "%s"}}
        """.formatted(data.toString().replace("\\", "/"), exportDir.toString().replace("\\", "/")))
        .getAsJsonObject();
    JsonObject more = JsonParser.parseString(extra).getAsJsonObject();
    for (String section : more.keySet()) {
      boolean otherModel = section.equals("model") && more.getAsJsonObject("model").has("name");
      if (more.get(section).isJsonObject() && o.has(section) && !otherModel) {
        for (var e : more.getAsJsonObject(section).entrySet()) o.getAsJsonObject(section).add(e.getKey(), e.getValue());
      } else {
        o.add(section, more.get(section));
      }
    }
    return new ConfigReader(ModelCatalog.INSTANCE).resolve(o).config();
  }
}
