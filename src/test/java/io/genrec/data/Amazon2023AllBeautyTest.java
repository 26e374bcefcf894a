package io.genrec.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The real All_Beauty 5-core benchmark files: the published statistics, and the given split's shape. */
class Amazon2023AllBeautyTest {
  private static final String DIR = "amazon2023-all-beauty-5core/";

  @Test
  void benchmarkSplitAndRatingOnlyFileHoldThePublishedNumbers() throws Exception {
    Fixtures.realData(DIR + "All_Beauty.train.csv");
    Path prefix = Fixtures.SHARED_DATA.resolve(DIR + "All_Beauty");
    SequenceDataset joined = DatasetLoader.load(prefix, LoadOptions.defaults());
    SequenceDataset ratings = DatasetLoader.load(Fixtures.realData(DIR + "All_Beauty.csv"), LoadOptions.defaults());
    for (SequenceDataset data : new SequenceDataset[] {joined, ratings}) {
      assertEquals(253, data.users().size());
      assertEquals(356, data.items().size());
      assertEquals(2535, data.numInteractions());
    }
  }

  @Test
  void lastOutSplitHasOneValidAndOneTestCasePerUserContinuingTheTrainSequence() throws Exception {
    Fixtures.realData(DIR + "All_Beauty.train.csv");
    SplitDataset split = Amazon2023Split.load(Fixtures.SHARED_DATA.resolve(DIR + "All_Beauty"), IdOrder.FIRST_SEEN);
    assertEquals(2029, split.numTrainInteractions());
    assertEquals(253, split.valid().size());
    assertEquals(253, split.test().size());
    for (int c = 0; c < 253; c++) {
      EvalCase valid = split.valid().get(c);
      EvalCase test = split.test().get(c);
      // The released history of the valid row is the user's train items in time order.
      assertArrayEquals(split.trainSequence(valid.user()), valid.history(), "user " + valid.user());
      int[] expected = java.util.Arrays.copyOf(valid.history(), valid.history().length + 1);
      expected[valid.history().length] = valid.targets()[0];
      assertArrayEquals(expected, test.history(), "user " + test.user());
    }
  }
}
