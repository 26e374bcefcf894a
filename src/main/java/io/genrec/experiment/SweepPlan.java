package io.genrec.experiment;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import io.genrec.config.ConfigException;
import io.genrec.config.ConfigReader;
import io.genrec.config.Overrides;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
 *
 * <p>Chains: a config with {@code needs} (see {@link SweepNeeds}) starts from another config's
 * finished run. The needed config is expanded first (it is pulled in when it lies outside the
 * swept files, with the same {@code --set}s, and only its runs that are needed are kept), and each
 * point of the needing config gets the needed run's directory as the {@code as} key (by default
 * {@code model.init_from}), so that directory is part of its config and of its hash. Which run: the
 * needed config's only run, or, when its grid has several, the one with the same seed (there must
 * be exactly one). The plan lists needed runs before the runs that need them; {@link #stage} numbers
 * the layers (1: needs nothing; k: needs runs of stages below k).
 */
public final class SweepPlan {
  private final List<PlannedRun> runs;
  private final List<String> duplicates;
  private final List<Path> tokenizeConfigs;
  private final Map<Path, Integer> stages = new HashMap<>();

  private SweepPlan(List<PlannedRun> runs, List<String> duplicates, List<Path> tokenizeConfigs) {
    this.runs = List.copyOf(runs);
    this.duplicates = List.copyOf(duplicates);
    this.tokenizeConfigs = List.copyOf(tokenizeConfigs);
    for (PlannedRun run : this.runs) {
      int stage = 1;
      for (RunDirectory need : run.needs()) stage = Math.max(stage, stages.getOrDefault(need.path(), 1) + 1);
      stages.put(run.directory().path(), stage);
    }
  }

  public static SweepPlan read(Path dirOrFile, List<Overrides.Override> sets, ConfigReader reader, Path runsRoot) {
    Map<Path, PlannedRun> byDir = new LinkedHashMap<>();
    Map<Path, List<PlannedRun>> byFile = new HashMap<>();
    Set<Path> requestedFiles = new HashSet<>();
    List<String> duplicates = new ArrayList<>();
    List<Path> files = new ArrayList<>();
    List<Path> tokenizeConfigs = new ArrayList<>();
    for (Path file : configFiles(dirOrFile)) {
      // A dataset's directory holds its tokenizer configs beside its run configs (configs/beauty);
      // they are preparation steps, not runs: planned only where a config needs them, else passed by.
      // A file named on its own is always read as a run config, so a mistake there still fails.
      if (!file.equals(dirOrFile) && isStepConfig(file)) tokenizeConfigs.add(file);
      else files.add(file);
    }
    if (files.isEmpty()) throw new ConfigException(dirOrFile + ": only tokenize or embed steps under it " + tokenizeConfigs
        + "; a sweep runs them where a run config needs them (run one alone with genrec tokenize / genrec embed)");
    for (SweepOrder.Node node : SweepOrder.of(files)) {
      List<PlannedRun> runs = expand(node, sets, reader, runsRoot, byFile);
      byFile.put(node.key(), runs);
      if (node.requested()) requestedFiles.add(node.file());
      for (PlannedRun run : runs) {
        PlannedRun first = byDir.putIfAbsent(run.directory().path(), run);
        if (first != null) {
          duplicates.add(run.source() + " " + run.describeOverrides() + " is the same run as "
              + first.source() + " " + first.describeOverrides() + " (" + run.name() + ")");
        }
      }
    }
    List<PlannedRun> kept = needed(new ArrayList<>(byDir.values()), requestedFiles);
    Set<Path> planned = new HashSet<>();
    for (PlannedRun r : kept) planned.add(r.source().toAbsolutePath().normalize());
    List<Path> passedBy = tokenizeConfigs.stream().filter(f -> !planned.contains(f.toAbsolutePath().normalize())).toList();
    return new SweepPlan(kept, duplicates, passedBy);
  }

  /** A preparation step ({@link PreparationStep}): a tokenize or embed config, no model. */
  static boolean isStepConfig(Path file) {
    return PreparationStep.kindOf(ConfigReader.parseFile(file)) != null;
  }

  /** The runs of requested files and the runs they need (transitively); pulled-in runs nobody needs go. */
  private static List<PlannedRun> needed(List<PlannedRun> all, Set<Path> requestedFiles) {
    Set<Path> needed = new HashSet<>();
    List<PlannedRun> kept = new ArrayList<>();
    for (int i = all.size() - 1; i >= 0; i--) {
      PlannedRun run = all.get(i);
      if (!requestedFiles.contains(run.source()) && !needed.contains(run.directory().path())) continue;
      kept.add(0, run);
      for (RunDirectory n : run.needs()) needed.add(n.path());
    }
    return kept;
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

  private static List<PlannedRun> expand(SweepOrder.Node node, List<Overrides.Override> sets, ConfigReader reader,
      Path runsRoot, Map<Path, List<PlannedRun>> byFile) {
    Path file = node.file();
    JsonObject base = ConfigReader.parseFile(file);
    if (PreparationStep.kindOf(base) != null) return List.of(expandStep(node, base, runsRoot, byFile));
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
    base.remove(ConfigReader.NEEDS);

    List<PlannedRun> runs = new ArrayList<>();
    for (JsonObject point : SweepExpansion.points(sweep)) {
      JsonObject json = base.deepCopy();
      for (Map.Entry<String, JsonElement> e : point.entrySet()) Overrides.apply(json, e.getKey(), e.getValue());
      String where = file + (point.size() == 0 ? "" : " (sweep point " + point + ")");
      ConfigReader.Resolved resolved = resolve(reader, json, where);
      JsonObject needed = new JsonObject();
      List<RunDirectory> needs = new ArrayList<>();
      Set<String> targets = new HashSet<>();
      for (SweepNeeds.Need need : node.needs()) {
        PlannedRun from = pick(byFile.get(need.key()), resolved.config().seed(), need, where);
        needs.add(from.directory());
        String as = need.as() != null ? need.as() : from.isStep() ? null : SweepNeeds.DEFAULT_AS;
        if (as == null) {
          requireNamed(json, from, need, where);
          continue;
        }
        if (!targets.add(as)) {
          throw new ConfigException(file + ": needs " + need.written() + ": a second need sets " + as
              + "; give each its own \"as\" key");
        }
        String value = from.neededValue();
        try {
          Overrides.apply(json, as, new JsonPrimitive(value));
        } catch (ConfigException e) {
          throw new ConfigException(where + ": needs " + need.written() + " as " + as + ": " + e.getMessage(), e);
        }
        needed.addProperty(as, value);
      }
      if (!needs.isEmpty()) resolved = resolve(reader, json, where + ", with what it needs");
      resolved.json().remove("sweep");
      JsonObject overrides = new JsonObject();
      overrides.addProperty("config_file", file.toString());
      overrides.add("set", setJson.deepCopy());
      overrides.add("sweep_point", point);
      if (!needs.isEmpty()) overrides.add("needs", needed);
      runs.add(new PlannedRun(file, resolved, overrides, RunDirectory.of(runsRoot, resolved), needs));
    }
    return runs;
  }

  /**
   * A preparation step's one planned run: what it needs set in (an {@code as} key gets the needed
   * run's directory or step's output; without one, the step must name that output itself), no
   * {@code --set} and no grid.
   */
  private static PlannedRun expandStep(SweepOrder.Node node, JsonObject base, Path runsRoot,
      Map<Path, List<PlannedRun>> byFile) {
    Path file = node.file();
    List<Overrides.Override> injected = new ArrayList<>();
    List<RunDirectory> needs = new ArrayList<>();
    JsonObject needed = new JsonObject();
    long seed = base.has("seed") && base.get("seed").isJsonPrimitive() ? base.get("seed").getAsLong() : 0;
    for (SweepNeeds.Need need : node.needs()) {
      PlannedRun from = pick(byFile.get(need.key()), seed, need, file.toString());
      needs.add(from.directory());
      if (need.as() == null) {
        requireNamed(base, from, need, file.toString());
        continue;
      }
      injected.add(new Overrides.Override(need.as(), new JsonPrimitive(from.neededValue())));
      needed.addProperty(need.as(), from.neededValue());
    }
    PreparationStep step = PreparationStep.of(file, base, injected);
    JsonObject overrides = new JsonObject();
    overrides.addProperty("config_file", file.toString());
    if (needed.size() > 0) overrides.add("needs", needed);
    RunDirectory dir = new RunDirectory(runsRoot.resolve(STEPS_EXPERIMENT)
        .resolve(step.label() + "-" + ConfigDigest.hash6(step.json())));
    return new PlannedRun(file, null, overrides, dir, needs, step);
  }

  /** Where step directories go under the runs root (beside the experiments). */
  public static final String STEPS_EXPERIMENT = "steps";

  /**
   * A need without {@code as} on a step (or from a step) only orders: the needing config must name
   * the step's output (or the run's directory) somewhere, or the need is surely a mistake.
   */
  private static void requireNamed(JsonObject json, PlannedRun from, SweepNeeds.Need need, String where) {
    String value = from.neededValue();
    if (!mentions(json, value)) {
      throw new ConfigException(where + ": needs " + need.written() + ", whose output is " + value
          + ", but names it nowhere; name that path where it is read, or give the need an \"as\" key");
    }
  }

  private static boolean mentions(JsonElement e, String value) {
    if (e == null || e.isJsonNull()) return false;
    if (e.isJsonPrimitive()) {
      return e.getAsJsonPrimitive().isString() && Path.of(e.getAsString()).normalize().equals(Path.of(value).normalize());
    }
    if (e.isJsonArray()) {
      for (JsonElement x : e.getAsJsonArray()) if (mentions(x, value)) return true;
      return false;
    }
    for (Map.Entry<String, JsonElement> x : e.getAsJsonObject().entrySet()) if (mentions(x.getValue(), value)) return true;
    return false;
  }

  private static ConfigReader.Resolved resolve(ConfigReader reader, JsonObject json, String where) {
    try {
      return reader.resolve(json);
    } catch (ConfigException e) {
      throw new ConfigException(where + ": " + e.getMessage(), e);
    }
  }

  /** The needed config's only run, or its one run with {@code seed}. */
  private static PlannedRun pick(List<PlannedRun> runs, long seed, SweepNeeds.Need need, String where) {
    Map<Path, PlannedRun> distinct = new LinkedHashMap<>();
    for (PlannedRun r : runs) distinct.putIfAbsent(r.directory().path(), r);
    List<PlannedRun> candidates = List.copyOf(distinct.values());
    if (candidates.size() == 1) return candidates.get(0);
    List<PlannedRun> sameSeed = candidates.stream().filter(r -> r.seed() == seed).toList();
    if (sameSeed.size() == 1) return sameSeed.get(0);
    List<Long> seeds = candidates.stream().map(PlannedRun::seed).toList();
    throw new ConfigException(where + ": needs " + need.written() + ", which makes " + candidates.size()
        + " runs (seeds " + seeds + "), " + sameSeed.size() + " of them with seed " + seed
        + "; a needed config must make one run, or one run per seed");
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

  /**
   * The stage of {@code run}: 1 when it needs no run, else one more than the highest stage of the
   * runs it needs. Runs of one stage can run in parallel once the stages below it are done.
   */
  public int stage(PlannedRun run) {
    Integer stage = stages.get(run.directory().path());
    if (stage == null) throw new IllegalArgumentException(run.directory() + " is not in this plan");
    return stage;
  }

  /** The number of stages (1 when no config needs another). */
  public int stageCount() {
    return stages.values().stream().mapToInt(Integer::intValue).max().orElse(1);
  }

  /** The runs of stage {@code stage}, in plan order. */
  public List<PlannedRun> stageRuns(int stage) {
    return runs.stream().filter(r -> stage(r) == stage).toList();
  }

  /** {@code run} preceded by every run it needs, directly or not, in plan order. */
  public List<PlannedRun> withNeeds(PlannedRun run) {
    Set<Path> wanted = new HashSet<>(List.of(run.directory().path()));
    List<PlannedRun> out = new ArrayList<>();
    for (int i = runs.indexOf(run); i >= 0; i--) {
      PlannedRun r = runs.get(i);
      if (!wanted.contains(r.directory().path())) continue;
      out.add(0, r);
      for (RunDirectory n : r.needs()) wanted.add(n.path());
    }
    return out;
  }

  /** One line per point dropped because an earlier point resolves to the same run directory. */
  /** Tokenize configs found under the swept directory and passed by (not runs). */
  public List<Path> tokenizeConfigs() {
    return tokenizeConfigs;
  }

  public List<String> duplicates() {
    return duplicates;
  }
}
