package io.genrec.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The standard leave-one-out protocol (SASRec, S3-Rec, TIGER): per user the last item is the test
 * target (history: all earlier items), the second-to-last the validation target (history: all
 * items before it), the rest is training data.
 *
 * <p>Users with fewer than {@value #MIN_LENGTH} items keep all their items for training and get
 * no validation or test case, as in SASRec's {@code data_partition}: holding out two items would
 * leave nothing to learn from. On the 5-core Amazon data no user is affected.
 */
public final class LeaveOneOutSplit implements Split {
  /** Shortest sequence that yields a training prefix, a validation and a test item. */
  public static final int MIN_LENGTH = 3;

  @Override
  public SplitDataset split(SequenceDataset data) {
    int[][] sequences = data.sequences();
    int[][] train = new int[sequences.length][];
    List<EvalCase> valid = new ArrayList<>();
    List<EvalCase> test = new ArrayList<>();
    for (int u = 0; u < sequences.length; u++) {
      int[] sequence = sequences[u];
      int n = sequence.length;
      if (n < MIN_LENGTH) {
        train[u] = sequence.clone();
        continue;
      }
      train[u] = Arrays.copyOf(sequence, n - 2);
      valid.add(new EvalCase(u + 1, Arrays.copyOf(sequence, n - 2), new int[] {sequence[n - 2]}));
      test.add(new EvalCase(u + 1, Arrays.copyOf(sequence, n - 1), new int[] {sequence[n - 1]}));
    }
    return new SplitDataset(data, train, valid, test);
  }
}
