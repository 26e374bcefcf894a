package io.genrec.experiment;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.genrec.config.ConfigException;
import io.genrec.config.ConfigReader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A config's {@code needs}: the configs whose finished runs it starts from. Each entry is a path
 * relative to the config file, or {@code {"config": PATH, "as": KEY}}; the needed run's directory
 * is set as {@code KEY} ({@value #DEFAULT_AS} unless given) of every run the config makes, so a
 * fine-tuning config reads its pre-training run as its warm start. {@code needs} may also be a
 * list of entries, each with its own {@code as}.
 *
 * <p>A needed {@link PreparationStep} gives its output file instead of a directory; without an
 * {@code as}, a need on a step (and any need of a step) only orders, and the needing config must
 * name the output itself ({@link SweepPlan} checks it does).
 */
final class SweepNeeds {
  /** The key a needed run's directory goes to unless an entry names another. */
  static final String DEFAULT_AS = "model.init_from";

  private SweepNeeds() {}

  /**
   * One needed config.
   *
   * @param config the needed config file, resolved against the needing file's folder
   * @param written the path as the needing file wrote it
   * @param as the key path its run directory (a step: its output) is set as; null when the entry
   *     gives none ({@value #DEFAULT_AS} for a needed run, ordering only for a needed step)
   */
  record Need(Path config, String written, String as) {
    /** The file's identity whatever way it was reached: absolute and normalised. */
    Path key() {
      return config.toAbsolutePath().normalize();
    }
  }

  /** The needs of the config {@code json} read from {@code file}; empty without a {@code needs} key. */
  static List<Need> of(JsonObject json, Path file) {
    JsonElement needs = json.get(ConfigReader.NEEDS);
    if (needs == null || needs.isJsonNull()) return List.of();
    List<JsonElement> entries = new ArrayList<>();
    if (needs.isJsonArray()) {
      for (JsonElement e : needs.getAsJsonArray()) entries.add(e);
      if (entries.isEmpty()) throw error(file, "", "a config path or a non-empty list", needs);
    } else {
      entries.add(needs);
    }
    List<Need> out = new ArrayList<>();
    Set<String> targets = new HashSet<>();
    for (int i = 0; i < entries.size(); i++) {
      String at = needs.isJsonArray() ? "[" + i + "]" : "";
      Need need = entry(entries.get(i), file, at);
      if (need.as() != null && !targets.add(need.as())) {
        throw new ConfigException(file + ": needs" + at + ": a second need sets " + need.as()
            + "; give each its own \"as\" key");
      }
      out.add(need);
    }
    return out;
  }

  private static Need entry(JsonElement e, Path file, String at) {
    if (isString(e)) return need(file, e.getAsString(), null, at);
    if (!e.isJsonObject()) {
      throw error(file, at, "a config path, or {\"config\": PATH, \"as\": KEY}", e);
    }
    JsonObject o = e.getAsJsonObject();
    for (Map.Entry<String, JsonElement> field : o.entrySet()) {
      if (!field.getKey().equals("config") && !field.getKey().equals("as")) {
        throw new ConfigException(file + ": needs" + at + "." + field.getKey() + ": unknown key (valid keys: config, as)");
      }
      if (!isString(field.getValue()) || field.getValue().getAsString().isBlank()) {
        throw error(file, at + "." + field.getKey(), "a non-empty string", field.getValue());
      }
    }
    if (!o.has("config")) throw new ConfigException(file + ": needs" + at + ".config: is required (a config path)");
    String as = o.has("as") ? o.get("as").getAsString() : null;
    return need(file, o.get("config").getAsString(), as, at);
  }

  private static Need need(Path file, String written, String as, String at) {
    if (written.isBlank()) throw new ConfigException(file + ": needs" + at + ": expected a config path, got \"\"");
    Path folder = file.getParent();
    Path config = (folder == null ? Path.of(written) : folder.resolve(written)).normalize();
    return new Need(config, written, as);
  }

  private static boolean isString(JsonElement e) {
    return e.isJsonPrimitive() && e.getAsJsonPrimitive().isString();
  }

  private static ConfigException error(Path file, String at, String expected, JsonElement got) {
    String shown = got.toString();
    if (shown.length() > 60) shown = shown.substring(0, 57) + "...";
    return new ConfigException(file + ": needs" + at + ": expected " + expected + ", got " + shown);
  }
}
