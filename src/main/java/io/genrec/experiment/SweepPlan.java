package io.genrec.experiment;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.genrec.config.ConfigException;
import io.genrec.config.ConfigReader;
import io.genrec.config.Overrides;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The runs a directory of configs asks for, in a fixed order: config files sorted by path, each
 * file's sweep points in {@link SweepExpansion} order. Every point is resolved and validated here,
 * before anything runs, so a typo in the 40th config fails the sweep at once, not after a day.
 *
 * <p>How a point is built: the file's JSON, then the {@code --set} overrides, then the point. A
 * {@code --set} on a swept key pins it: the key leaves the grid ({@code --set seed=1} runs seed 1
 * of every grid). Two points that resolve to the same config (same run directory) run once; the
 * later ones are listed in {@link #duplicates()}.
 */
public final class SweepPlan {
  private final List<PlannedRun> runs;
  private final List<String> duplicates;

  private SweepPlan(List<PlannedRun> runs, List<String> duplicates) {
    this.runs = List.copyOf(runs);
    this.duplicates = List.copyOf(duplicates);
  }

  public static SweepPlan read(Path dirOrFile, List<Overrides.Override> sets, ConfigReader reader, Path runsRoot) {
    Map<Path, PlannedRun> byDir = new LinkedHashMap<>();
    List<String> duplicates = new ArrayList<>();
    for (Path file : configFiles(dirOrFile)) {
      for (PlannedRun run : expand(file, sets, reader, runsRoot)) {
        PlannedRun first = byDir.putIfAbsent(run.directory().path(), run);
        if (first != null) {
          duplicates.add(run.source() + " " + run.describeOverrides() + " is the same run as "
              + first.source() + " " + first.describeOverrides() + " (" + run.name() + ")");
        }
      }
    }
    return new SweepPlan(new ArrayList<>(byDir.values()), duplicates);
  }

  /** {@code dirOrFile} itself when it is a file, else every *.json under it, sorted by path. */
  public static List<Path> configFiles(Path dirOrFile) {
    if (Files.isRegularFile(dirOrFile)) return List.of(dirOrFile);
    if (!Files.isDirectory(dirOrFile)) {
      throw new ConfigException(dirOrFile + ": no such config file or directory");
    }
    try (Stream<Path> walk = Files.walk(dirOrFile)) {
      List<Path> files = walk
          .filter(p -> Files.isRegularFile(p) && p.getFileName().toString().endsWith(".json"))
          // Sort on '/'-joined relative names so the order (and so the shards) is the same on every OS.
          .sorted(Comparator.comparing(p -> relative(dirOrFile, p)))
          .toList();
      if (files.isEmpty()) throw new ConfigException(dirOrFile + ": no *.json config files under it");
      return files;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list configs under " + dirOrFile, e);
    }
  }

  private static String relative(Path root, Path p) {
    return root.relativize(p).toString().replace('\\', '/');
  }

  static List<PlannedRun> expand(Path file, List<Overrides.Override> sets, ConfigReader reader, Path runsRoot) {
    JsonObject base = ConfigReader.parseFile(file);
    JsonObject setJson = new JsonObject();
    for (Overrides.Override o : sets) setJson.add(o.path(), o.value().deepCopy());
    try {
      Overrides.applyAll(base, sets);
    } catch (ConfigException e) {
      throw new ConfigException(file + ": " + e.getMessage(), e);
    }
    JsonObject sweep = grid(base, file);
    for (Overrides.Override o : sets) sweep.remove(o.path());
    base.remove("sweep");

    List<PlannedRun> runs = new ArrayList<>();
    for (JsonObject point : SweepExpansion.points(sweep)) {
      JsonObject json = base.deepCopy();
      for (Map.Entry<String, JsonElement> e : point.entrySet()) Overrides.apply(json, e.getKey(), e.getValue());
      ConfigReader.Resolved resolved;
      try {
        resolved = reader.resolve(json);
      } catch (ConfigException e) {
        String where = point.size() == 0 ? "" : " (sweep point " + point + ")";
        throw new ConfigException(file + where + ": " + e.getMessage(), e);
      }
      resolved.json().remove("sweep");
      JsonObject overrides = new JsonObject();
      overrides.addProperty("config_file", file.toString());
      overrides.add("set", setJson.deepCopy());
      overrides.add("sweep_point", point);
      runs.add(new PlannedRun(file, resolved, overrides, RunDirectory.of(runsRoot, resolved)));
    }
    return runs;
  }

  private static JsonObject grid(JsonObject config, Path file) {
    JsonElement s = config.get("sweep");
    if (s == null || s.isJsonNull()) return new JsonObject();
    if (!s.isJsonObject()) {
      throw new ConfigException(file + ": sweep: expected an object of key path → list of values, got " + s);
    }
    return s.getAsJsonObject().deepCopy();
  }

  /** The runs, deduplicated, in plan order. */
  public List<PlannedRun> runs() {
    return runs;
  }

  /** One line per point dropped because an earlier point resolves to the same run directory. */
  public List<String> duplicates() {
    return duplicates;
  }
}
