package io.genrec.train;

import java.util.Random;

/**
 * The order examples are visited in one epoch, and the random stream that goes with it: both come
 * from (seed, epoch) alone, so a run resumed at epoch e sees exactly the batches it would have seen.
 */
public final class EpochOrder {
  private EpochOrder() {}

  /** The epoch's random stream; {@link #shuffled} draws from it first. */
  public static Random random(long seed, int epoch) {
    return new Random(seed * 1_000_003L + epoch);
  }

  /** 0..n-1 in a Fisher-Yates order drawn from {@code rng}. */
  public static int[] shuffled(int n, Random rng) {
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
