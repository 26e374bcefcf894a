package io.genrec.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A global temporal split: everything before one point in time is known, the model is tested on
 * what came after. Unlike leave-one-out it never trains on interactions that happen after a test
 * interaction of another user.
 *
 * <ul>
 *   <li><b>Cutoff</b>: the {@code quantile} of all interaction timestamps, as the lower nearest
 *       rank (element {@code floor(q * (N - 1))} of the sorted timestamps, NumPy's
 *       {@code method="lower"}), so it is always a timestamp that occurs in the data.
 *   <li><b>Test</b>: per user, the first interaction at or after the cutoff whose user and item
 *       both occur before the cutoff; interactions with a new item are skipped in favour of the
 *       next one, since no model trained on the past can rank an item it never saw. A user with no
 *       interaction before the cutoff, or none qualifying after it, gets no test case. History:
 *       all of the user's pre-cutoff items.
 *   <li><b>Validation</b>: per user with at least two pre-cutoff items, the last of them (history:
 *       the ones before it). It is taken out of training so validation stays unseen; a user with
 *       a single pre-cutoff item keeps it for training and gets no validation case.
 *   <li><b>Train</b>: pre-cutoff items minus the validation item.
 * </ul>
 *
 * "Seen before the cutoff" counts every pre-cutoff interaction, validation targets included: the
 * validation item is known to the system at test time even though training did not use it.
 */
public final class TimeCutoffSplit implements Split {
  public static final double DEFAULT_QUANTILE = 0.95;

  private final double quantile;

  public TimeCutoffSplit() {
    this(DEFAULT_QUANTILE);
  }

  public TimeCutoffSplit(double quantile) {
    if (!(quantile >= 0.0 && quantile <= 1.0)) {
      throw new IllegalArgumentException("quantile " + quantile + " outside [0, 1]");
    }
    this.quantile = quantile;
  }

  public double quantile() {
    return quantile;
  }

  /** The cutoff time: the lower nearest-rank {@code quantile} of all timestamps. */
  public static long cutoff(SequenceDataset data, double quantile) {
    long[][] timestamps = requireTimestamps(data);
    long[] all = new long[Math.toIntExact(data.numInteractions())];
    if (all.length == 0) throw new IllegalArgumentException(data.source() + ": no interactions");
    int k = 0;
    for (long[] times : timestamps) {
      System.arraycopy(times, 0, all, k, times.length);
      k += times.length;
    }
    Arrays.sort(all);
    return all[(int) Math.floor(quantile * (all.length - 1))];
  }

  @Override
  public SplitDataset split(SequenceDataset data) {
    long cutoff = cutoff(data, quantile);
    int[][] sequences = data.sequences();
    long[][] timestamps = data.timestamps();
    int users = sequences.length;

    int[][] before = new int[users][];
    boolean[] itemSeen = new boolean[data.items().size() + 1];
    for (int u = 0; u < users; u++) {
      IntList past = new IntList();
      for (int k = 0; k < sequences[u].length; k++) {
        if (timestamps[u][k] < cutoff) {
          past.add(sequences[u][k]);
          itemSeen[sequences[u][k]] = true;
        }
      }
      before[u] = past.toArray();
    }

    int[][] train = new int[users][];
    List<EvalCase> valid = new ArrayList<>();
    List<EvalCase> test = new ArrayList<>();
    for (int u = 0; u < users; u++) {
      int[] past = before[u];
      if (past.length >= 2) {
        train[u] = Arrays.copyOf(past, past.length - 1);
        valid.add(new EvalCase(u + 1, train[u].clone(), new int[] {past[past.length - 1]}));
      } else {
        train[u] = past;
      }
      if (past.length == 0) continue; // user unseen before the cutoff
      for (int k = 0; k < sequences[u].length; k++) {
        int item = sequences[u][k];
        if (timestamps[u][k] >= cutoff && itemSeen[item]) {
          test.add(new EvalCase(u + 1, past.clone(), new int[] {item}));
          break;
        }
      }
    }
    return new SplitDataset(data, train, valid, test);
  }

  private static long[][] requireTimestamps(SequenceDataset data) {
    if (data.timestamps() == null) {
      throw new IllegalArgumentException(
          data.source() + " has no timestamps; a time cutoff split needs a timed format (CSV, RecBole with timestamp)");
    }
    return data.timestamps();
  }
}
