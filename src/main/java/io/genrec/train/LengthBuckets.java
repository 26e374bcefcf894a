package io.genrec.train;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.function.IntUnaryOperator;

/**
 * Batches of examples of similar length: an epoch's shuffled order is sorted by length inside
 * windows of {@value #SORT_WINDOW} batches, cut into batches, and the batches shuffled. A batch cut
 * to its own longest history then carries little padding, while each window still mixes the epoch's
 * examples at random (sorting the whole epoch would give every batch the same few users each epoch).
 */
public final class LengthBuckets {
  public static final int SORT_WINDOW = 64;

  private LengthBuckets() {}

  /**
   * @param order the epoch's examples, already shuffled with {@code rng}
   * @param length an example's length (what its batch is cut to)
   * @param rng the epoch's stream, which shuffles the batches next
   */
  public static List<int[]> batches(int[] order, IntUnaryOperator length, int batchSize, Random rng) {
    int n = order.length;
    List<int[]> batches = new ArrayList<>((n + batchSize - 1) / batchSize);
    int window = SORT_WINDOW * batchSize;
    for (int from = 0; from < n; from += window) {
      int to = Math.min(n, from + window);
      Integer[] part = new Integer[to - from];
      for (int i = from; i < to; i++) part[i - from] = order[i];
      Arrays.sort(part, (a, b) -> Integer.compare(length.applyAsInt(a), length.applyAsInt(b)));
      for (int b = 0; b < part.length; b += batchSize) {
        int[] batch = new int[Math.min(batchSize, part.length - b)];
        for (int i = 0; i < batch.length; i++) batch[i] = part[b + i];
        batches.add(batch);
      }
    }
    Collections.shuffle(batches, rng);
    return batches;
  }
}
