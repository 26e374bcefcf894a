package io.genrec.experiment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.genrec.eval.NewItemQuota;
import io.genrec.tokenize.SemanticIds;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PrefixMatchedItemsTest {
  // IDs of 3 codes + a collision code; n1 shares o1's first 2 codes and n2 o2's first 3, n3 no one's.
  private static final SemanticIds IDS = SemanticIds.of(List.of("o1", "o2", "o3", "n1", "n2", "n3"), new int[][] {
      {0, 0, 0, 0}, {1, 1, 1, 0}, {2, 2, 2, 0}, {3, 3, 3, 0}, {1, 1, 5, 0}, {2, 2, 2, 1}, {7, 7, 7, 0}});
  private static final Set<String> NEW = Set.of("n1", "n2", "n3");

  @Test
  void eachGeneratedItemBringsInTheNewItemsOfItsPrefixRightAfterIt() {
    assertArrayEquals(new String[] {"o2", "n2", "o1", "o3"},
        new PrefixMatchedItems(IDS, NEW, 3).expand(new String[] {"o2", "o1", "o3"}));
    assertArrayEquals(new String[] {"o2", "n2", "o1", "n1", "o3"},
        new PrefixMatchedItems(IDS, NEW, 2).expand(new String[] {"o2", "o1", "o3"}));
  }

  @Test
  void aNewItemTheModelGeneratesItselfIsListedOnce() {
    assertArrayEquals(new String[] {"n2", "o2"},
        new PrefixMatchedItems(IDS, NEW, 3).expand(new String[] {"n2", "o2"}));
  }

  @Test
  void theQuotaThenDecidesHowManyStay() {
    String[] expanded = new PrefixMatchedItems(IDS, NEW, 2).expand(new String[] {"o2", "o1", "o3"});
    assertArrayEquals(new String[] {"o2", "n2", "o1", "o3"}, new NewItemQuota(NEW, 0.25).topK(expanded, 4));
  }

  @Test
  void levelsMustLeaveAtLeastTheLastCode() {
    assertThrows(IllegalArgumentException.class, () -> new PrefixMatchedItems(IDS, NEW, 4));
    assertThrows(IllegalArgumentException.class, () -> new PrefixMatchedItems(IDS, NEW, 0));
  }
}
