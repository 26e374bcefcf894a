package io.genrec.data;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Collects interactions as loaders read them (ids registered in first-seen order) and turns them
 * into a {@link SequenceDataset}: time-sorted per user, re-indexed when numeric order is asked.
 */
final class SequenceAssembler {
  private final IdMap.Builder users = IdMap.builder();
  private final IdMap.Builder items = IdMap.builder();
  private final boolean timed;
  private final List<IntList> itemsPerUser = new ArrayList<>();
  private final List<LongList> timesPerUser = new ArrayList<>();

  SequenceAssembler(boolean timed) {
    this.timed = timed;
  }

  boolean timed() {
    return timed;
  }

  /** The provisional (first-seen) dense id of a user, registering it when new. */
  int user(String original) {
    int user = users.add(original);
    while (itemsPerUser.size() < user) {
      itemsPerUser.add(new IntList());
      if (timed) timesPerUser.add(new LongList());
    }
    return user;
  }

  int userCount() {
    return users.size();
  }

  /** The provisional (first-seen) dense id of an item, registering it when new. */
  int item(String original) {
    return items.add(original);
  }

  /** The original item ids registered, in first-seen order, instead of {@link #build}: ends the assembler. */
  List<String> takeItemsSeen() {
    return items.build().originals();
  }

  void append(int user, int item) {
    if (timed) throw new IllegalStateException("timed assembler needs a timestamp");
    itemsPerUser.get(user - 1).add(item);
  }

  void append(int user, int item, long time) {
    if (!timed) throw new IllegalStateException("untimed assembler takes no timestamp");
    itemsPerUser.get(user - 1).add(item);
    timesPerUser.get(user - 1).add(time);
  }

  /** Replaces a user's items outright (formats that give whole sequences, not interactions). */
  void setSequence(int user, int[] sequence) {
    if (timed) throw new IllegalStateException("timed assembler needs timestamps");
    IntList list = itemsPerUser.get(user - 1);
    list.clear();
    list.addAll(sequence);
  }

  /** Builds the dataset; single use. Provisional ids convert with the returned renumbering. */
  Assembled build(Path source, IdOrder order) {
    IdMap firstSeenUsers = users.build();
    IdMap firstSeenItems = items.build();
    Renumbering renumbering =
        order == IdOrder.NUMERIC
            ? Renumbering.between(firstSeenUsers, firstSeenItems)
            : Renumbering.identity(firstSeenUsers, firstSeenItems);
    int userCount = firstSeenUsers.size();
    int[][] sequences = new int[userCount][];
    long[][] timestamps = timed ? new long[userCount][] : null;
    for (int old = 1; old <= userCount; old++) {
      int[] sequence = renumbering.items(itemsPerUser.get(old - 1).toArray());
      int row = renumbering.user(old) - 1;
      if (timed) {
        long[] times = timesPerUser.get(old - 1).toArray();
        TimeOrder.sortStable(sequence, times);
        timestamps[row] = times;
      }
      sequences[row] = sequence;
    }
    SequenceDataset data =
        new SequenceDataset(
            renumbering.users(), renumbering.itemMap(), sequences, timestamps, source);
    return new Assembled(data, renumbering);
  }

  record Assembled(SequenceDataset data, Renumbering renumbering) {}
}
