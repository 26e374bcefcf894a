package io.genrec.data;

import java.util.Arrays;

/**
 * One held-out prediction: what the model may see and what it should recommend.
 *
 * @param user dense user id (1-based)
 * @param history everything the model may see before the targets, oldest first (dense item ids;
 *     may be empty)
 * @param targets the held-out item(s), dense ids; never empty
 * @param source index of the dataset the case comes from in {@link SplitDataset#sources()} (0 when
 *     the run reads one dataset)
 */
public record EvalCase(int user, int[] history, int[] targets, int source) {
  public EvalCase {
    if (user < 1) throw new IllegalArgumentException("user " + user + ": dense users start at 1");
    if (targets.length == 0) throw new IllegalArgumentException("user " + user + ": no targets");
    if (source < 0) throw new IllegalArgumentException("user " + user + ": source " + source + " < 0");
  }

  /** A case of the only (or first) source. */
  public EvalCase(int user, int[] history, int[] targets) {
    this(user, history, targets, 0);
  }

  /** This case with user and item ids moved up by the offsets, as the {@code source}-th source. */
  EvalCase shifted(int userOffset, int itemOffset, int source) {
    return new EvalCase(user + userOffset, SourceConcatenation.shift(history, itemOffset),
        SourceConcatenation.shift(targets, itemOffset), source);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof EvalCase c
        && user == c.user
        && source == c.source
        && Arrays.equals(history, c.history)
        && Arrays.equals(targets, c.targets);
  }

  @Override
  public int hashCode() {
    int h = 31 * (31 * user + Arrays.hashCode(history)) + Arrays.hashCode(targets);
    return source == 0 ? h : 31 * h + source;
  }

  @Override
  public String toString() {
    return "EvalCase[user=" + user + ", history=" + Arrays.toString(history)
        + ", targets=" + Arrays.toString(targets) + (source == 0 ? "" : ", source=" + source) + "]";
  }
}
