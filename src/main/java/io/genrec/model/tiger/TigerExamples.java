package io.genrec.model.tiger;

import io.genrec.semid.SemanticIdTokens;
import io.genrec.train.SlidingWindowExamples;
import io.genrec.train.FeedBatch;

import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Random;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TInt32;

/**
 * TIGER's training examples: every prefix of each user's training sequence (a sliding window of at
 * most maxItems items) predicts the item that follows it. Validation and test items are not in the
 * training sequences, so they never appear here.
 *
 * <p>Each example becomes encoder tokens (the codes of the window's items, then the user token),
 * decoder input (BOS and the target's codes but the last) and labels (the target's code columns).
 * With length bucketing ({@link io.genrec.train.LengthBuckets}), a batch is cut to its own longest
 * history rather than to maxItems.
 */
public final class TigerExamples {
  private final SlidingWindowExamples windows;
  private final int[] userTokens;
  private final int[][] codes;
  private final SemanticIdTokens tokens;
  private final long seed;
  private final double userDropout;

  /**
   * @param trainSequences dense items per user (index = dense user - 1), oldest first
   * @param userTokens the user token of each user (same index), ignored without user tokens
   * @param codes {@code [numItems + 1][levels]} semantic IDs
   */
  public TigerExamples(int[][] trainSequences, int[] userTokens, int[][] codes, SemanticIdTokens tokens, int maxItems,
      int batchSize, long seed, double userDropout, boolean bucketByLength) {
    this.windows = new SlidingWindowExamples(trainSequences, maxItems, batchSize, seed, bucketByLength);
    this.userTokens = userTokens;
    this.codes = codes;
    this.tokens = tokens;
    this.seed = seed;
    this.userDropout = userDropout;
  }

  public int examples() {
    return windows.examples();
  }

  public int batchesPerEpoch() {
    return windows.batchesPerEpoch();
  }

  /** The examples of each batch of an epoch, in order; seeded by (seed, epoch) so a resume repeats it. */
  List<int[]> plan(int epoch) {
    return windows.plan(epoch);
  }

  Iterator<FeedBatch> epoch(int epoch, Operand<TInt32> encoderInput, Operand<TInt32> decoderInput,
      Operand<TInt32> labels) {
    Random dropout = new Random(seed * 7_919L + epoch);
    return windows.batches(epoch, examples -> batch(examples, dropout, encoderInput, decoderInput, labels));
  }

  /**
   * Batches of the examples with the longest windows (maxItems items where the data has them), the
   * worst case of a step's cost, for benchmarks; as many as there are such examples, up to {@code count}.
   */
  Iterator<FeedBatch> longest(int count, Operand<TInt32> encoderInput, Operand<TInt32> decoderInput,
      Operand<TInt32> labels) {
    Integer[] byLength = windows.byDecreasingLength();
    int batchSize = windows.batchSize();
    int batches = Math.min(count, byLength.length / batchSize);
    Random dropout = new Random(seed);
    return new Iterator<>() {
      int next = 0;

      @Override
      public boolean hasNext() {
        return next < batches;
      }

      @Override
      public FeedBatch next() {
        if (!hasNext()) throw new NoSuchElementException();
        int[] batch = new int[batchSize];
        for (int i = 0; i < batchSize; i++) batch[i] = byLength[next * batchSize + i];
        next++;
        return batch(batch, dropout, encoderInput, decoderInput, labels);
      }
    };
  }

  /** Feeds for the given examples. */
  FeedBatch batch(int[] examples, Random dropout, Operand<TInt32> encoderInput, Operand<TInt32> decoderInput,
      Operand<TInt32> labels) {
    int levels = tokens.levels();
    int b = examples.length;
    int items = 0;
    for (int e : examples) items = Math.max(items, windows.windowLength(e));
    int user = tokens.hasUserToken() ? 1 : 0;
    int width = items * levels + user;
    int[] enc = new int[b * width];
    int[] dec = new int[b * levels];
    int[] lab = new int[b * levels];
    for (int r = 0; r < b; r++) {
      int e = examples[r];
      int[] s = windows.sequence(e);
      int t = windows.targetPosition(e);
      int n = windows.windowLength(e);
      int row = r * width;
      int column = row + width - user - n * levels;
      for (int i = t - n; i < t; i++) {
        int[] c = codes[s[i]];
        for (int level = 0; level < levels; level++) enc[column++] = tokens.code(level, c[level]);
      }
      if (user == 1) {
        boolean known = userDropout <= 0 || dropout.nextDouble() >= userDropout;
        enc[row + width - 1] = known ? userTokens[windows.sequenceIndex(e)] : tokens.unknownUser();
      }
      int[] target = codes[s[t]];
      dec[r * levels] = SemanticIdTokens.BOS;
      for (int level = 0; level < levels; level++) {
        if (level + 1 < levels) dec[r * levels + level + 1] = tokens.code(level, target[level]);
        lab[r * levels + level] = tokens.column(level, target[level]);
      }
    }
    FeedBatch batch = new FeedBatch(b);
    batch.put(encoderInput, TInt32.tensorOf(Shape.of(b, width), DataBuffers.of(enc, false, false)));
    batch.put(decoderInput, TInt32.tensorOf(Shape.of(b, levels), DataBuffers.of(dec, false, false)));
    batch.put(labels, TInt32.tensorOf(Shape.of(b, levels), DataBuffers.of(lab, false, false)));
    return batch;
  }
}
