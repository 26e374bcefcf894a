package io.genrec.train.optim;

import io.genrec.config.ConfigException;
import io.genrec.config.ParamGroupConfig;
import io.genrec.nn.Param;
import io.genrec.nn.Params;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * {@code train.param_groups} resolved against the parameters a model creates: which group each
 * parameter trains in, and how. A parameter is in the group whose {@code match} regex its name
 * fully matches (at most one may), else in the group the model gave it ({@link Param#group}).
 */
public final class ParamGroups {

  /**
   * How one group trains.
   *
   * @param clipNorm null: clipped together with the other groups that set none, by the global clip
   *     norm; 0: never clipped; else clipped by the group's own gradient norm to this
   */
  public record Group(String name, float lrMultiplier, Float clipNorm, boolean frozen) {
    static Group plain(String name) {
      return new Group(name, 1f, null, false);
    }

    /** Trains exactly as without groups. */
    boolean isPlain() {
      return lrMultiplier == 1f && clipNorm == null && !frozen;
    }
  }

  private static final String KEY = "train.param_groups";

  private final Map<String, ParamGroupConfig> config;
  private final Map<String, Pattern> matches = new LinkedHashMap<>();

  private ParamGroups(Map<String, ParamGroupConfig> config) {
    this.config = config;
    config.forEach((name, group) -> {
      if (group.matchesByName()) matches.put(name, group.matchPattern());
    });
  }

  /** No groups configured: every parameter trains alike, whatever group the model gave it. */
  public static ParamGroups none() {
    return new ParamGroups(Map.of());
  }

  /** @param config group name → settings, in the order groups are reported; validated */
  public static ParamGroups of(Map<String, ParamGroupConfig> config) {
    return new ParamGroups(new LinkedHashMap<>(config));
  }

  /** True when the config names any group (then each group's gradient norm is reported). */
  public boolean configured() {
    return !config.isEmpty();
  }

  /** The group {@code param} trains in; a name matched by two groups' regexes is a config error. */
  public Group of(Param param) {
    List<String> matched = new ArrayList<>();
    matches.forEach((name, pattern) -> {
      if (pattern.matcher(param.name()).matches()) matched.add(name);
    });
    if (matched.size() > 1) {
      throw new ConfigException(KEY + ": variable " + param.name() + " matches the \"match\" of several groups "
          + matched + "; a variable can be in one group only");
    }
    String name = matched.isEmpty() ? param.group() : matched.get(0);
    ParamGroupConfig settings = config.get(name);
    if (settings == null) return Group.plain(name);
    return new Group(name, settings.lrMultiplier().floatValue(),
        settings.ownClipNorm() ? settings.clipNorm().floatValue() : null, settings.frozen());
  }

  /**
   * Fails when a configured group has no parameter: a name the model does not use (the error lists
   * the groups it has) or a {@code match} that matches no variable name.
   */
  public void checkEveryGroupIsUsed(Collection<Param> params) {
    Set<String> used = new LinkedHashSet<>();
    Set<String> modelGroups = new LinkedHashSet<>(List.of(Params.DEFAULT_GROUP));
    for (Param p : params) {
      used.add(of(p).name());
      modelGroups.add(p.group());
    }
    for (Map.Entry<String, ParamGroupConfig> e : config.entrySet()) {
      if (used.contains(e.getKey())) continue;
      String key = KEY + "." + e.getKey();
      if (e.getValue().matchesByName()) {
        throw new ConfigException(key + ".match = \"" + e.getValue().match() + "\" matches no variable of this"
            + " model (e.g. " + examples(params) + ")");
      }
      throw new ConfigException(key + ": the model has no parameter group \"" + e.getKey() + "\" (its groups: "
          + String.join(", ", modelGroups) + "); to choose variables by name, add \"match\": \"<regex>\"");
    }
  }

  private static String examples(Collection<Param> params) {
    List<String> names = params.stream().map(Param::name).limit(5).toList();
    return String.join(", ", names) + (params.size() > names.size() ? ", ..." : "");
  }
}
