package io.genrec.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LeaveOneOutSplitTest {
  @TempDir Path dir;

  @Test
  void holdsOutLastTwoItemsPerUser() throws IOException {
    // Item ids are numbered in first-seen order, so dense ids equal the file's ids here.
    Path file = Fixtures.write(dir, "seq.txt", "1 1 2 3 4 5\n2 6 7 8\n3 9 10\n4 11\n");
    SplitDataset split = new LeaveOneOutSplit().split(new SequenceFileLoader().load(file));

    // user 1 [1..5]: train [1 2 3]; valid [1 2 3] -> 4; test [1 2 3 4] -> 5
    // user 2 [6 7 8]: the shortest sequence with cases: train [6]; valid [6] -> 7; test [6 7] -> 8
    // user 3 [9 10] and user 4 [11]: too short (< 3 items): all in train, no cases
    assertArrayEquals(new int[] {1, 2, 3}, split.trainSequence(1));
    assertArrayEquals(new int[] {6}, split.trainSequence(2));
    assertArrayEquals(new int[] {9, 10}, split.trainSequence(3));
    assertArrayEquals(new int[] {11}, split.trainSequence(4));
    assertEquals(
        List.of(new EvalCase(1, new int[] {1, 2, 3}, new int[] {4}), new EvalCase(2, new int[] {6}, new int[] {7})),
        split.valid());
    assertEquals(
        List.of(
            new EvalCase(1, new int[] {1, 2, 3, 4}, new int[] {5}),
            new EvalCase(2, new int[] {6, 7}, new int[] {8})),
        split.test());
    assertEquals(3 + 1 + 2 + 1, split.numTrainInteractions());
  }

  @Test
  void beautyGivesOneCasePerUser() throws IOException {
    SequenceDataset data = new SequenceFileLoader().load(Fixtures.realData("amazon2014-s3rec/Beauty.txt"));
    SplitDataset split = new LeaveOneOutSplit().split(data);
    assertEquals(22363, split.valid().size());
    assertEquals(22363, split.test().size());
    assertEquals(198502 - 2 * 22363, split.numTrainInteractions());
  }
}
