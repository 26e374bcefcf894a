package io.genrec.train;

import io.genrec.config.WarmStartConfig;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Which of a model's variables a warm start loads, and from which checkpoint name, decided from the
 * names alone: {@code include}/{@code exclude} select among the model's names, {@code rename} maps each
 * selected name back to the name it was saved under. A pattern or rename that selects nothing is a
 * problem (almost always a typo that would otherwise silently load less).
 */
final class WarmStartPlan {

  /** Model variable {@code variable} takes the value saved as {@code source}. */
  record Load(String variable, String source) {}

  private final List<Load> loads = new ArrayList<>();
  private final List<String> kept = new ArrayList<>();
  private final List<String> problems = new ArrayList<>();

  /** @param variables the model's variable names, in creation order */
  WarmStartPlan(List<String> variables, WarmStartConfig cfg) {
    List<Pattern> include = cfg.includePatterns();
    List<Pattern> exclude = cfg.excludePatterns();
    boolean[] includeUsed = new boolean[include.size()];
    boolean[] excludeUsed = new boolean[exclude.size()];
    Map<String, Boolean> renameUsed = new LinkedHashMap<>();
    cfg.rename().keySet().forEach(k -> renameUsed.put(k, false));
    for (String name : variables) {
      boolean in = matchAny(include, name, includeUsed);
      boolean out = matchAny(exclude, name, excludeUsed);
      if (!in || out) {
        kept.add(name);
        continue;
      }
      String from = null;
      for (Map.Entry<String, String> r : cfg.rename().entrySet()) {
        boolean longer = from == null || r.getValue().length() > cfg.rename().get(from).length();
        if (name.startsWith(r.getValue()) && longer) from = r.getKey();
      }
      if (from == null) {
        loads.add(new Load(name, name));
      } else {
        renameUsed.put(from, true);
        loads.add(new Load(name, from + name.substring(cfg.rename().get(from).length())));
      }
    }
    for (int i = 0; i < include.size(); i++) {
      if (!includeUsed[i]) problems.add("include[" + i + "] \"" + include.get(i) + "\" matches no variable of this model");
    }
    for (int i = 0; i < exclude.size(); i++) {
      if (!excludeUsed[i]) problems.add("exclude[" + i + "] \"" + exclude.get(i) + "\" matches no variable of this model");
    }
    renameUsed.forEach((from, used) -> {
      if (!used) {
        problems.add("rename \"" + from + "\" -> \"" + cfg.rename().get(from) + "\": no loaded variable of this model"
            + " starts with \"" + cfg.rename().get(from) + "\"");
      }
    });
    if (loads.isEmpty() && problems.isEmpty()) {
      problems.add("include/exclude leave no variable to load");
    }
  }

  /** Every pattern is tried, so that each one that never matches can be reported. */
  private static boolean matchAny(List<Pattern> patterns, String name, boolean[] used) {
    boolean any = false;
    for (int i = 0; i < patterns.size(); i++) {
      if (patterns.get(i).matcher(name).matches()) {
        used[i] = true;
        any = true;
      }
    }
    return any;
  }

  List<Load> loads() {
    return loads;
  }

  /** Model variables that keep their seeded initialisation. */
  List<String> kept() {
    return kept;
  }

  /** Pattern and rename problems, one line each. */
  List<String> problems() {
    return problems;
  }
}
