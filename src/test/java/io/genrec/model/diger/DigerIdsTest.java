package io.genrec.model.diger;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DigerIdsTest {
  @TempDir Path dir;

  @Test
  void theCollisionLevelNumbersItemsSharingAPrefixInItemOrder() throws Exception {
    int[][] prefixes = {{0, 0}, {1, 2}, {0, 3}, {1, 2}, {1, 2}};
    DigerIds ids = DigerIds.of(prefixes, 4, 3);
    assertArrayEquals(new int[] {1, 2, 0}, ids.table()[1]);
    assertArrayEquals(new int[] {0, 3, 0}, ids.table()[2]);
    assertArrayEquals(new int[] {1, 2, 1}, ids.table()[3]);
    assertArrayEquals(new int[] {1, 2, 2}, ids.table()[4]);
    assertArrayEquals(new int[] {4, 4, 3}, ids.radices(), "the collision level's size is the config's, not the data's");
    assertEquals(3.0, ids.stats().get("largest_group"));
    assertEquals(2.0, ids.stats().get("distinct_prefixes"));
    assertEquals(0.5, ids.stats().get("codes_used_0"));
    ids.save(dir.resolve("ids.tsv"));
    DigerIds back = DigerIds.load(dir.resolve("ids.tsv"), 4, 4, 3);
    assertEquals(0, back.changedSince(ids));
    assertEquals(1, DigerIds.of(new int[][] {{0, 0}, {1, 2}, {0, 3}, {1, 2}, {0, 1}}, 4, 3).changedSince(ids));
  }

  @Test
  void tooManyItemsUnderOnePrefixNamesThePrefixAndTheCount() {
    int[][] prefixes = {{0, 0}, {1, 2}, {1, 2}, {1, 2}};
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> DigerIds.of(prefixes, 4, 2));
    assertTrue(e.getMessage().contains("3 items share the semantic-ID prefix [1, 2]"), e.getMessage());
    assertTrue(e.getMessage().contains("model.collision_codes = 2"), e.getMessage());
  }
}
