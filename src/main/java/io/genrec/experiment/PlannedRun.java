package io.genrec.experiment;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.genrec.config.ConfigReader;
import java.nio.file.Path;
import java.util.Map;
import java.util.StringJoiner;

/**
 * One run a command intends to execute: the resolved config, where it came from, and its directory.
 *
 * @param source the config file it was read from
 * @param resolved the config as resolved (defaults, file, --set, sweep point), without a sweep
 * @param overrides what produced this run from the file: {"set": {...}, "sweep_point": {...}},
 *     each an object of key path → value in the order applied; written to overrides.json
 * @param directory its run directory
 */
public record PlannedRun(Path source, ConfigReader.Resolved resolved, JsonObject overrides, RunDirectory directory) {

  /** The directory name, {@code <model>-<dataset>-<hash6>}. */
  public String name() {
    return directory.path().getFileName().toString();
  }

  /** "seed=1 train.lr=0.001", for listings; "(none)" when the file is run as written. */
  public String describeOverrides() {
    StringJoiner out = new StringJoiner(" ");
    for (String part : new String[] {"set", "sweep_point"}) {
      JsonElement o = overrides.get(part);
      if (o == null || !o.isJsonObject()) continue;
      for (Map.Entry<String, JsonElement> e : o.getAsJsonObject().entrySet()) {
        out.add(e.getKey() + "=" + e.getValue());
      }
    }
    return out.length() == 0 ? "(none)" : out.toString();
  }
}
