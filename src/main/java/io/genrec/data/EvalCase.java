package io.genrec.data;

import java.util.Arrays;

/**
 * One held-out prediction: what the model may see and what it should recommend.
 *
 * @param user dense user id (1-based)
 * @param history everything the model may see before the targets, oldest first (dense item ids;
 *     may be empty)
 * @param targets the held-out item(s), dense ids; never empty
 */
public record EvalCase(int user, int[] history, int[] targets) {
  public EvalCase {
    if (user < 1) throw new IllegalArgumentException("user " + user + ": dense users start at 1");
    if (targets.length == 0) throw new IllegalArgumentException("user " + user + ": no targets");
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof EvalCase c
        && user == c.user
        && Arrays.equals(history, c.history)
        && Arrays.equals(targets, c.targets);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * user + Arrays.hashCode(history)) + Arrays.hashCode(targets);
  }

  @Override
  public String toString() {
    return "EvalCase[user=" + user + ", history=" + Arrays.toString(history)
        + ", targets=" + Arrays.toString(targets) + "]";
  }
}
