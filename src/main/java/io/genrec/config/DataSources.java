package io.genrec.config;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.List;
import java.util.Map;

/**
 * Fills each entry of {@code data.sources} from the run's data section, so a source only writes
 * what sets it apart: {@code format}, {@code split}, {@code time_quantile} and the CSV columns
 * default to the run's values, {@code path}, {@code name}, {@code items} and {@code dataset} name one
 * dataset and are the source's own, and {@code max_length} is one value for the run (the model reads one
 * history length), so a source may not set it. Works on the JSON tree after defaults and
 * overrides are merged, so config.json records every source in full.
 */
public final class DataSources {
  /** Keys a source takes from the run's data section unless it sets them itself. */
  static final List<String> INHERITED =
      List.of("format", "split", "time_quantile", "max_length", "user_column", "item_column", "time_column");
  /** Keys a source may not set: they are one value for the whole run. */
  private static final List<String> RUN_WIDE = List.of("max_length", "sources");

  private DataSources() {}

  /**
   * For configs read without a run's defaults merge ({@code genrec tokenize}): fills the keys a
   * source inherits into {@code data} from {@link DataConfig#defaults()} where it lacks them, then
   * {@link #inherit}s. A section without sources is left alone.
   */
  public static void inheritWithDefaults(JsonObject data) {
    if (data == null || !data.has("sources")) return;
    JsonObject defaults = ConfigReader.gson().toJsonTree(DataConfig.defaults()).getAsJsonObject();
    for (String key : INHERITED) {
      if (!data.has(key) && defaults.has(key)) data.add(key, defaults.get(key).deepCopy());
    }
    inherit(data);
  }

  /** Rewrites {@code data.sources} in place; a section without sources is left alone. */
  static void inherit(JsonObject data) {
    JsonElement list = data.get("sources");
    if (list == null || !list.isJsonArray() || list.getAsJsonArray().isEmpty()) return;
    JsonArray filled = new JsonArray();
    JsonArray given = list.getAsJsonArray();
    for (int i = 0; i < given.size(); i++) {
      JsonObject source = given.get(i).getAsJsonObject();
      for (String key : RUN_WIDE) {
        if (source.has(key)) {
          throw new ConfigException("data.sources[" + i + "]." + key + ": "
              + (key.equals("sources") ? "sources do not nest" : "one value for the run; set data." + key));
        }
      }
      JsonObject full = ConfigReader.gson().toJsonTree(DataConfig.defaults()).getAsJsonObject();
      full.remove("sources");
      for (String key : INHERITED) full.add(key, data.get(key).deepCopy());
      // Unset by default (and then absent from the tree), so copied only when the run sets it.
      if (data.has("k_core")) full.add("k_core", data.get("k_core").deepCopy());
      for (Map.Entry<String, JsonElement> e : source.entrySet()) full.add(e.getKey(), e.getValue().deepCopy());
      filled.add(full);
    }
    data.add("sources", filled);
  }
}
