package io.genrec.data;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Loaded interactions: each user's items in time order, as dense ids. The arrays are shared, not
 * copied (datasets run to millions of ids); treat them as read-only.
 *
 * @param users dense user ids
 * @param items dense item ids
 * @param sequences {@code sequences[u - 1]} holds the items of dense user {@code u}, oldest first
 * @param timestamps {@code timestamps[u - 1][k]} is the time of {@code sequences[u - 1][k]}, in the
 *     file's unit (unix seconds for the Amazon data); {@code null} when the format has no times
 * @param source the file, directory or prefix the data came from
 */
public record SequenceDataset(
    IdMap users, IdMap items, int[][] sequences, long[][] timestamps, Path source) {

  public SequenceDataset {
    Objects.requireNonNull(users, "users");
    Objects.requireNonNull(items, "items");
    Objects.requireNonNull(sequences, "sequences");
    Objects.requireNonNull(source, "source");
    if (sequences.length != users.size()) {
      throw new IllegalArgumentException(
          sequences.length + " sequences for " + users.size() + " users");
    }
    if (timestamps != null) {
      if (timestamps.length != sequences.length) {
        throw new IllegalArgumentException(
            timestamps.length + " timestamp rows for " + sequences.length + " sequences");
      }
      for (int u = 0; u < sequences.length; u++) {
        if (timestamps[u].length != sequences[u].length) {
          throw new IllegalArgumentException(
              "user " + (u + 1) + ": " + timestamps[u].length + " timestamps for "
                  + sequences[u].length + " items");
        }
      }
    }
  }

  /** The items of dense user {@code user} (1-based), oldest first. */
  public int[] sequence(int user) {
    return sequences[user - 1];
  }

  public boolean hasTimestamps() {
    return timestamps != null;
  }

  public long numInteractions() {
    long total = 0;
    for (int[] sequence : sequences) total += sequence.length;
    return total;
  }

  @Override
  public String toString() {
    return "SequenceDataset[" + source + ": " + users.size() + " users, " + items.size()
        + " items, " + numInteractions() + " interactions]";
  }
}
