package io.genrec.tokenize;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class CollisionResolverTest {

  @Test
  void extraLevelNumbersSharedIdsInItemOrder() {
    int[][] codes = {
      {0, 0}, // padding
      {1, 2}, {3, 4}, {1, 2}, {5, 5}, {1, 2}, {3, 4},
    };
    CollisionResolver.Result result = CollisionResolver.resolve(codes);
    int[][] expected = {
      {0, 0, 0},
      {1, 2, 0}, {3, 4, 0}, {1, 2, 1}, {5, 5, 0}, {1, 2, 2}, {3, 4, 1},
    };
    assertArrayEquals(expected, result.codes());
    assertEquals(3, result.collidingItems());
    assertEquals(2, result.collidingGroups());
    assertEquals(3, result.largestGroup());
    assertEquals(TokenizerReport.distinctTuples(result.codes()), 6);
  }

  @Test
  void uniqueIdsGetZeroAndCountsAreZero() {
    int[][] codes = {{0}, {4}, {2}, {7}};
    CollisionResolver.Result result = CollisionResolver.resolve(codes);
    assertEquals(0, result.collidingItems());
    assertEquals(0, result.collidingGroups());
    assertEquals(1, result.largestGroup());
    assertArrayEquals(new int[] {7, 0}, result.codes()[3]);
  }

  @Test
  void makesTokenizerCodesUniqueAndMatchesTheReportedCollisionRate() {
    // 4 codes on one level for 200 items: heavy collisions by construction.
    float[][] table = Synthetic.gaussian(200, new double[] {1, 1}, 4);
    ResidualKMeans rq = new ResidualKMeans(new ResidualKMeans.Config(1, 4, false, 10, 1));
    rq.fit(table, 2);
    CollisionResolver.Result result = CollisionResolver.resolve(rq.codes());
    assertEquals(200, TokenizerReport.distinctTuples(result.codes()));
    assertEquals(rq.report().collisionRate(), result.collidingItems() / 200.0, 1e-12);
    assertEquals(4, result.collidingGroups());
    new SemanticIdTrie(result.codes(), new int[] {4, result.largestGroup()});
  }

  @Test
  void extendKeepsOldIdsAndGivesNewItemsTheNextFreeCollisionValue() {
    int[][] old = CollisionResolver.resolve(new int[][] {{0, 0}, {1, 2}, {3, 4}, {1, 2}}).codes();
    int[][] added = {{1, 2}, {9, 9}, {9, 9}, {3, 4}};
    CollisionResolver.Result result = CollisionResolver.extend(old, added);
    int[][] expected = {
      {0, 0, 0},
      {1, 2, 0}, {3, 4, 0}, {1, 2, 1},
      {1, 2, 2}, {9, 9, 0}, {9, 9, 1}, {3, 4, 1},
    };
    assertArrayEquals(expected, result.codes());
    assertEquals(3, result.largestGroup());
    assertEquals(3, result.collidingGroups());
    assertEquals(4, result.collidingItems());
    assertEquals(TokenizerReport.distinctTuples(result.codes()), 7);
  }

  /** IDs with a gap (an item of the group dropped after resolving): a new item fills it, old IDs stay. */
  @Test
  void extendFillsAGapInAGroupBeforeGrowingTheExtraLevel() {
    int[][] old = {{0, 0, 0}, {1, 2, 0}, {1, 2, 2}, {3, 4, 0}};
    CollisionResolver.Result result = CollisionResolver.extend(old, new int[][] {{1, 2}, {1, 2}});
    assertArrayEquals(new int[][] {{0, 0, 0}, {1, 2, 0}, {1, 2, 2}, {3, 4, 0}, {1, 2, 1}, {1, 2, 3}}, result.codes());
    assertEquals(4, result.largestGroup(), "codes the extra level needs");
    assertEquals(3, result.collidingItems());
  }

  @Test
  void extendRejectsNewCodesOfTheWrongLength() {
    int[][] old = CollisionResolver.resolve(new int[][] {{0, 0}, {1, 2}}).codes();
    org.junit.jupiter.api.Assertions.assertThrows(
        IllegalArgumentException.class, () -> CollisionResolver.extend(old, new int[][] {{1, 2, 0}}));
  }
}
