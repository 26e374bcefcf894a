package io.genrec.config;

import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * How one group of parameters trains ({@code train.param_groups.<name>}). A model may put its
 * variables into named groups; every other variable is in group {@code "default"}.
 *
 * @param match a regex over full variable names (e.g. {@code "encoder/.*"}): the variables it matches
 *     join this group, whatever group the model gave them; empty: the group is one the model assigns
 * @param lrMultiplier this group's learning rate is the scheduled train.lr times this
 * @param clipNorm clip this group's gradients by their own global norm to at most this; 0: never
 *     clip them; absent (null): they are clipped together with every other group that sets none,
 *     by train.clip_norm
 * @param frozen no update at all: no optimizer slots, no weight decay, no gradient computed
 */
public record ParamGroupConfig(String match, Double lrMultiplier, Double clipNorm, Boolean frozen)
    implements Section {

  /** Group names end up in keys such as {@code grad_norm/<name>} of epochs.jsonl. */
  public static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.\\-]+");

  /** Gson leaves keys the file omits null; this fills them with their defaults. */
  public ParamGroupConfig {
    if (match == null) match = "";
    if (lrMultiplier == null) lrMultiplier = 1.0;
    if (frozen == null) frozen = false;
  }

  /** Every variable of the group trains as usual. */
  public static ParamGroupConfig defaults() {
    return new ParamGroupConfig("", 1.0, null, false);
  }

  /** True when {@link #clipNorm} is set, i.e. this group is not clipped with the others. */
  public boolean ownClipNorm() {
    return clipNorm != null;
  }

  public boolean matchesByName() {
    return !match.isEmpty();
  }

  /** The compiled {@link #match}; call {@link #validate} first. */
  public Pattern matchPattern() {
    return Pattern.compile(match);
  }

  @Override
  public void validate(String p) {
    if (!(lrMultiplier > 0) || lrMultiplier.isInfinite()) {
      throw new ConfigException(p + ".lr_multiplier = " + lrMultiplier
          + ": must be a finite number > 0 (to stop a group from training, set \"frozen\": true)");
    }
    if (clipNorm != null) Require.nonNegative(p + ".clip_norm", clipNorm);
    if (matchesByName()) {
      try {
        Pattern.compile(match);
      } catch (PatternSyntaxException e) {
        throw new ConfigException(p + ".match = \"" + match + "\": not a regular expression: "
            + e.getDescription(), e);
      }
    }
  }
}
