package io.genrec.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TimeCutoffSplitTest {
  @TempDir Path dir;

  /**
   * u1: a@1 b@2 c@3 d@8 a@9; u2: b@4 f@9 c@10; u3: g@8 a@9; u4: h@5 x@8 g@9.
   *
   * <p>13 timestamps sorted: 1 2 3 4 5 8 8 8 9 9 9 9 10. Quantile 0.5 takes element
   * floor(0.5 * 12) = 6, so the cutoff is 8. Before it (strictly): u1 a b c, u2 b, u4 h; seen items
   * {a, b, c, h}, seen users {u1, u2, u4}.
   */
  private SequenceDataset example() throws IOException {
    Path file =
        Fixtures.write(
            dir, "events.csv",
            "UserId,ProductId,Timestamp\n"
                + "u1,a,1\nu1,b,2\nu1,c,3\nu1,d,8\nu1,a,9\n"
                + "u2,b,4\nu2,f,9\nu2,c,10\n"
                + "u3,g,8\nu3,a,9\n"
                + "u4,h,5\nu4,x,8\nu4,g,9\n");
    return new CsvInteractionLoader().load(file);
  }

  @Test
  void cutoffIsTheLowerNearestRankQuantile() throws IOException {
    SequenceDataset data = example();
    assertEquals(8, TimeCutoffSplit.cutoff(data, 0.5));
    assertEquals(1, TimeCutoffSplit.cutoff(data, 0.0));
    assertEquals(10, TimeCutoffSplit.cutoff(data, 1.0));
  }

  @Test
  void splitsAtTheCutoffSkippingUnseenItemsAndUsers() throws IOException {
    SequenceDataset data = example();
    SplitDataset split = new TimeCutoffSplit(0.5).split(data);
    int u1 = Fixtures.user(data, "u1");
    int u2 = Fixtures.user(data, "u2");
    int u3 = Fixtures.user(data, "u3");
    int u4 = Fixtures.user(data, "u4");

    // Train: pre-cutoff items minus the validation item (the last of >= 2 pre-cutoff items).
    //   u1 a b c -> valid c, train a b;  u2 b -> one item, kept in train;  u3 none;  u4 h.
    assertArrayEquals(Fixtures.items(data, "a", "b"), split.trainSequence(u1));
    assertArrayEquals(Fixtures.items(data, "b"), split.trainSequence(u2));
    assertArrayEquals(new int[0], split.trainSequence(u3));
    assertArrayEquals(Fixtures.items(data, "h"), split.trainSequence(u4));
    assertEquals(
        List.of(new EvalCase(u1, Fixtures.items(data, "a", "b"), Fixtures.items(data, "c"))), split.valid());

    // Test: first post-cutoff interaction with a seen item, for users seen before the cutoff.
    //   u1: d@8 is at the cutoff (so after it) but d is unseen -> skip; a@9 seen -> test a,
    //       history all pre-cutoff items a b c (the validation item included).
    //   u2: f@9 unseen -> skip; c@10 seen -> test c, history b.
    //   u3: a@9 is a seen item, but u3 has nothing before the cutoff -> no case.
    //   u4: x@8 and g@9 are both unseen -> no case.
    assertEquals(
        List.of(
            new EvalCase(u1, Fixtures.items(data, "a", "b", "c"), Fixtures.items(data, "a")),
            new EvalCase(u2, Fixtures.items(data, "b"), Fixtures.items(data, "c"))),
        split.test());
  }

  @Test
  void needsTimestampsAndAValidQuantile() throws IOException {
    Path file = Fixtures.write(dir, "seq.txt", "1 1 2 3\n");
    SequenceDataset untimed = new SequenceFileLoader().load(file);
    assertThrows(IllegalArgumentException.class, () -> new TimeCutoffSplit().split(untimed));
    assertThrows(IllegalArgumentException.class, () -> new TimeCutoffSplit(1.5));
  }

  @Test
  void beautyTimeSplitKeepsTheRules() throws IOException {
    SequenceDataset data =
        new CsvInteractionLoader().load(Fixtures.realData("amazon2014-timestamps-ticoserec/derived/Beauty_interactions.csv"));
    SplitDataset split = new TimeCutoffSplit().split(data);
    long cutoff = TimeCutoffSplit.cutoff(data, TimeCutoffSplit.DEFAULT_QUANTILE);
    assertEquals(1403049600L, cutoff); // 2014-06-18, checked with numpy quantile(method="lower")

    boolean[] trained = new boolean[data.items().size() + 1];
    for (int[] sequence : split.train()) for (int item : sequence) trained[item] = true;
    for (EvalCase c : split.valid()) trained[c.targets()[0]] = true;
    assertTrue(split.test().size() > 0);
    for (EvalCase c : split.test()) {
      assertTrue(trained[c.targets()[0]], "test item seen before the cutoff");
      assertTrue(c.history().length > 0, "test user seen before the cutoff");
    }
  }
}
