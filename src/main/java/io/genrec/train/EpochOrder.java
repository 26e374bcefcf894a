package io.genrec.train;

import java.util.Random;
import java.util.random.RandomGenerator;

/**
 * The order examples are visited in one epoch, and the random stream that goes with it: both come
 * from (seed, epoch) alone, so a run resumed at epoch e sees exactly the batches it would have seen.
 */
public final class EpochOrder {
  private EpochOrder() {}

  /** The epoch's random stream; {@link #shuffled} draws from it first. */
  public static Random random(long seed, int epoch) {
    return new Random(streamSeed(seed, epoch));
  }

  /**
   * The seed of the epoch's random stream, for a model that draws from another generator (the
   * RQ-VAE shuffles with {@link java.util.SplittableRandom}; changing it would change its fits).
   */
  public static long streamSeed(long seed, int epoch) {
    return seed * 1_000_003L + epoch;
  }

  /**
   * 0..n-1 in a Fisher-Yates order drawn from {@code rng}; the same generator in the same state gives
   * the same order, whatever its class.
   */
  public static int[] shuffled(int n, RandomGenerator rng) {
    int[] order = new int[n];
    for (int i = 0; i < n; i++) order[i] = i;
    for (int i = n - 1; i > 0; i--) {
      int j = rng.nextInt(i + 1);
      int t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
    return order;
  }
}
