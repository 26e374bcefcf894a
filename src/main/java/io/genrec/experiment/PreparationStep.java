package io.genrec.experiment;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.genrec.config.ConfigException;
import io.genrec.config.Overrides;
import io.genrec.tokenize.SemanticIdFile;
import io.genrec.tokenize.TokenizeConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A sweep's preparation step: a config file that makes an input of runs rather than being a run, so
 * one {@code genrec sweep} can go from item text and trained runs to semantic IDs to the models
 * trained on them. Two kinds:
 * <ul>
 *   <li>{@code tokenize}: a {@code genrec tokenize} config (names a {@code tokenizer}, no
 *       {@code model}); its output is {@code out/semantic_ids.tsv};
 *   <li>{@code embed}: {@code {"embed": {...}}}, the options of {@code genrec embed} as keys
 *       ({@code items}, {@code template}, {@code model}, {@code id_column}, {@code from_run},
 *       {@code data}, {@code out}); its output is {@code out} (the .npy; the sidecar beside it).
 * </ul>
 * A step is planned only when a run or another step needs it; it takes no {@code --set} and no
 * sweep grid (its keys are not a run's). Its bookkeeping (DONE, config.json, run.log, the report as
 * metrics.json) lives in a step directory under the runs root, and it counts as done only while its
 * output file exists.
 *
 * @param kind what it runs
 * @param source the config file
 * @param json the config with what it needs set in ({@code as} keys), as it will run
 * @param injected the keys set from needed runs and steps, in order: passed to the command as {@code --set}
 * @param output the file the step makes, which needing configs name (or receive by {@code as})
 * @param seed the config's seed (a step has one run; the seed picks it for seeded needers)
 */
public record PreparationStep(
    Kind kind, Path source, JsonObject json, List<Overrides.Override> injected, Path output, long seed) {

  public enum Kind {
    TOKENIZE("tokenize"),
    EMBED("embed");

    private final String word;

    Kind(String word) {
      this.word = word;
    }

    public String word() {
      return word;
    }
  }

  /** The keys of an embed step, each a {@code genrec embed} option (underscores for dashes). */
  public static final Set<String> EMBED_KEYS = Set.of("items", "template", "model", "id_column", "from_run", "data", "out");

  public PreparationStep {
    injected = List.copyOf(injected);
  }

  /** The kind of step {@code json} describes, or null when it is a run config. */
  public static Kind kindOf(JsonObject json) {
    if (json.has("model")) return null;
    if (json.has("tokenizer")) return Kind.TOKENIZE;
    if (json.has("embed")) return Kind.EMBED;
    return null;
  }

  /**
   * Checks the step read from {@code file} (with {@code injected} set in) as its command would, so
   * a bad key fails the plan, not the sweep an hour later.
   */
  public static PreparationStep of(Path file, JsonObject json, List<Overrides.Override> injected) {
    Kind kind = kindOf(json);
    if (kind == null) throw new IllegalArgumentException(file + " is not a preparation step");
    if (json.has("sweep")) {
      throw new ConfigException(file + ": sweep: a " + kind.word() + " step makes one output; it takes no grid");
    }
    JsonObject resolved = json.deepCopy();
    resolved.remove(io.genrec.config.ConfigReader.NEEDS);
    try {
      Overrides.applyAll(resolved, injected);
    } catch (ConfigException e) {
      throw new ConfigException(file + ": " + e.getMessage(), e);
    }
    if (kind == Kind.TOKENIZE) {
      TokenizeConfig cfg;
      try {
        cfg = TokenizeConfig.read(file, injected);
      } catch (ConfigException e) {
        if (e.getMessage().startsWith(file.toString())) throw e;
        throw new ConfigException(file + ": " + e.getMessage(), e);
      }
      return new PreparationStep(kind, file, resolved, injected, Path.of(cfg.out()).resolve(SemanticIdFile.FILE_NAME),
          cfg.seed());
    }
    return new PreparationStep(kind, file, resolved, injected, embedOut(file, resolved), 0);
  }

  private static Path embedOut(Path file, JsonObject json) {
    for (String key : json.keySet()) {
      if (!key.equals("embed")) {
        throw new ConfigException(file + ": " + key + ": unknown key of an embed step (valid keys: embed, needs)");
      }
    }
    JsonElement e = json.get("embed");
    if (!e.isJsonObject()) throw new ConfigException(file + ": embed: expected an object of genrec embed options, got " + e);
    JsonObject o = e.getAsJsonObject();
    for (Map.Entry<String, JsonElement> option : o.entrySet()) {
      if (!EMBED_KEYS.contains(option.getKey())) {
        throw new ConfigException(file + ": embed." + option.getKey() + ": unknown key (valid keys: "
            + new java.util.TreeSet<>(EMBED_KEYS) + ")");
      }
      JsonElement v = option.getValue();
      if (!v.isJsonPrimitive() || !v.getAsJsonPrimitive().isString() || v.getAsString().isBlank()) {
        throw new ConfigException(file + ": embed." + option.getKey() + ": expected a non-empty string, got " + v);
      }
    }
    if (!o.has("out")) throw new ConfigException(file + ": embed.out: is required (the .npy to write)");
    if (!o.has("items") && !o.has("from_run")) {
      throw new ConfigException(file + ": embed: needs items (item metadata to embed) or from_run (a run's item table)");
    }
    String out = o.get("out").getAsString();
    if (!out.endsWith(".npy")) throw new ConfigException(file + ": embed.out = \"" + out + "\": expected a .npy file");
    return Path.of(out);
  }

  /** {@code genrec embed}'s arguments for an embed step: {@code --key value} per option. */
  public List<String> embedArguments() {
    if (kind != Kind.EMBED) throw new IllegalStateException(source + " is a " + kind.word() + " step");
    List<String> args = new ArrayList<>();
    Map<String, String> options = new LinkedHashMap<>();
    for (Map.Entry<String, JsonElement> e : json.getAsJsonObject("embed").entrySet()) {
      options.put(e.getKey(), e.getValue().getAsString());
    }
    options.forEach((key, value) -> {
      args.add("--" + key.replace('_', '-'));
      args.add(value);
    });
    return args;
  }

  /** A name for its step directory: the kind and the output's name. */
  public String label() {
    Path named = kind == Kind.TOKENIZE ? output.getParent() : output;
    String name = named == null ? output.toString() : named.getFileName().toString();
    if (name.endsWith(".npy")) name = name.substring(0, name.length() - 4);
    return kind.word() + "-" + name;
  }

  /** Whether what the step makes is there (a step marked DONE whose output was removed runs again). */
  public boolean outputExists() {
    if (!Files.isRegularFile(output)) return false;
    if (kind == Kind.EMBED) {
      String name = output.getFileName().toString();
      return Files.isRegularFile(output.resolveSibling(name.substring(0, name.length() - 4) + ".json"));
    }
    return true;
  }

  /** The value a needing config's {@code as} key receives: the output path, '/'-separated. */
  public String outputValue() {
    return output.toString().replace('\\', '/');
  }
}
