package io.genrec.data;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Several datasets, each loaded and split on its own, as one run's data with their items and users
 * kept apart: source {@code s}'s dense ids are its own ids moved up by the item (user) counts of
 * the sources before it, so item 0 stays padding and no two sources share an id. Sequences and
 * cases are copied once, with the offsets applied.
 *
 * <p>The joined id maps name each id {@code source:original} (the same original id may occur in
 * two sources); the sources' own maps are kept in {@link SplitDataset#sources()}.
 */
public final class SourceConcatenation {
  /** Between a source's name and an original id in the joined id maps. */
  public static final String SEPARATOR = ":";

  private SourceConcatenation() {}

  /** A dataset that has been split, and the name it has among the run's sources. */
  public record Part(String name, SplitDataset split) {}

  /** The parts as one split, in the given order; a single part is returned as it is, renamed. */
  public static SplitDataset concat(List<Part> parts) {
    if (parts.isEmpty()) throw new IllegalArgumentException("no sources to join");
    if (parts.size() == 1) {
      SplitDataset only = parts.get(0).split();
      return new SplitDataset(only.data(), only.train(), only.valid(), only.test(),
          List.of(SplitDataset.whole(only.data(), parts.get(0).name())));
    }
    int users = 0;
    int items = 0;
    boolean timed = true;
    for (Part p : parts) {
      users += p.split().data().users().size();
      items += p.split().data().items().size();
      timed &= p.split().data().hasTimestamps();
    }
    IdMap.Builder userIds = IdMap.builder();
    IdMap.Builder itemIds = IdMap.builder();
    int[][] sequences = new int[users][];
    long[][] timestamps = timed ? new long[users][] : null;
    int[][] train = new int[users][];
    List<EvalCase> valid = new ArrayList<>();
    List<EvalCase> test = new ArrayList<>();
    List<DataSource> sources = new ArrayList<>();
    int userOffset = 0;
    int itemOffset = 0;
    for (int s = 0; s < parts.size(); s++) {
      Part part = parts.get(s);
      SequenceDataset data = part.split().data();
      for (String id : data.users().originals()) userIds.add(part.name() + SEPARATOR + id);
      for (String id : data.items().originals()) itemIds.add(part.name() + SEPARATOR + id);
      for (int u = 0; u < data.users().size(); u++) {
        sequences[userOffset + u] = shift(data.sequences()[u], itemOffset);
        if (timed) timestamps[userOffset + u] = data.timestamps()[u];
        train[userOffset + u] = shift(part.split().train()[u], itemOffset);
      }
      for (EvalCase c : part.split().valid()) valid.add(c.shifted(userOffset, itemOffset, s));
      for (EvalCase c : part.split().test()) test.add(c.shifted(userOffset, itemOffset, s));
      sources.add(new DataSource(part.name(), s, itemOffset + 1, data.items(), userOffset + 1, data.users()));
      userOffset += data.users().size();
      itemOffset += data.items().size();
    }
    String joined = String.join("+", parts.stream().map(Part::name).toList());
    SequenceDataset data =
        new SequenceDataset(userIds.build(), itemIds.build(), sequences, timestamps, Path.of(joined));
    return new SplitDataset(data, train, valid, test, sources);
  }

  /** A copy of dense ids moved up by {@code offset} (padding 0 stays 0). */
  static int[] shift(int[] ids, int offset) {
    int[] out = new int[ids.length];
    for (int k = 0; k < ids.length; k++) out[k] = ids[k] == 0 ? 0 : ids[k] + offset;
    return out;
  }
}
