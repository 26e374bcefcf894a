package io.genrec.model.vqrec;

import io.genrec.train.EpochBatches;
import io.genrec.train.FeedBatch;
import java.util.Iterator;
import java.util.Random;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.types.TInt32;

/**
 * VQ-Rec's training rows, as its data pipeline makes them: one row per prefix of each user's
 * training sequence (target = item k, history = the items before it, the most recent maxLength,
 * left-padded), k = 1..n-1. With several sources, rows of every source are shuffled together, so a
 * batch mixes the domains (its targets are the pre-training loss's mixed-domain negatives).
 * Optionally each row also gets its target's semi-synthetic negative codes.
 */
public final class VqRecBatches {
  private final int[][] sequences;
  private final int[] rowUser;
  private final int[] rowEnd;
  private final int maxLength;
  private final EpochBatches epochs;
  private final ItemCodes codes;
  private final SemiSyntheticCodes synthetic;

  /**
   * @param synthetic null: no negative codes (fine-tuning)
   */
  public VqRecBatches(int[][] trainSequences, int maxLength, int batchSize, long seed, ItemCodes codes,
      SemiSyntheticCodes synthetic) {
    this.sequences = trainSequences;
    this.maxLength = maxLength;
    this.codes = codes;
    this.synthetic = synthetic;
    int rows = 0;
    for (int[] s : trainSequences) rows += Math.max(0, s.length - 1);
    this.rowUser = new int[rows];
    this.rowEnd = new int[rows];
    int r = 0;
    for (int u = 0; u < trainSequences.length; u++) {
      for (int end = 1; end < trainSequences[u].length; end++) {
        rowUser[r] = u;
        rowEnd[r++] = end;
      }
    }
    this.epochs = new EpochBatches(rows, batchSize, seed);
  }

  public int examples() {
    return rowUser.length;
  }

  public int batchesPerEpoch() {
    return epochs.perEpoch();
  }

  /** {@code fakeCodes} is fed only when this instance draws negatives. */
  Iterator<FeedBatch> epoch(int epoch, Operand<TInt32> history, Operand<TInt32> target, Operand<TInt32> fakeCodes) {
    return epochs.epoch(epoch, (rows, rng) -> batch(rows, rng, history, target, fakeCodes));
  }

  private FeedBatch batch(int[] rows, Random rng, Operand<TInt32> history, Operand<TInt32> target,
      Operand<TInt32> fakeCodes) {
    int b = rows.length;
    int d = codes.subvectors();
    int[] in = new int[b * maxLength];
    int[] tg = new int[b];
    int[] fake = synthetic == null ? null : new int[b * d];
    for (int i = 0; i < b; i++) {
      int[] s = sequences[rowUser[rows[i]]];
      int end = rowEnd[rows[i]];
      int n = Math.min(maxLength, end);
      System.arraycopy(s, end - n, in, i * maxLength + (maxLength - n), n);
      tg[i] = s[end];
      if (fake != null) synthetic.draw(codes.rows()[tg[i]], rng, fake, i * d);
    }
    FeedBatch batch = new FeedBatch(b).put(history, Shape.of(b, maxLength), in).put(target, Shape.of(b), tg);
    return fake == null ? batch : batch.put(fakeCodes, Shape.of(b, d), fake);
  }
}
