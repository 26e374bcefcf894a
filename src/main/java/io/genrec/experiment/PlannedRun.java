package io.genrec.experiment;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.genrec.config.ConfigReader;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/**
 * One run a command intends to execute: the resolved config, where it came from, and its directory.
 *
 * @param source the config file it was read from
 * @param resolved the config as resolved (defaults, file, --set, sweep point, needed run
 *     directories), without a sweep
 * @param overrides what produced this run from the file: {"set": {...}, "sweep_point": {...}} and,
 *     for a config that needs others, {"needs": {key: run directory}}, each an object of key path →
 *     value in the order applied; written to overrides.json
 * @param directory its run directory
 * @param needs the run (and step) directories it starts from, which must be DONE before it runs
 * @param step for a preparation step (tokenize, embed), the step; null for a training run, whose
 *     config is {@code resolved} (null for a step)
 */
public record PlannedRun(
    Path source, ConfigReader.Resolved resolved, JsonObject overrides, RunDirectory directory, List<RunDirectory> needs,
    PreparationStep step) {

  public PlannedRun {
    needs = List.copyOf(needs);
    if ((resolved == null) == (step == null)) {
      throw new IllegalArgumentException(directory + ": a planned run is a training run or a step, exactly one");
    }
  }

  /** A training run. */
  public PlannedRun(Path source, ConfigReader.Resolved resolved, JsonObject overrides, RunDirectory directory,
      List<RunDirectory> needs) {
    this(source, resolved, overrides, directory, needs, null);
  }

  /** A training run that needs no other run. */
  public PlannedRun(Path source, ConfigReader.Resolved resolved, JsonObject overrides, RunDirectory directory) {
    this(source, resolved, overrides, directory, List.of(), null);
  }

  public boolean isStep() {
    return step != null;
  }

  /** The config's seed. */
  public long seed() {
    return step != null ? step.seed() : resolved.config().seed();
  }

  /** The config as it runs (written to config.json). */
  public JsonObject json() {
    return step != null ? step.json() : resolved.json();
  }

  /**
   * Finished: DONE with readable results, and for a step its output still there (removing a step's
   * output makes it run again, not the runs that need it fail).
   */
  public boolean isDone() {
    return directory.isDone() && (step == null || step.outputExists());
  }

  /**
   * What a needing config's {@code as} key receives from this run: a training run's directory, a
   * step's output file.
   */
  public String neededValue() {
    return step != null ? step.outputValue() : directory.path().toString().replace('\\', '/');
  }

  /** The directory name, {@code <model>-<dataset>-<hash6>}. */
  public String name() {
    return directory.path().getFileName().toString();
  }

  /** The needed runs that have not finished yet (no DONE). */
  public List<RunDirectory> unfinishedNeeds() {
    return needs.stream().filter(n -> !n.isDone()).toList();
  }

  /** "seed=1 train.lr=0.001", for listings; "(none)" when the file is run as written. */
  public String describeOverrides() {
    StringJoiner out = new StringJoiner(" ");
    for (String part : new String[] {"set", "sweep_point", "needs"}) {
      JsonElement o = overrides.get(part);
      if (o == null || !o.isJsonObject()) continue;
      for (Map.Entry<String, JsonElement> e : o.getAsJsonObject().entrySet()) {
        out.add(e.getKey() + "=" + e.getValue());
      }
    }
    return out.length() == 0 ? "(none)" : out.toString();
  }
}
