package io.genrec.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * {@code model.init_from}: start a fresh run's weights from another run's checkpoint (any model;
 * optimizer state starts fresh). A resumed run restores its own checkpoint and never reads this one.
 * The string form {@code "model": {"init_from": "DIR"}} is the object with only {@code path} set.
 *
 * @param path a run directory (its checkpoints/best, else checkpoints/last), a checkpoint directory
 *     (holding ckpt.index) or a checkpoint prefix (PREFIX.index exists)
 * @param include regexes over this model's variable names (full match): a variable is loaded when it
 *     matches one of them and none of {@code exclude}
 * @param exclude regexes over this model's variable names that keep their seeded initialisation
 * @param rename checkpoint name prefix → this model's name prefix, e.g. {@code {"sasrec/": "diffsasrec/"}}
 *     loads {@code sasrec/block_0/...} into {@code diffsasrec/block_0/...}; the longest matching prefix wins
 */
public record WarmStartConfig(String path, List<String> include, List<String> exclude, Map<String, String> rename)
    implements Section {

  /** The key under {@code model}. */
  public static final String KEY = "init_from";

  public WarmStartConfig {
    include = include == null ? List.of(".*") : List.copyOf(include);
    exclude = exclude == null ? List.of() : List.copyOf(exclude);
    rename = rename == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(rename));
  }

  /** No warm start: every variable starts from its seeded initialisation. */
  public static WarmStartConfig none() {
    return new WarmStartConfig("", List.of(".*"), List.of(), Map.of());
  }

  /** Everything the checkpoint at {@code path} holds for this model, under the same names. */
  public static WarmStartConfig from(String path) {
    return new WarmStartConfig(path, List.of(".*"), List.of(), Map.of());
  }

  public boolean enabled() {
    return path != null && !path.isBlank();
  }

  public List<Pattern> includePatterns() {
    return include.stream().map(Pattern::compile).toList();
  }

  public List<Pattern> excludePatterns() {
    return exclude.stream().map(Pattern::compile).toList();
  }

  @Override
  public void validate(String p) {
    Require.notBlank(p + ".path", path);
    if (include.isEmpty()) {
      throw new ConfigException(p + ".include: is empty, so nothing would be loaded; leave it out to load"
          + " every variable");
    }
    checkPatterns(p + ".include", include);
    checkPatterns(p + ".exclude", exclude);
    for (Map.Entry<String, String> e : rename.entrySet()) {
      if (e.getKey().isEmpty() || e.getValue() == null || e.getValue().isEmpty()) {
        throw new ConfigException(p + ".rename: \"" + e.getKey() + "\" -> \"" + e.getValue()
            + "\": both prefixes must be non-empty");
      }
    }
  }

  private static void checkPatterns(String key, List<String> patterns) {
    for (int i = 0; i < patterns.size(); i++) {
      try {
        Pattern.compile(patterns.get(i));
      } catch (PatternSyntaxException e) {
        throw new ConfigException(key + "[" + i + "] = \"" + patterns.get(i) + "\": not a regular expression: "
            + e.getDescription(), e);
      }
    }
  }
}
