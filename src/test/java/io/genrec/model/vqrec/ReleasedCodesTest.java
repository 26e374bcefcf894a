package io.genrec.model.vqrec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.genrec.data.GivenSplit;
import io.genrec.data.IdOrder;
import io.genrec.data.SplitDataset;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * VQ-Rec's released Scientific codes against the UniSRec Scientific split they were made for: every
 * item the released quantizer stored (4,373 of 4,385) gets its 32 codes, the 12 valid/test-only
 * items the reserved row.
 */
class ReleasedCodesTest {
  static final Path CODES = Path.of("../shared/data/vqrec-scientific-codes/derived/Scientific.pqcodes.tsv");
  static final Path SPLIT = Path.of("../shared/data/unisrec-scientific/Scientific");
  static final Path INDEX = Path.of("../shared/data/vqrec-scientific-codes/Scientific.OPQ32,IVF1,PQ32x8.strict.index");
  static final Path TRAIN = Path.of("../shared/data/unisrec-scientific/Scientific.train.inter");

  @Test
  void releasedScientificCodesCoverTheTrainItemsAndReserveTheRest() throws Exception {
    assumeTrue(Files.exists(CODES) && Files.exists(SPLIT.resolveSibling("Scientific.train.inter")),
        "shared Scientific data not available");
    SplitDataset split = GivenSplit.load(SPLIT, IdOrder.NUMERIC);
    ItemCodes codes = ItemCodes.read(new ItemCodeSource(CODES.toString(), ItemCodeSource.Format.AUTO, ""), 256,
        split.data().items());
    assertEquals(32, codes.subvectors());
    assertEquals(4385, codes.numItems());
    assertEquals(12, codes.missing());
    // Line 2 of the file: item_index 0 has codes 184 35 120 ...
    int item0 = split.data().items().index("0");
    assertEquals(184 + 1, codes.rows()[item0][0]);
    assertEquals(257 + 35 + 1, codes.rows()[item0][1]);
    int reserved = 0;
    for (int item = 1; item <= codes.numItems(); item++) {
      int[] row = codes.rows()[item];
      if (row[1] == 257) {
        reserved++;
        int[] expected = new int[32];
        for (int d = 0; d < 32; d++) expected[d] = d * 257;
        assertArrayEquals(expected, row, "a code-less item has the reserved row everywhere");
      }
      for (int d = 0; d < 32; d++) assertTrue(row[d] >= d * 257 && row[d] < (d + 1) * 257);
    }
    assertEquals(12, reserved);
  }

  /** The faiss index file itself, its rows mapped through the train file, gives the derived TSV's codes. */
  @Test
  void theFaissIndexGivesTheDerivedCodesOfAllItsItems() throws Exception {
    assumeTrue(Files.exists(INDEX) && Files.exists(TRAIN) && Files.exists(CODES), "shared Scientific data not available");
    java.util.Map<String, int[]> derived = ItemCodes.readReleased(CODES);
    java.util.Map<String, int[]> parsed = ItemCodes.readFaiss(INDEX, TRAIN.toString());
    assertEquals(4373, derived.size());
    assertEquals(derived.keySet(), parsed.keySet());
    for (String item : derived.keySet()) assertArrayEquals(derived.get(item), parsed.get(item), "item " + item);

    SplitDataset split = GivenSplit.load(SPLIT, IdOrder.NUMERIC);
    ItemCodes auto = ItemCodes.read(new ItemCodeSource(INDEX.toString(), ItemCodeSource.Format.AUTO, TRAIN.toString()),
        256, split.data().items());
    ItemCodes tsv = ItemCodes.read(new ItemCodeSource(CODES.toString(), ItemCodeSource.Format.RELEASED, ""), 256,
        split.data().items());
    assertEquals(12, auto.missing(), "the 12 valid/test-only items, as the TSV's -1 rows");
    // fit_on train_items over this split fits on exactly the items the released index stored.
    java.util.Set<String> trainItems = new java.util.HashSet<>();
    for (int[] sequence : split.train()) for (int item : sequence) trainItems.add(split.data().items().original(item));
    assertEquals(parsed.keySet(), trainItems);
    for (int item = 0; item <= tsv.numItems(); item++) assertArrayEquals(tsv.rows()[item], auto.rows()[item]);
  }
}
