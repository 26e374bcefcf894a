package io.genrec.data;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Rebuilds a user's sequence from UniSRec-style rows. Each row's history is the end of the
 * sequence so far (UniSRec truncates it to the last 50 items), so starting from the shortest row
 * and repeatedly appending the target of the row whose history ends the sequence recovers every
 * item, including the early ones that long histories cut off. Without truncation the result is
 * simply the longest history plus its target.
 */
final class HistoryChain {
  private HistoryChain() {}

  /** @param rows all rows of one user, in any order */
  static int[] join(List<HistoryRow> rows) {
    int start = 0;
    for (int r = 1; r < rows.size(); r++) {
      if (rows.get(r).history().length < rows.get(start).history().length) start = r;
    }
    IntList sequence = new IntList();
    sequence.addAll(rows.get(start).history());
    sequence.add(rows.get(start).target());
    if (rows.size() == 1) return sequence.toArray();

    Map<Integer, List<Integer>> byLastHistoryItem = new HashMap<>();
    for (int r = 0; r < rows.size(); r++) {
      int[] history = rows.get(r).history();
      if (r != start && history.length > 0) {
        byLastHistoryItem
            .computeIfAbsent(history[history.length - 1], k -> new ArrayList<>())
            .add(r);
      }
    }
    boolean[] used = new boolean[rows.size()];
    used[start] = true;
    for (int joined = 1; joined < rows.size(); joined++) {
      int next = -1;
      for (int r : byLastHistoryItem.getOrDefault(sequence.get(sequence.size() - 1), List.of())) {
        int[] history = rows.get(r).history();
        if (!used[r]
            && endsWith(sequence, history)
            && (next < 0 || history.length > rows.get(next).history().length)) {
          next = r;
        }
      }
      if (next < 0) throw notContinuing(rows, used);
      used[next] = true;
      sequence.add(rows.get(next).target());
    }
    return sequence.toArray();
  }

  private static boolean endsWith(IntList sequence, int[] history) {
    int offset = sequence.size() - history.length;
    if (offset < 0) return false;
    for (int k = 0; k < history.length; k++) {
      if (sequence.get(offset + k) != history[k]) return false;
    }
    return true;
  }

  /** Blames the shortest unused row: it is the one that should have come next. */
  private static DataFormatException notContinuing(List<HistoryRow> rows, boolean[] used) {
    HistoryRow culprit = null;
    for (int r = 0; r < rows.size(); r++) {
      if (!used[r] && (culprit == null || rows.get(r).history().length < culprit.history().length)) {
        culprit = rows.get(r);
      }
    }
    return new DataFormatException(
        culprit.file(), culprit.line(),
        "a history of " + culprit.history().length + " items that does not continue the user's other rows",
        "the rows of one user to form one growing sequence (each history = the items before its target)");
  }
}
