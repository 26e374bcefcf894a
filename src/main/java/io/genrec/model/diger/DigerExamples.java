package io.genrec.model.diger;

import io.genrec.train.FeedBatch;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Random;
import java.util.function.Consumer;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TInt32;

/**
 * DIGER's training examples, as TIGER's: every prefix of each training sequence (at most maxItems
 * items) predicts the item after it. They are fed as dense item ids, not codes, because the codes
 * are computed in the graph; with length bucketing a batch is cut to its own longest history.
 */
final class DigerExamples {
  static final int SORT_WINDOW = 64;

  private final int[][] sequences;
  private final int maxItems;
  private final int batchSize;
  private final long seed;
  private final boolean bucketByLength;
  private final int[] exampleUser;
  private final int[] exampleTarget;

  DigerExamples(int[][] trainSequences, int maxItems, int batchSize, long seed, boolean bucketByLength) {
    this.sequences = trainSequences;
    this.maxItems = maxItems;
    this.batchSize = batchSize;
    this.seed = seed;
    this.bucketByLength = bucketByLength;
    long count = 0;
    for (int[] s : trainSequences) count += Math.max(0, s.length - 1);
    exampleUser = new int[Math.toIntExact(count)];
    exampleTarget = new int[exampleUser.length];
    int e = 0;
    for (int u = 0; u < trainSequences.length; u++) {
      for (int t = 1; t < trainSequences[u].length; t++) {
        exampleUser[e] = u;
        exampleTarget[e] = t;
        e++;
      }
    }
  }

  int examples() {
    return exampleUser.length;
  }

  int batchesPerEpoch() {
    return (exampleUser.length + batchSize - 1) / batchSize;
  }

  private int windowLength(int example) {
    return Math.min(maxItems, exampleTarget[example]);
  }

  /** The examples of each batch of an epoch; seeded by (seed, epoch) so a resume repeats it. */
  List<int[]> plan(int epoch) {
    Random rng = new Random(seed * 1_000_003L + epoch);
    int n = exampleUser.length;
    int[] order = new int[n];
    for (int i = 0; i < n; i++) order[i] = i;
    for (int i = n - 1; i > 0; i--) {
      int j = rng.nextInt(i + 1);
      int t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
    List<int[]> batches = new ArrayList<>(batchesPerEpoch());
    int window = bucketByLength ? SORT_WINDOW * batchSize : batchSize;
    for (int from = 0; from < n; from += window) {
      int to = Math.min(n, from + window);
      Integer[] part = new Integer[to - from];
      for (int i = from; i < to; i++) part[i - from] = order[i];
      if (bucketByLength) Arrays.sort(part, (a, b) -> Integer.compare(windowLength(a), windowLength(b)));
      for (int b = 0; b < part.length; b += batchSize) {
        int[] batch = new int[Math.min(batchSize, part.length - b)];
        for (int i = 0; i < batch.length; i++) batch[i] = part[b + i];
        batches.add(batch);
      }
    }
    if (bucketByLength) Collections.shuffle(batches, rng);
    return batches;
  }

  /**
   * @param extra adds feeds every batch needs beyond the examples (FrqUD's usage averages), called
   *     when the batch is drawn, so it sees the state after the previous step
   */
  Iterator<FeedBatch> epoch(int epoch, Operand<TInt32> history, Operand<TInt32> target, Consumer<FeedBatch> extra) {
    List<int[]> plan = plan(epoch);
    return new Iterator<>() {
      int next = 0;

      @Override
      public boolean hasNext() {
        return next < plan.size();
      }

      @Override
      public FeedBatch next() {
        if (!hasNext()) throw new NoSuchElementException();
        FeedBatch batch = batch(plan.get(next++), history, target);
        extra.accept(batch);
        return batch;
      }
    };
  }

  /** History int32 [b, longest] left-padded with 0, target int32 [b]. */
  FeedBatch batch(int[] examples, Operand<TInt32> history, Operand<TInt32> target) {
    int b = examples.length;
    int width = 0;
    for (int e : examples) width = Math.max(width, windowLength(e));
    int[] hist = new int[b * width];
    int[] tgt = new int[b];
    for (int r = 0; r < b; r++) {
      int e = examples[r];
      int[] s = sequences[exampleUser[e]];
      int t = exampleTarget[e];
      int n = windowLength(e);
      System.arraycopy(s, t - n, hist, r * width + width - n, n);
      tgt[r] = s[t];
    }
    FeedBatch batch = new FeedBatch(b);
    batch.put(history, TInt32.tensorOf(Shape.of(b, width), DataBuffers.of(hist, false, false)));
    batch.put(target, TInt32.tensorOf(Shape.of(b), DataBuffers.of(tgt, false, false)));
    return batch;
  }
}
