package io.genrec.model.diger;

import io.genrec.train.FeedBatch;
import io.genrec.train.SlidingWindowExamples;
import java.util.Iterator;
import java.util.List;
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
  private final SlidingWindowExamples windows;

  DigerExamples(int[][] trainSequences, int maxItems, int batchSize, long seed, boolean bucketByLength) {
    this.windows = new SlidingWindowExamples(trainSequences, maxItems, batchSize, seed, bucketByLength);
  }

  int examples() {
    return windows.examples();
  }

  int batchesPerEpoch() {
    return windows.batchesPerEpoch();
  }

  /** The examples of each batch of an epoch; seeded by (seed, epoch) so a resume repeats it. */
  List<int[]> plan(int epoch) {
    return windows.plan(epoch);
  }

  /**
   * @param extra adds feeds every batch needs beyond the examples (FrqUD's usage averages), called
   *     when the batch is drawn, so it sees the state after the previous step
   */
  Iterator<FeedBatch> epoch(int epoch, Operand<TInt32> history, Operand<TInt32> target, Consumer<FeedBatch> extra) {
    return windows.batches(epoch, examples -> {
      FeedBatch batch = batch(examples, history, target);
      extra.accept(batch);
      return batch;
    });
  }

  /** History int32 [b, longest] left-padded with 0, target int32 [b]. */
  FeedBatch batch(int[] examples, Operand<TInt32> history, Operand<TInt32> target) {
    int b = examples.length;
    int width = 0;
    for (int e : examples) width = Math.max(width, windows.windowLength(e));
    int[] hist = new int[b * width];
    int[] tgt = new int[b];
    for (int r = 0; r < b; r++) {
      int e = examples[r];
      int[] s = windows.sequence(e);
      int t = windows.targetPosition(e);
      int n = windows.windowLength(e);
      System.arraycopy(s, t - n, hist, r * width + width - n, n);
      tgt[r] = s[t];
    }
    FeedBatch batch = new FeedBatch(b);
    batch.put(history, TInt32.tensorOf(Shape.of(b, width), DataBuffers.of(hist, false, false)));
    batch.put(target, TInt32.tensorOf(Shape.of(b), DataBuffers.of(tgt, false, false)));
    return batch;
  }
}
