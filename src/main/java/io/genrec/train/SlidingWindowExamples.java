package io.genrec.train;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Random;
import java.util.function.Function;

/**
 * Next-item examples over training sequences: every prefix of each sequence (a sliding window of at
 * most {@code maxItems} items) predicts the item that follows it. Generative models over semantic
 * IDs (TIGER, DIGER) train on these; they differ only in how a batch of examples becomes feeds.
 *
 * <p>An epoch's plan is seeded by (seed, epoch) alone, so a resumed run repeats it. With length
 * bucketing ({@link LengthBuckets}), a batch holds windows of similar length, so it is cut to its own
 * longest history rather than to maxItems.
 */
public final class SlidingWindowExamples {
  private final int[][] sequences;
  private final int maxItems;
  private final int batchSize;
  private final long seed;
  private final boolean bucketByLength;
  private final int[] exampleSequence;
  private final int[] exampleTarget;

  /** @param sequences items per sequence (user), oldest first */
  public SlidingWindowExamples(int[][] sequences, int maxItems, int batchSize, long seed, boolean bucketByLength) {
    this.sequences = sequences;
    this.maxItems = maxItems;
    this.batchSize = batchSize;
    this.seed = seed;
    this.bucketByLength = bucketByLength;
    long count = 0;
    for (int[] s : sequences) count += Math.max(0, s.length - 1);
    exampleSequence = new int[Math.toIntExact(count)];
    exampleTarget = new int[exampleSequence.length];
    int e = 0;
    for (int u = 0; u < sequences.length; u++) {
      for (int t = 1; t < sequences[u].length; t++) {
        exampleSequence[e] = u;
        exampleTarget[e] = t;
        e++;
      }
    }
  }

  public int examples() {
    return exampleSequence.length;
  }

  public int batchSize() {
    return batchSize;
  }

  public int batchesPerEpoch() {
    return (exampleSequence.length + batchSize - 1) / batchSize;
  }

  /** Index of the sequence (user) example {@code e} comes from. */
  public int sequenceIndex(int e) {
    return exampleSequence[e];
  }

  /** The sequence example {@code e} comes from. */
  public int[] sequence(int e) {
    return sequences[exampleSequence[e]];
  }

  /** Position of example {@code e}'s target in its sequence; its window ends just before. */
  public int targetPosition(int e) {
    return exampleTarget[e];
  }

  /** Items in example {@code e}'s history window. */
  public int windowLength(int e) {
    return Math.min(maxItems, exampleTarget[e]);
  }

  /** The examples of each batch of an epoch, in order. */
  public List<int[]> plan(int epoch) {
    Random rng = EpochOrder.random(seed, epoch);
    int n = exampleSequence.length;
    int[] order = EpochOrder.shuffled(n, rng);
    if (bucketByLength) return LengthBuckets.batches(order, this::windowLength, batchSize, rng);
    List<int[]> batches = new ArrayList<>(batchesPerEpoch());
    for (int from = 0; from < n; from += batchSize) {
      batches.add(Arrays.copyOfRange(order, from, Math.min(n, from + batchSize)));
    }
    return batches;
  }

  /**
   * The epoch's batches in {@link #plan} order, each assembled from its examples only when asked
   * for, so an assembler that reads state (a moving average, a random stream) sees it as of that step.
   */
  public Iterator<FeedBatch> batches(int epoch, Function<int[], FeedBatch> assemble) {
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
        return assemble.apply(plan.get(next++));
      }
    };
  }

  /** Examples by decreasing window length (the longest histories first), for benchmarks. */
  public Integer[] byDecreasingLength() {
    Integer[] byLength = new Integer[exampleSequence.length];
    for (int i = 0; i < byLength.length; i++) byLength[i] = i;
    Arrays.sort(byLength, (a, b) -> Integer.compare(windowLength(b), windowLength(a)));
    return byLength;
  }
}
