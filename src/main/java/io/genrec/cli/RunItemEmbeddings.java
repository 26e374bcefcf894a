package io.genrec.cli;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.genrec.config.ConfigReader;
import io.genrec.data.DatasetLoader;
import io.genrec.data.IdMap;
import io.genrec.data.LoadOptions;
import io.genrec.data.SourceIdFile;
import io.genrec.embed.EmbeddingFile;
import io.genrec.embed.EmbeddingSidecar;
import io.genrec.embed.ItemEmbedder;
import io.genrec.train.RunItemTable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code genrec embed --from-run}: a trained run's item table as an embedding file like a text
 * encoder's (row 0 zeros, row i the item of dense index i, a sidecar naming the order), so it
 * fuses with text embeddings before tokenization ({@code items_embeddings} with {@code fusion}).
 */
final class RunItemEmbeddings {
  private RunItemEmbeddings() {}

  record Result(int items, int dim, String variable, Path sidecar) {}

  /** @param data interactions whose dense item order the rows should follow, or null for the run's own */
  static Result write(Path runDir, Path data, Path target) throws IOException {
    Path config = runDir.resolve("config.json");
    if (!Files.isRegularFile(config)) {
      throw new UsageException("--from-run " + runDir + ": not a run directory (no config.json)");
    }
    JsonElement model = ConfigReader.gson().fromJson(Files.readString(config), JsonObject.class).get("model");
    if (model == null || !model.isJsonObject() || !model.getAsJsonObject().has("name")) {
      throw new UsageException("--from-run " + runDir + ": config.json names no model.name");
    }
    String name = model.getAsJsonObject().get("name").getAsString();
    Path idsFile = runDir.resolve(SourceIdFile.ITEMS);
    if (!Files.isRegularFile(idsFile)) {
      throw new UsageException("--from-run " + runDir + ": no " + SourceIdFile.ITEMS
          + " (a run over several sources has one item table per source; not supported)");
    }
    List<String> runOrder = IdMap.load(idsFile).originals();
    String variable = name + "/items/table";
    float[][] table = RunItemTable.read(runDir, variable);
    if (table.length != runOrder.size() + 1) {
      throw new IllegalArgumentException(runDir + ": " + variable + " has " + table.length + " rows, expected "
          + (runOrder.size() + 1) + " for the " + runOrder.size() + " items of " + idsFile);
    }
    int dim = table[0].length;
    List<String> order = runOrder;
    String orderSource = "the dense item ids of run " + runDir;
    if (data != null) {
      order = DatasetLoader.load(data, LoadOptions.defaults()).items().originals();
      orderSource = "the dense item ids of " + data;
      Map<String, Integer> row = new HashMap<>();
      for (int i = 0; i < runOrder.size(); i++) row.put(runOrder.get(i), i + 1);
      float[][] reordered = new float[order.size() + 1][];
      for (int i = 0; i < order.size(); i++) {
        Integer r = row.get(order.get(i));
        if (r == null) {
          throw new IllegalArgumentException("--data " + data + ": item '" + order.get(i) + "' is not in run " + runDir
              + " (" + runOrder.size() + " items); the run's table has no row for it");
        }
        reordered[i + 1] = table[r];
      }
      table = reordered;
    }
    // Row 0 is the padding item: zeros, as text embedding files have it (the run's row is never a real item).
    table[0] = new float[dim];
    EmbeddingFile.write(target, table);
    Path sidecar = ItemEmbedder.sidecarOf(target);
    EmbeddingSidecar.of("run:" + name + " " + variable, "", order, dim, 0, runDir, orderSource).write(sidecar);
    return new Result(order.size(), dim, variable, sidecar);
  }
}
