package io.genrec.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The batching every shuffled-epoch model shares; no graph needed (batches carry no tensors here). */
class EpochBatchesTest {
  /** What the assembler saw, batch by batch: the rows and the first draw from the stream. */
  private record Seen(int[] rows, int draw) {}

  private static List<Seen> run(EpochBatches batches, int epoch) {
    List<Seen> seen = new ArrayList<>();
    Iterator<FeedBatch> it = batches.epoch(epoch, (rows, rng) -> {
      seen.add(new Seen(rows, rng.nextInt(1000)));
      return new FeedBatch(rows.length);
    });
    while (it.hasNext()) {
      try (FeedBatch b = it.next()) {
        assertEquals(seen.get(seen.size() - 1).rows().length, b.size());
      }
    }
    return seen;
  }

  @Test
  void everyExampleOncePerEpochInFullBatchesThenTheRest() {
    EpochBatches batches = new EpochBatches(23, 5, 7);
    List<Seen> seen = run(batches, 0);
    assertEquals(5, batches.perEpoch());
    assertEquals(batches.perEpoch(), seen.size());
    assertArrayEquals(new int[] {5, 5, 5, 5, 3}, seen.stream().mapToInt(s -> s.rows().length).toArray());
    int[] all = seen.stream().flatMapToInt(s -> Arrays.stream(s.rows())).sorted().toArray();
    int[] expected = new int[23];
    Arrays.setAll(expected, i -> i);
    assertArrayEquals(expected, all);
  }

  @Test
  void theOrderAndTheDrawsComeFromSeedAndEpochAlone() {
    List<Seen> a = run(new EpochBatches(40, 8, 3), 2);
    List<Seen> b = run(new EpochBatches(40, 8, 3), 2);
    List<Seen> otherEpoch = run(new EpochBatches(40, 8, 3), 3);
    for (int i = 0; i < a.size(); i++) {
      assertArrayEquals(a.get(i).rows(), b.get(i).rows());
      assertEquals(a.get(i).draw(), b.get(i).draw());
    }
    assertFalse(Arrays.equals(a.get(0).rows(), otherEpoch.get(0).rows()));
  }

  /** The contract the golden runs rest on: the shuffle draws first, then the batches, in order. */
  @Test
  void batchesDrawFromTheEpochStreamAfterTheShuffle() {
    Random rng = EpochOrder.random(11, 4);
    int[] order = EpochOrder.shuffled(10, rng);
    int firstDraw = rng.nextInt(1000);
    List<Seen> seen = run(new EpochBatches(10, 4, 11), 4);
    assertArrayEquals(Arrays.copyOfRange(order, 0, 4), seen.get(0).rows());
    assertArrayEquals(Arrays.copyOfRange(order, 8, 10), seen.get(2).rows());
    assertEquals(firstDraw, seen.get(0).draw());
  }

  @Test
  void batchesAreBuiltOnlyWhenAskedFor() {
    int[] built = {0};
    Iterator<FeedBatch> it = new EpochBatches(10, 4, 1).epoch(0, (rows, rng) -> {
      built[0]++;
      return new FeedBatch(rows.length);
    });
    assertEquals(0, built[0]);
    it.next().close();
    assertEquals(1, built[0]);
  }

  @Test
  void noExamplesGiveNoBatchesAndABadBatchSizeIsRefused() {
    assertFalse(new EpochBatches(0, 4, 1).epoch(0, (rows, rng) -> new FeedBatch(0)).hasNext());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new EpochBatches(5, 0, 1));
    assertEquals("batch size must be >= 1, got 0", e.getMessage());
  }
}
