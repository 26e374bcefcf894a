package io.genrec.data;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The split a benchmark ships as RecBole files {@code NAME.train.inter}, {@code NAME.valid.inter},
 * {@code NAME.test.inter}, taken as given so results compare with published numbers.
 *
 * <ul>
 *   <li>UniSRec rows ({@code user, item_id_list, item_id}): a user's training sequence is rebuilt
 *       from their train rows, which is the longest history plus its target (for histories
 *       truncated at 50 items, the earlier items are recovered from the shorter rows); each valid
 *       and test row is one case, its history exactly as in the file.
 *   <li>Plain interactions: training sequence = the user's train rows (time order when there is a
 *       timestamp, else file order); one validation case per user with valid rows, targets =
 *       those items, history = the training sequence; one test case per user with test rows,
 *       history = training plus validation items.
 * </ul>
 *
 * The dataset in the result joins all three parts, as {@link RecBoleLoader#loadPreSplit} does.
 */
public final class GivenSplit {
  private GivenSplit() {}

  public static SplitDataset load(Path dirOrPrefix) throws IOException {
    return load(dirOrPrefix, IdOrder.FIRST_SEEN);
  }

  public static SplitDataset load(Path dirOrPrefix, IdOrder idOrder) throws IOException {
    RecBoleLoader.Parts parts = new RecBoleLoader(idOrder).readParts(dirOrPrefix);
    return parts.train().historyRows() ? fromHistoryRows(parts) : fromInteractions(parts);
  }

  private static SplitDataset fromHistoryRows(RecBoleLoader.Parts parts) {
    SequenceDataset data = parts.assembled().data();
    Renumbering ids = parts.assembled().renumbering();
    int users = data.users().size();
    int[][] train = new int[users][];
    List<List<HistoryRow>> trainRows = RecBoleLoader.rowsByUser(users, List.of(parts.train()));
    for (int provisional = 1; provisional <= users; provisional++) {
      List<HistoryRow> rows = trainRows.get(provisional - 1);
      train[ids.user(provisional) - 1] =
          rows.isEmpty() ? new int[0] : ids.items(HistoryChain.join(rows));
    }
    return new SplitDataset(data, train, cases(parts.valid(), ids), cases(parts.test(), ids));
  }

  private static List<EvalCase> cases(RecBoleFile part, Renumbering ids) {
    List<EvalCase> cases = new ArrayList<>(part.rows.size());
    for (HistoryRow row : part.rows) {
      cases.add(
          new EvalCase(
              ids.user(row.user()), ids.items(row.history()), ids.items(new int[] {row.target()})));
    }
    cases.sort(Comparator.comparingInt(EvalCase::user)); // stable: a user's rows keep file order
    return cases;
  }

  private static SplitDataset fromInteractions(RecBoleLoader.Parts parts) {
    SequenceDataset data = parts.assembled().data();
    Renumbering ids = parts.assembled().renumbering();
    int users = data.users().size();
    boolean timed = data.hasTimestamps();
    PerUser train = PerUser.of(parts.train(), users, timed);
    PerUser valid = PerUser.of(parts.valid(), users, timed);
    PerUser test = PerUser.of(parts.test(), users, timed);
    int[][] trainSequences = new int[users][];
    List<EvalCase> validCases = new ArrayList<>();
    List<EvalCase> testCases = new ArrayList<>();
    for (int provisional = 1; provisional <= users; provisional++) {
      int u = ids.user(provisional);
      int p = provisional - 1;
      trainSequences[u - 1] = ids.items(train.items[p]);
      if (valid.items[p].length > 0) {
        validCases.add(new EvalCase(u, ids.items(train.items[p]), ids.items(valid.items[p])));
      }
      if (test.items[p].length > 0) {
        int[] seen = concat(train.items[p], valid.items[p]);
        if (timed) TimeOrder.sortStable(seen, concat(train.times[p], valid.times[p]));
        testCases.add(new EvalCase(u, ids.items(seen), ids.items(test.items[p])));
      }
    }
    validCases.sort(Comparator.comparingInt(EvalCase::user));
    testCases.sort(Comparator.comparingInt(EvalCase::user));
    return new SplitDataset(data, trainSequences, validCases, testCases);
  }

  private static int[] concat(int[] a, int[] b) {
    int[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  private static long[] concat(long[] a, long[] b) {
    long[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  /** One part's interactions grouped by provisional user, time-sorted when timed. */
  private record PerUser(int[][] items, long[][] times) {
    static PerUser of(RecBoleFile part, int users, boolean timed) {
      IntList[] items = new IntList[users];
      LongList[] times = new LongList[users];
      for (int u = 0; u < users; u++) {
        items[u] = new IntList(4);
        times[u] = new LongList();
      }
      for (int k = 0; k < part.users.size(); k++) {
        int u = part.users.get(k) - 1;
        items[u].add(part.items.get(k));
        if (timed) times[u].add(part.times.get(k));
      }
      int[][] itemArrays = new int[users][];
      long[][] timeArrays = new long[users][];
      for (int u = 0; u < users; u++) {
        itemArrays[u] = items[u].toArray();
        timeArrays[u] = timed ? times[u].toArray() : new long[itemArrays[u].length];
        if (timed) TimeOrder.sortStable(itemArrays[u], timeArrays[u]);
      }
      return new PerUser(itemArrays, timeArrays);
    }
  }
}
