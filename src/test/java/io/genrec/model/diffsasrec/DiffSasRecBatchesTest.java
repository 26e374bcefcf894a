package io.genrec.model.diffsasrec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The forward process and the loss weights, in plain Java (no graph). */
class DiffSasRecBatchesTest {
  private static final int NUM_ITEMS = 500;
  private static final int MASK = NUM_ITEMS + 1;

  private static int[] sequence(Random rng, int length) {
    int[] s = new int[length];
    for (int i = 0; i < length; i++) s[i] = 1 + rng.nextInt(NUM_ITEMS);
    return s;
  }

  private static DiffSasRecBatches batches(int maxLength, DiffSasRecBatches.Objective objective, int[]... sequences) {
    return new DiffSasRecBatches(sequences, MASK, maxLength, 8, 3, objective);
  }

  @Test
  void eachSequencesMaskingRateFollowsItsT() {
    int length = 400;
    DiffSasRecBatches b = batches(length, DiffSasRecBatches.Objective.DIFFUSION);
    Random rng = new Random(11);
    double meanGap = 0;
    int n = 400;
    double[] binMasked = new double[5];
    double[] binT = new double[5];
    int[] binCount = new int[5];
    for (int i = 0; i < n; i++) {
      DiffSasRecBatches.Example e = b.example(sequence(rng, length), rng);
      int masked = 0;
      for (int id : e.input()) if (id == MASK) masked++;
      double rate = masked / (double) length;
      // Binomial(400, t): sd <= 0.025, so 0.13 is more than five sd.
      assertTrue(Math.abs(rate - e.maskRate()) < 0.13, "rate " + rate + " for t " + e.maskRate());
      meanGap += (rate - e.maskRate()) / n;
      int bin = Math.min(4, (int) (e.maskRate() * 5));
      binMasked[bin] += rate;
      binT[bin] += e.maskRate();
      binCount[bin]++;
    }
    assertEquals(0, meanGap, 0.01, "masking is unbiased on average");
    for (int bin = 0; bin < 5; bin++) {
      assertTrue(binCount[bin] > 30, "t spreads over (0, 1): bin " + bin + " has " + binCount[bin]);
      assertEquals(binT[bin] / binCount[bin], binMasked[bin] / binCount[bin], 0.02, "bin " + bin);
    }
  }

  @Test
  void tIsUniformAndGuardedAwayFromZero() {
    DiffSasRecBatches b = batches(4, DiffSasRecBatches.Objective.DIFFUSION);
    Random rng = new Random(5);
    double min = 1;
    double sum = 0;
    int n = 20_000;
    for (int i = 0; i < n; i++) {
      double t = b.example(new int[] {1, 2, 3}, rng).maskRate();
      assertTrue(t >= DiffSasRecBatches.MIN_MASK_RATE && t < 1, "t = " + t);
      min = Math.min(min, t);
      sum += t;
    }
    assertEquals(0.5, sum / n, 0.01);
    assertTrue(min < 0.01, "small rates are drawn too: min " + min);
  }

  @Test
  void maskedPositionsWeighOneOverTAndKeepTheirItemAsTarget() {
    DiffSasRecBatches b = batches(12, DiffSasRecBatches.Objective.DIFFUSION);
    Random rng = new Random(9);
    int[] seq = {7, 8, 9, 10, 11, 12, 13, 14};   // 8 items in 12 slots: 4 padding on the left
    int maskedTotal = 0;
    for (int trial = 0; trial < 200; trial++) {
      DiffSasRecBatches.Example e = b.example(seq, rng);
      float inverse = (float) (1 / e.maskRate());
      for (int p = 0; p < 12; p++) {
        int original = p < 4 ? 0 : seq[p - 4];
        if (p < 4) {
          assertEquals(0, e.input()[p], "padding is never masked");
          assertEquals(0f, e.weight()[p]);
        } else if (e.input()[p] == MASK) {
          maskedTotal++;
          assertEquals(original, e.target()[p]);
          assertEquals(inverse, e.weight()[p], 0f);
        } else {
          assertEquals(original, e.input()[p]);
          assertEquals(0, e.target()[p]);
          assertEquals(0f, e.weight()[p]);
        }
      }
      assertEquals(8, e.realPositions());
    }
    assertTrue(maskedTotal > 200, "masks happen: " + maskedTotal);
  }

  @Test
  void batchWeightsAreDividedByTheRealPositionsOfTheBatch() {
    DiffSasRecBatches b = batches(6, DiffSasRecBatches.Objective.DIFFUSION);
    Random rng = new Random(2);
    List<DiffSasRecBatches.Example> examples = new ArrayList<>();
    examples.add(b.example(new int[] {1, 2, 3}, rng));
    examples.add(b.example(new int[] {4, 5, 6, 7, 8, 9, 10}, rng));   // longer than maxLength: last 6
    examples.add(b.example(new int[] {11}, rng));
    DiffSasRecBatches.Batch batch = b.assemble(examples);
    int real = 3 + 6 + 1;
    for (int r = 0; r < 3; r++) {
      DiffSasRecBatches.Example e = examples.get(r);
      for (int p = 0; p < 6; p++) {
        assertEquals(e.input()[p], batch.input()[r * 6 + p]);
        assertEquals(e.target()[p], batch.target()[r * 6 + p]);
        assertEquals(e.weight()[p] / real, batch.weight()[r * 6 + p], 1e-6f);
      }
    }
    assertArrayEquals(new int[] {0, 0, 0, 0, 0}, java.util.Arrays.copyOfRange(batch.input(), 12, 17),
        "a one-item sequence is right-aligned");
  }

  @Test
  void fineTuningMasksOnlyTheLastItemWithWeightOneOverBatch() {
    int[] a = {1, 2, 3};
    int[] c = {4, 5};
    DiffSasRecBatches b = batches(5, DiffSasRecBatches.Objective.NEXT_ITEM, a, new int[] {9}, c);
    assertEquals(2, b.examples(), "a single item has no next item to predict");
    Random rng = new Random(1);
    DiffSasRecBatches.Example e = b.example(a, rng);
    assertArrayEquals(new int[] {0, 0, 1, 2, MASK}, e.input());
    assertArrayEquals(new int[] {0, 0, 0, 0, 3}, e.target());
    assertEquals(1.0, e.maskRate());
    DiffSasRecBatches.Batch batch = b.assemble(List.of(e, b.example(c, rng)));
    assertArrayEquals(new float[] {0, 0, 0, 0, 0.5f, 0, 0, 0, 0, 0.5f}, batch.weight(), 0f);
    assertArrayEquals(new int[] {0, 0, 0, 0, 3, 0, 0, 0, 0, 5}, batch.target());
  }
}
