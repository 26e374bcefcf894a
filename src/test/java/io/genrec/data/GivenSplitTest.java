package io.genrec.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GivenSplitTest {
  @TempDir Path dir;

  @Test
  void unisrecRowsGiveTrainingChainsAndCasesAsWritten() throws IOException {
    Path prefix = RecBoleLoaderTest.writeTruncatedUnisrec(dir);
    SplitDataset split = GivenSplit.load(prefix);
    SequenceDataset data = split.data();
    int u0 = Fixtures.user(data, "0");
    int u1 = Fixtures.user(data, "1");

    // Train rows of user 0 end in [2 3 4] -> 5 and [1 2 3] -> 4 (same length): the chain gives
    // 1 2 3 4 5, not just one of them.
    assertArrayEquals(Fixtures.items(data, "1", "2", "3", "4", "5"), split.trainSequence(u0));
    assertArrayEquals(Fixtures.items(data, "10", "11"), split.trainSequence(u1));
    assertEquals(
        List.of(
            new EvalCase(u0, Fixtures.items(data, "3", "4", "5"), Fixtures.items(data, "6")),
            new EvalCase(u1, Fixtures.items(data, "10", "11"), Fixtures.items(data, "12"))),
        split.valid());
    assertEquals(
        List.of(
            new EvalCase(u0, Fixtures.items(data, "4", "5", "6"), Fixtures.items(data, "7")),
            new EvalCase(u1, Fixtures.items(data, "10", "11", "12"), Fixtures.items(data, "13"))),
        split.test());
  }

  @Test
  void aGivenSplitWithoutValidFileHasNoValidationCases() throws IOException {
    String header = "user_id:token\titem_id:token\n";
    Fixtures.write(dir, "Pre.train.inter", header + "u\ta\nu\tb\nw\tb\n");
    Fixtures.write(dir, "Pre.test.inter", header + "u\tc\n");
    SplitDataset split = GivenSplit.load(dir.resolve("Pre"));
    assertEquals(List.of(), split.valid());
    assertEquals(1, split.test().size());
    assertEquals(3, split.numTrainInteractions());
  }

  @Test
  void atomicPartsGroupTargetsPerUser() throws IOException {
    String header = "user_id:token\titem_id:token\ttimestamp:float\n";
    Fixtures.write(dir, "Shop.train.inter", header + "u\ta\t1\nu\tb\t2\nw\tb\t1\n");
    Fixtures.write(dir, "Shop.valid.inter", header + "u\tc\t3\n");
    Fixtures.write(dir, "Shop.test.inter", header + "u\td\t5\nu\te\t4\nw\tc\t9\n");
    SplitDataset split = GivenSplit.load(dir.resolve("Shop"), IdOrder.FIRST_SEEN);
    SequenceDataset data = split.data();
    int u = Fixtures.user(data, "u");
    int w = Fixtures.user(data, "w");

    // u: train a b; valid c (history = train); test e@4 then d@5, history = train + valid
    // w: train b; no valid rows -> no valid case; test c, history b
    assertArrayEquals(Fixtures.items(data, "a", "b"), split.trainSequence(u));
    assertArrayEquals(Fixtures.items(data, "b"), split.trainSequence(w));
    assertEquals(List.of(new EvalCase(u, Fixtures.items(data, "a", "b"), Fixtures.items(data, "c"))), split.valid());
    assertEquals(
        List.of(
            new EvalCase(u, Fixtures.items(data, "a", "b", "c"), Fixtures.items(data, "e", "d")),
            new EvalCase(w, Fixtures.items(data, "b"), Fixtures.items(data, "c"))),
        split.test());
    // the joined dataset is time-ordered across the parts
    assertArrayEquals(Fixtures.items(data, "a", "b", "c", "e", "d"), data.sequence(u));
  }

  @Test
  void numericOrderRenumbersEveryPart() throws IOException {
    String header = "user_id:token\titem_id:token\ttimestamp:float\n";
    Fixtures.write(dir, "Num.train.inter", header + "5\t30\t1\n2\t10\t1\n");
    Fixtures.write(dir, "Num.valid.inter", header + "5\t10\t2\n");
    Fixtures.write(dir, "Num.test.inter", header + "5\t20\t3\n2\t30\t2\n");
    SplitDataset split = GivenSplit.load(dir.resolve("Num"), IdOrder.NUMERIC);

    // users 2 -> 1, 5 -> 2; items 10 -> 1, 20 -> 2, 30 -> 3
    assertArrayEquals(new int[] {1}, split.trainSequence(1));
    assertArrayEquals(new int[] {3}, split.trainSequence(2));
    assertEquals(List.of(new EvalCase(2, new int[] {3}, new int[] {1})), split.valid());
    assertEquals(
        List.of(new EvalCase(1, new int[] {1}, new int[] {3}), new EvalCase(2, new int[] {3, 1}, new int[] {2})),
        split.test());
  }

  @Test
  void scientificSplitLoadsAndAgreesWithItself() throws IOException {
    Path prefix = Fixtures.realPrefix("unisrec-scientific/Scientific");
    SplitDataset split = GivenSplit.load(prefix, IdOrder.NUMERIC);

    assertEquals(8442, split.data().users().size());
    assertEquals(4385, split.data().items().size());
    assertEquals(8442, split.valid().size());
    assertEquals(8442, split.test().size());
    assertEquals(34101 + 8442, split.numTrainInteractions()); // each user's first item + one per train row
    for (int k = 0; k < split.valid().size(); k++) {
      EvalCase valid = split.valid().get(k);
      EvalCase test = split.test().get(k);
      int[] train = split.trainSequence(valid.user());
      assertEquals(valid.user(), test.user());
      // the files hold the last 50 items of history
      assertArrayEquals(History.truncate(train, 50), valid.history(), "user " + valid.user());
      int[] seen = Arrays.copyOf(train, train.length + 1);
      seen[train.length] = valid.targets()[0];
      assertArrayEquals(History.truncate(seen, 50), test.history(), "user " + test.user());
      assertTrue(valid.history().length >= 3);
    }
  }
}
