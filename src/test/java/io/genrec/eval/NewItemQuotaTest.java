package io.genrec.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Set;
import org.junit.jupiter.api.Test;

class NewItemQuotaTest {
  private static final String[] RANKED = {"n1", "o1", "n2", "n3", "o2", "o3", "n4", "o4"};
  private static final Set<String> NEW = Set.of("n1", "n2", "n3", "n4");

  @Test
  void zeroShareDropsEveryNewItem() {
    assertArrayEquals(new String[] {"o1", "o2", "o3"}, new NewItemQuota(NEW, 0).topK(RANKED, 3));
  }

  @Test
  void fullShareIsTheRankingItself() {
    assertArrayEquals(new String[] {"n1", "o1", "n2", "n3"}, new NewItemQuota(NEW, 1).topK(RANKED, 4));
  }

  @Test
  void theBestRankedNewItemsFillTheQuotaAndOldItemsTheRest() {
    // ε 0.5 of K 4: two new items (n1, n2), then the old ones in rank order, skipping n3.
    assertArrayEquals(new String[] {"n1", "o1", "n2", "o2"}, new NewItemQuota(NEW, 0.5).topK(RANKED, 4));
  }

  @Test
  void aShortRankingGivesAShortList() {
    assertArrayEquals(new String[] {"n1", "o1", "o2", "o3", "o4"}, new NewItemQuota(NEW, 0.2).topK(RANKED, 6));
  }

  @Test
  void limitRoundsDownAndSurvivesDoubleError() {
    assertEquals(3, new NewItemQuota(NEW, 0.3).limit(10));
    assertEquals(0, new NewItemQuota(NEW, 0.05).limit(10));
    assertEquals(1, new NewItemQuota(NEW, 0.05).limit(20));
  }

  @Test
  void shareOutsideTheUnitIntervalIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> new NewItemQuota(NEW, 1.5));
    assertThrows(IllegalArgumentException.class, () -> new NewItemQuota(NEW, Double.NaN));
  }
}
