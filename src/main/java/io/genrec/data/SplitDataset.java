package io.genrec.data;

import java.util.List;
import java.util.Objects;

/**
 * A dataset divided for training and evaluation. Arrays are shared, not copied; treat them as
 * read-only.
 *
 * @param data the full interactions (ids and all sequences)
 * @param train {@code train[u - 1]}: the items of dense user {@code u} the model trains on,
 *     oldest first (possibly empty); one entry per user
 * @param valid validation cases, in user order
 * @param test test cases, in user order
 */
public record SplitDataset(
    SequenceDataset data, int[][] train, List<EvalCase> valid, List<EvalCase> test) {
  public SplitDataset {
    Objects.requireNonNull(data, "data");
    if (train.length != data.users().size()) {
      throw new IllegalArgumentException(
          train.length + " training sequences for " + data.users().size() + " users");
    }
    valid = List.copyOf(valid);
    test = List.copyOf(test);
  }

  /** The training items of dense user {@code user} (1-based). */
  public int[] trainSequence(int user) {
    return train[user - 1];
  }

  public long numTrainInteractions() {
    long total = 0;
    for (int[] sequence : train) total += sequence.length;
    return total;
  }
}
