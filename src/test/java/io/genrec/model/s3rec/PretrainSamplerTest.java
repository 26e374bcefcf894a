package io.genrec.model.s3rec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** S3-Rec's masking and segment sampler, over fixed seeds. */
class PretrainSamplerTest {
  private static final int MAX = 8;
  private static final int ITEMS = 40;
  private static final int MASK = ITEMS + 1;
  /** The other users' training items: 31..40, so a negative segment is recognisable. */
  private static final int[] POOL = {31, 32, 33, 34, 35, 36, 37, 38, 39, 40};
  private static final int[] SEQUENCE = {5, 6, 7, 8, 9, 10};

  private static PretrainSampler sampler(double p) {
    return new PretrainSampler(MAX, MASK, ITEMS, p, POOL);
  }

  @Test
  void masksRealPositionsOnlyAlwaysTheLastWithAnUnseenNegativeEach() {
    PretrainSampler sampler = sampler(0.3);
    Set<Integer> seen = Arrays.stream(SEQUENCE).boxed().collect(Collectors.toSet());
    int off = MAX - SEQUENCE.length;
    int masked = 0;
    int draws = 400;
    Random rng = new Random(11);
    for (int d = 0; d < draws; d++) {
      PretrainSampler.Example x = sampler.draw(SEQUENCE, rng);
      assertArrayEquals(new int[] {0, 0, 5, 6, 7, 8, 9, 10}, x.items(), "the sequence, left-padded");
      for (int p = 0; p < off; p++) {
        assertEquals(0, x.maskedItems()[p], "padding is never masked");
        assertEquals(0, x.negatives()[p]);
        assertEquals(0, x.maskedSegment()[p]);
        assertEquals(0, x.positiveSegment()[p]);
        assertEquals(0, x.negativeSegment()[p]);
      }
      assertEquals(MASK, x.maskedItems()[MAX - 1], "the last item is always masked");
      for (int p = off; p < MAX; p++) {
        if (x.maskedItems()[p] == MASK) {
          int n = x.negatives()[p];
          assertTrue(n >= 1 && n <= ITEMS && !seen.contains(n), "negative " + n + " outside the sequence");
          if (p < MAX - 1) masked++;
        } else {
          assertEquals(x.items()[p], x.maskedItems()[p], "unmasked positions keep their item");
          assertEquals(0, x.negatives()[p], "no negative where nothing is masked");
        }
      }
    }
    double rate = masked / (double) (draws * (SEQUENCE.length - 1));
    assertTrue(rate > 0.25 && rate < 0.35, "mask rate of the other positions " + rate + ", configured 0.3");
  }

  @Test
  void aSegmentIsOneRunOfAtMostHalfTheItemsAgainstConsecutivePoolItems() {
    PretrainSampler sampler = sampler(0.2);
    int off = MAX - SEQUENCE.length;
    Random rng = new Random(3);
    boolean[] lengths = new boolean[SEQUENCE.length / 2 + 1];
    for (int d = 0; d < 300; d++) {
      PretrainSampler.Example x = sampler.draw(SEQUENCE, rng);
      assertTrue(x.hasSegment());
      int start = -1;
      int end = -1;
      for (int p = off; p < MAX; p++) {
        if (x.maskedSegment()[p] == MASK) {
          if (start < 0) start = p;
          assertTrue(end < 0, "one contiguous run of mask tokens: " + Arrays.toString(x.maskedSegment()));
        } else {
          if (start >= 0 && end < 0) end = p;
          assertEquals(x.items()[p], x.maskedSegment()[p], "outside the segment the items stay");
          assertEquals(MASK, x.positiveSegment()[p], "the positive segment is masked outside itself");
          assertEquals(MASK, x.negativeSegment()[p]);
        }
      }
      if (end < 0) end = MAX;
      int length = end - start;
      assertTrue(length >= 1 && length <= SEQUENCE.length / 2, "length " + length);
      lengths[length] = true;
      int first = Arrays.binarySearch(POOL, x.negativeSegment()[start]);
      assertTrue(first >= 0, "negative segment from the pool: " + Arrays.toString(x.negativeSegment()));
      for (int p = start; p < end; p++) {
        assertEquals(x.items()[p], x.positiveSegment()[p], "the positive segment holds the masked items");
        assertEquals(POOL[first + p - start], x.negativeSegment()[p], "consecutive pool items");
      }
    }
    for (int l = 1; l < lengths.length; l++) assertTrue(lengths[l], "segment length " + l + " is drawn");
  }

  @Test
  void aSingleItemHasNoSegmentAndTheSameSeedDrawsTheSameExample() {
    PretrainSampler.Example one = sampler(0.2).draw(new int[] {7}, new Random(1));
    assertFalse(one.hasSegment());
    assertArrayEquals(new int[] {0, 0, 0, 0, 0, 0, 0, MASK}, one.maskedItems());
    PretrainSampler.Example a = sampler(0.5).draw(SEQUENCE, new Random(42));
    PretrainSampler.Example b = sampler(0.5).draw(SEQUENCE, new Random(42));
    assertArrayEquals(a.maskedItems(), b.maskedItems());
    assertArrayEquals(a.negatives(), b.negatives());
    assertArrayEquals(a.negativeSegment(), b.negativeSegment());
  }

  @Test
  void batchesAreEveryPrefixOfTheTrainingSequencesCutToMaxLength() {
    int[][] train = {{1, 2, 3}, {4, 5, 6, 7, 8, 9, 10, 11, 12, 13}};
    PretrainBatches batches = new PretrainBatches(train, 20, MAX, 0.2, 4, 1);
    assertEquals(13, batches.examples(), "one example per training item");
    assertArrayEquals(new int[] {1, 2}, batches.sequence(1));
    assertArrayEquals(new int[] {6, 7, 8, 9, 10, 11, 12, 13}, batches.sequence(12), "the most recent maxLength");
  }
}
