package io.genrec.experiment;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.genrec.config.ConfigReader;
import io.genrec.config.DataConfig;
import io.genrec.data.fetch.BundledLayout;
import io.genrec.eval.PerUserTable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * A run directory with DONE, read back for tables: its config.json and metrics.json. Everything
 * a table shows comes from these files (and per_user.csv), never from re-running a model.
 */
public record FinishedRun(Path dir, JsonObject config, JsonObject metrics) {

  public static FinishedRun read(Path dir) {
    RunDirectory rd = new RunDirectory(dir);
    return new FinishedRun(dir, ConfigReader.parseFile(rd.file(RunDirectory.CONFIG)),
        ConfigReader.parseFile(rd.file(RunDirectory.METRICS)));
  }

  /**
   * Every directory with DONE under {@code root} (at any depth), sorted by path. A DONE run whose
   * metrics.json cannot be read is an error naming it: leaving it out would quietly change the table.
   */
  public static List<FinishedRun> under(Path root) {
    if (!Files.isDirectory(root)) throw new IllegalArgumentException(root + ": not a directory of runs");
    List<Path> dirs;
    try (Stream<Path> walk = Files.walk(root)) {
      dirs = walk
          .filter(p -> p.getFileName().toString().equals(RunDirectory.DONE) && Files.isRegularFile(p))
          .map(Path::getParent)
          .sorted(Comparator.comparing(Path::toString))
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list runs under " + root, e);
    }
    List<String> broken = dirs.stream().map(d -> new RunDirectory(d).unreadableResults()).filter(w -> w != null).toList();
    if (!broken.isEmpty()) {
      throw new IllegalArgumentException("runs marked DONE whose results cannot be read: " + String.join("; ", broken)
          + ". Run them again with genrec run or genrec sweep (they resume from their checkpoints)");
    }
    return dirs.stream().map(FinishedRun::read).toList();
  }

  /** The dataset's display name, as in the run directory's name. */
  public String dataset() {
    return BundledLayout.standard().of(ConfigReader.gson().fromJson(config.get("data"), DataConfig.class)).displayName();
  }

  public String model() {
    return config.getAsJsonObject("model").get("name").getAsString();
  }

  public long seed() {
    return config.get("seed").getAsLong();
  }

  /**
   * The value a table groups by: {@code dataset}, {@code model}, or any config key path such as
   * {@code train.lr}; null when the config has no such key.
   */
  public String value(String key) {
    if (key.equals("dataset")) return dataset();
    if (key.equals("model")) return model();
    JsonElement e = config;
    for (String part : key.split("\\.")) {
      if (e == null || !e.isJsonObject()) return null;
      e = e.getAsJsonObject().get(part);
    }
    if (e == null || e.isJsonNull()) return null;
    if (e.isJsonPrimitive() && e.getAsJsonPrimitive().isNumber()) return ConfigDigest.number(e.getAsJsonPrimitive());
    return e.isJsonPrimitive() ? e.getAsString() : e.toString();
  }

  /**
   * True when metrics.json has a {@code split} object; a pre-training run without test cases writes
   * {@code "test": null} and has no row in a test table.
   */
  public boolean hasSplit(String split) {
    JsonElement s = metrics.get(split);
    return s != null && s.isJsonObject();
  }

  /** True when metrics.json has a number at {@code split.key}. */
  public boolean hasMetric(String split, String key) {
    JsonElement s = metrics.get(split);
    if (s == null || !s.isJsonObject()) return false;
    JsonElement v = s.getAsJsonObject().get(key);
    return v != null && v.isJsonPrimitive() && v.getAsJsonPrimitive().isNumber();
  }

  /** Every dotted key path of config.json with a value (what {@code --group} may name). */
  public java.util.Set<String> configKeys() {
    java.util.Set<String> keys = new java.util.TreeSet<>();
    collect("", config, keys);
    return keys;
  }

  private static void collect(String prefix, JsonObject o, java.util.Set<String> keys) {
    for (var e : o.entrySet()) {
      if (e.getValue().isJsonObject()) collect(prefix + e.getKey() + ".", e.getValue().getAsJsonObject(), keys);
      else if (!e.getValue().isJsonNull()) keys.add(prefix + e.getKey());
    }
  }

  /** True when metrics.json has a number at the dotted {@code path} (e.g. {@code model.codes_used_0}). */
  public boolean hasNumber(String path) {
    JsonElement v = at(path);
    return v != null && v.isJsonPrimitive() && v.getAsJsonPrimitive().isNumber();
  }

  /** The number at the dotted {@code path} of metrics.json; fails naming the file and the keys where the path stops. */
  public double number(String path) {
    JsonElement e = metrics;
    String where = "";
    for (String part : path.split("\\.", -1)) {
      if (e == null || !e.isJsonObject()) break;
      JsonObject o = e.getAsJsonObject();
      if (!o.has(part)) {
        throw new IllegalArgumentException(dir.resolve(RunDirectory.METRICS) + ": no \"" + path + "\" ("
            + (where.isEmpty() ? "top-level" : where) + " keys: " + o.keySet() + ")");
      }
      e = o.get(part);
      where = where.isEmpty() ? part : where + "." + part;
    }
    if (e == null || !e.isJsonPrimitive() || !e.getAsJsonPrimitive().isNumber() || !where.equals(path)) {
      throw new IllegalArgumentException(dir.resolve(RunDirectory.METRICS) + ": \"" + path + "\" is not a number");
    }
    return e.getAsDouble();
  }

  private JsonElement at(String path) {
    JsonElement e = metrics;
    for (String part : path.split("\\.", -1)) {
      if (e == null || !e.isJsonObject()) return null;
      e = e.getAsJsonObject().get(part);
    }
    return e;
  }

  /** {@code metrics.json[split][key]}; fails naming the file and the keys it does have. */
  public double metric(String split, String key) {
    JsonElement s = metrics.get(split);
    if (s == null || !s.isJsonObject()) {
      throw new IllegalArgumentException(dir.resolve(RunDirectory.METRICS) + ": no \"" + split + "\" object (has "
          + metrics.keySet() + ")");
    }
    JsonElement v = s.getAsJsonObject().get(key);
    if (v == null || !v.isJsonPrimitive() || !v.getAsJsonPrimitive().isNumber()) {
      throw new IllegalArgumentException(dir.resolve(RunDirectory.METRICS) + ": no number at " + split + "." + key
          + " (has " + s.getAsJsonObject().keySet() + ")");
    }
    return v.getAsDouble();
  }

  public PerUserTable perUser() throws IOException {
    Path f = dir.resolve(RunDirectory.PER_USER);
    if (!Files.isRegularFile(f)) {
      throw new IOException(f + ": missing; significance tests need every run's per-user values");
    }
    return PerUserTable.readCsv(f);
  }
}
