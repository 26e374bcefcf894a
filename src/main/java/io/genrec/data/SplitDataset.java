package io.genrec.data;

import java.util.List;
import java.util.Objects;

/**
 * A dataset divided for training and evaluation. Arrays are shared, not copied; treat them as
 * read-only.
 *
 * @param data the full interactions (ids and all sequences); with several sources, their
 *     concatenation (see {@link SourceConcatenation})
 * @param train {@code train[u - 1]}: the items of dense user {@code u} the model trains on,
 *     oldest first (possibly empty); one entry per user
 * @param valid validation cases, in user order (possibly none)
 * @param test test cases, in user order (possibly none)
 * @param sources the datasets the ids come from, in id order, covering every item and user once;
 *     one source for a single dataset
 */
public record SplitDataset(
    SequenceDataset data, int[][] train, List<EvalCase> valid, List<EvalCase> test, List<DataSource> sources) {
  public SplitDataset {
    Objects.requireNonNull(data, "data");
    if (train.length != data.users().size()) {
      throw new IllegalArgumentException(
          train.length + " training sequences for " + data.users().size() + " users");
    }
    valid = List.copyOf(valid);
    test = List.copyOf(test);
    sources = List.copyOf(sources);
    checkCovers(sources, data);
    for (List<EvalCase> cases : List.of(valid, test)) {
      for (EvalCase c : cases) {
        if (c.source() >= sources.size() || !sources.get(c.source()).holdsUser(c.user())) {
          throw new IllegalArgumentException(c + " does not belong to source " + c.source() + " of " + sources.size());
        }
      }
    }
  }

  /** A split of one dataset: one source, named after the file the data came from. */
  public SplitDataset(SequenceDataset data, int[][] train, List<EvalCase> valid, List<EvalCase> test) {
    this(data, train, valid, test, List.of(whole(data, stem(data))));
  }

  /** The one source that is all of {@code data}. */
  static DataSource whole(SequenceDataset data, String name) {
    return new DataSource(name, 0, 1, data.items(), 1, data.users());
  }

  private static String stem(SequenceDataset data) {
    java.nio.file.Path file = data.source().getFileName();
    String name = file == null ? "" : file.toString();
    int dot = name.indexOf('.');
    return dot > 0 ? name.substring(0, dot) : name;
  }

  private static void checkCovers(List<DataSource> sources, SequenceDataset data) {
    if (sources.isEmpty()) throw new IllegalArgumentException("a split needs at least one source");
    int nextItem = 1;
    int nextUser = 1;
    for (int s = 0; s < sources.size(); s++) {
      DataSource source = sources.get(s);
      if (source.index() != s || source.firstItem() != nextItem || source.firstUser() != nextUser) {
        throw new IllegalArgumentException("source " + source.name() + " at position " + s + " starts at item "
            + source.firstItem() + ", user " + source.firstUser() + "; expected item " + nextItem + ", user " + nextUser);
      }
      nextItem += source.itemCount();
      nextUser += source.userCount();
    }
    if (nextItem - 1 != data.items().size() || nextUser - 1 != data.users().size()) {
      throw new IllegalArgumentException("sources hold " + (nextItem - 1) + " items and " + (nextUser - 1)
          + " users; the data has " + data.items().size() + " and " + data.users().size());
    }
  }

  /** The training items of dense user {@code user} (1-based). */
  public int[] trainSequence(int user) {
    return train[user - 1];
  }

  /** Index in {@link #sources()} of the dataset dense user {@code user} comes from. */
  public int sourceOfUser(int user) {
    for (DataSource s : sources) if (s.holdsUser(user)) return s.index();
    throw new IndexOutOfBoundsException("user " + user + " outside 1.." + data.users().size());
  }

  /** Index in {@link #sources()} of the dataset dense item {@code item} comes from. */
  public int sourceOfItem(int item) {
    for (DataSource s : sources) if (s.holdsItem(item)) return s.index();
    throw new IndexOutOfBoundsException("item " + item + " outside 1.." + data.items().size());
  }

  /** Whether the run reads several datasets. */
  public boolean hasSeveralSources() {
    return sources.size() > 1;
  }

  public List<String> sourceNames() {
    return sources.stream().map(DataSource::name).toList();
  }

  public long numTrainInteractions() {
    long total = 0;
    for (int[] sequence : train) total += sequence.length;
    return total;
  }
}
