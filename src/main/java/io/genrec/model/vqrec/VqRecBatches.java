package io.genrec.model.vqrec;

import io.genrec.train.EpochOrder;
import io.genrec.train.FeedBatch;
import io.genrec.train.SlidingWindowExamples;
import java.util.Iterator;
import java.util.Random;
import java.util.SplittableRandom;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.types.TInt32;

/**
 * VQ-Rec's training rows, as its data pipeline makes them: one row per prefix of each user's
 * training sequence (target = item k, history = the items before it, the most recent maxLength,
 * left-padded), k = 1..n-1. With several sources, rows of every source are shuffled together, so a
 * batch mixes the domains (its targets are the pre-training loss's mixed-domain negatives).
 * Optionally each row also gets its target's semi-synthetic negative codes. A batch is as wide as
 * its longest history ({@link VqRecEncoder} gives the same outputs at any width); with length
 * bucketing its rows have similar lengths, so most batches are far narrower than maxLength.
 */
public final class VqRecBatches {
  private final SlidingWindowExamples rows;
  private final long seed;
  private final ItemCodes codes;
  private final SemiSyntheticCodes synthetic;

  /**
   * @param synthetic null: no negative codes (fine-tuning)
   */
  public VqRecBatches(int[][] trainSequences, int maxLength, int batchSize, long seed, ItemCodes codes,
      SemiSyntheticCodes synthetic, boolean bucketByLength) {
    this.rows = new SlidingWindowExamples(trainSequences, maxLength, batchSize, seed, bucketByLength);
    this.seed = seed;
    this.codes = codes;
    this.synthetic = synthetic;
  }

  public int examples() {
    return rows.examples();
  }

  public int batchesPerEpoch() {
    return rows.batchesPerEpoch();
  }

  /**
   * {@code fakeCodes} is fed only when this instance draws negatives. The plan and the negatives'
   * draws depend on (seed, epoch) alone, so a resumed run sees the same batches.
   */
  Iterator<FeedBatch> epoch(int epoch, Operand<TInt32> history, Operand<TInt32> target, Operand<TInt32> fakeCodes) {
    // A stream of its own: the plan's generator is SlidingWindowExamples'.
    Random rng = new Random(new SplittableRandom(EpochOrder.streamSeed(seed, epoch)).split().nextLong());
    return rows.batches(epoch, examples -> batch(examples, rng, history, target, fakeCodes));
  }

  /** History int32 [b, longest] left-padded with 0, target int32 [b] (+ fake codes [b, D]). */
  FeedBatch batch(int[] examples, Random rng, Operand<TInt32> history, Operand<TInt32> target,
      Operand<TInt32> fakeCodes) {
    int b = examples.length;
    int d = codes.subvectors();
    int width = 1;
    for (int e : examples) width = Math.max(width, rows.windowLength(e));
    int[] in = new int[b * width];
    int[] tg = new int[b];
    int[] fake = synthetic == null ? null : new int[b * d];
    for (int i = 0; i < b; i++) {
      int[] s = rows.sequence(examples[i]);
      int end = rows.targetPosition(examples[i]);
      int n = rows.windowLength(examples[i]);
      System.arraycopy(s, end - n, in, i * width + (width - n), n);
      tg[i] = s[end];
      if (fake != null) synthetic.draw(codes.rows()[tg[i]], rng, fake, i * d);
    }
    FeedBatch batch = new FeedBatch(b).put(history, Shape.of(b, width), in).put(target, Shape.of(b), tg);
    return fake == null ? batch : batch.put(fakeCodes, Shape.of(b, d), fake);
  }
}
