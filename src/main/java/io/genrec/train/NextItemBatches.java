package io.genrec.train;

import java.util.Arrays;
import java.util.Iterator;
import java.util.Random;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.types.TInt32;

/**
 * Next-item training examples from each user's training sequence: input = items[:-1], target =
 * items[1:], the most recent maxLength kept, left-padded. Optionally one uniformly sampled negative
 * per position that the user never interacted with (SASRec's BCE loss). SASRec trains on these, and
 * S3-Rec fine-tunes on them, so both models see exactly the same next-item examples.
 *
 * <p>With length bucketing, a batch holds users of similar history length ({@link LengthBuckets})
 * and is only as wide as its longest history: on short-history data (Scientific averages 5 training
 * items of 50) nearly every position of a full-width batch is padding the encoder would still run on.
 */
public final class NextItemBatches {
  private final int[][] sequences;
  private final int numItems;
  private final int maxLength;
  private final EpochBatches epochs;
  private final int[][] sortedItems;
  private final boolean bucketByLength;

  /** @param trainSequences one per user (users with fewer than 2 items give no example) */
  public NextItemBatches(int[][] trainSequences, int numItems, int maxLength, int batchSize, long seed) {
    this(trainSequences, numItems, maxLength, batchSize, seed, false);
  }

  /** @param bucketByLength batches of similar history length, each cut to its longest history */
  public NextItemBatches(int[][] trainSequences, int numItems, int maxLength, int batchSize, long seed,
      boolean bucketByLength) {
    this.bucketByLength = bucketByLength;
    this.sequences = Arrays.stream(trainSequences).filter(s -> s.length >= 2).toArray(int[][]::new);
    this.numItems = numItems;
    this.maxLength = maxLength;
    this.epochs = new EpochBatches(sequences.length, batchSize, seed);
    this.sortedItems = new int[sequences.length][];
    for (int i = 0; i < sequences.length; i++) {
      sortedItems[i] = Arrays.stream(sequences[i]).sorted().distinct().toArray();
    }
  }

  public int examples() {
    return sequences.length;
  }

  public int batchesPerEpoch() {
    return epochs.perEpoch();
  }

  /** The epoch's batches; {@code negative} may be null (no negatives drawn). */
  public Iterator<FeedBatch> epoch(int epoch, Operand<TInt32> input, Operand<TInt32> target, Operand<TInt32> negative) {
    return epochs.epoch(epoch, (users, rng) -> batch(users, rng, input, target, negative),
        bucketByLength ? this::inputLength : null);
  }

  /** Real positions of user row {@code u}'s input. */
  private int inputLength(int u) {
    return Math.min(maxLength, sequences[u].length - 1);
  }

  private FeedBatch batch(int[] users, Random rng, Operand<TInt32> input, Operand<TInt32> target,
      Operand<TInt32> negative) {
    int b = users.length;
    int width = maxLength;
    if (bucketByLength) {
      width = 1;
      for (int u : users) width = Math.max(width, inputLength(u));
    }
    int[] in = new int[b * width];
    int[] tg = new int[b * width];
    int[] ng = negative == null ? null : new int[b * width];
    for (int r = 0; r < b; r++) {
      int u = users[r];
      int[] s = sequences[u];
      int n = inputLength(u);
      int off = r * width + (width - n);
      System.arraycopy(s, s.length - 1 - n, in, off, n);
      System.arraycopy(s, s.length - n, tg, off, n);
      if (ng != null) {
        for (int p = 0; p < n; p++) ng[off + p] = negative(rng, sortedItems[u], numItems);
      }
    }
    Shape shape = Shape.of(b, width);
    FeedBatch batch = new FeedBatch(b).put(input, shape, in).put(target, shape, tg);
    return ng == null ? batch : batch.put(negative, shape, ng);
  }

  /**
   * A uniformly drawn item of 1..numItems that is not in {@code seen} (sorted, distinct): the one
   * sampled negative of a BCE-style loss.
   */
  public static int negative(Random rng, int[] seen, int numItems) {
    if (seen.length >= numItems) {
      throw new IllegalStateException("a user has interacted with every item: no negative to sample");
    }
    while (true) {
      int item = 1 + rng.nextInt(numItems);
      if (Arrays.binarySearch(seen, item) < 0) return item;
    }
  }
}
