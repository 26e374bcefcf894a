package io.genrec.model.s3rec;

import io.genrec.train.NextItemBatches;
import java.util.Arrays;
import java.util.Random;

/**
 * Draws one S3-Rec pre-training example from an item sequence (at most maxLength items, oldest
 * first), as the authors' data pipeline does; every array is maxLength wide and left-padded with 0.
 *
 * <p><b>Items</b> (MIP, MAP, AAP): each item but the last is replaced by the mask token with
 * probability {@code maskProbability}; the last always is, so every example also asks for its final
 * item from the items before it. A masked position gets one negative item drawn uniformly outside the
 * sequence's items.
 *
 * <p><b>Segment</b> (SP), for sequences of at least 2 items: a length {@code l} in 1..n/2 and a start
 * are drawn; the masked-segment sequence has those {@code l} items replaced by mask tokens, the
 * positive segment is the same {@code l} items with mask tokens everywhere else in the sequence, and
 * the negative segment is {@code l} consecutive items drawn from the concatenated training sequences
 * of all users, placed the same way. A single item has no segment ({@code hasSegment} false).
 */
final class PretrainSampler {
  private final int maxLength;
  private final int maskToken;
  private final int numItems;
  private final double maskProbability;
  private final int[] segmentPool;

  /**
   * @param maskToken the mask token's id (numItems + 1)
   * @param segmentPool every user's training sequence, concatenated: where negative segments come from
   *     (training items only, so no validation or test item leaks into pre-training)
   */
  PretrainSampler(int maxLength, int maskToken, int numItems, double maskProbability, int[] segmentPool) {
    if (segmentPool.length == 0) throw new IllegalArgumentException("no training items to draw segments from");
    this.maxLength = maxLength;
    this.maskToken = maskToken;
    this.numItems = numItems;
    this.maskProbability = maskProbability;
    this.segmentPool = segmentPool;
  }

  /**
   * One example. Arrays are maxLength wide, real items right-aligned.
   *
   * @param maskedItems the sequence with masked items replaced by the mask token
   * @param items the sequence itself (MIP's positives; AAP/MAP read their attributes)
   * @param negatives a negative item at each masked position, 0 elsewhere
   * @param maskedSegment the sequence with the segment replaced by mask tokens
   * @param positiveSegment the segment's items in place, mask tokens at the sequence's other positions
   * @param negativeSegment another sequence's segment in the same place
   * @param hasSegment false for a single item (the three segment arrays then equal {@code items})
   */
  record Example(int[] maskedItems, int[] items, int[] negatives, int[] maskedSegment, int[] positiveSegment,
      int[] negativeSegment, boolean hasSegment) {}

  Example draw(int[] sequence, Random rng) {
    int n = sequence.length;
    if (n < 1 || n > maxLength) {
      throw new IllegalArgumentException("an example holds 1.." + maxLength + " items, got " + n);
    }
    int off = maxLength - n;
    int[] items = new int[maxLength];
    System.arraycopy(sequence, 0, items, off, n);
    int[] seen = Arrays.stream(sequence).sorted().distinct().toArray();
    int[] masked = items.clone();
    int[] negatives = new int[maxLength];
    for (int p = off; p < maxLength; p++) {
      boolean last = p == maxLength - 1;
      if (last || rng.nextDouble() < maskProbability) {
        masked[p] = maskToken;
        negatives[p] = NextItemBatches.negative(rng, seen, numItems);
      }
    }
    if (n < 2) return new Example(masked, items, negatives, items.clone(), items.clone(), items.clone(), false);
    int length = 1 + rng.nextInt(n / 2);
    int start = off + rng.nextInt(n - length + 1);
    int from = rng.nextInt(segmentPool.length - length + 1);
    int[] maskedSegment = items.clone();
    int[] positive = items.clone();
    int[] negative = items.clone();
    for (int p = off; p < maxLength; p++) {
      boolean inside = p >= start && p < start + length;
      if (inside) {
        maskedSegment[p] = maskToken;
        negative[p] = segmentPool[from + p - start];
      } else {
        positive[p] = maskToken;
        negative[p] = maskToken;
      }
    }
    return new Example(masked, items, negatives, maskedSegment, positive, negative, true);
  }
}
