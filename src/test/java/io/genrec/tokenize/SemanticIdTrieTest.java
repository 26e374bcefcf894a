package io.genrec.tokenize;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SemanticIdTrieTest {
  private static final int[][] CODES = {
    {0, 0, 0}, // padding
    {1, 2, 0}, // item 1
    {1, 2, 1}, // item 2
    {0, 3, 0}, // item 3
    {3, 0, 0}, // item 4
  };
  private final SemanticIdTrie trie = new SemanticIdTrie(CODES, new int[] {4, 4, 2});

  @Test
  void sortedKeysAreMixedRadixPrefixes() {
    assertArrayEquals(new long[] {0, 1, 3}, trie.sortedKeys(0));
    // (0,3) = 3, (1,2) = 6, (3,0) = 12
    assertArrayEquals(new long[] {3, 6, 12}, trie.sortedKeys(1));
    // full: (0,3,0) = 6, (1,2,0) = 12, (1,2,1) = 13, (3,0,0) = 24
    assertArrayEquals(new long[] {6, 12, 13, 24}, trie.sortedKeys(2));
    assertArrayEquals(new int[] {3, 1, 2, 4}, trie.itemsInKeyOrder());
    assertEquals(13, trie.key(new int[] {1, 2, 1}));
    assertEquals(13, trie.fullKey(2));
  }

  @Test
  void validPrefixesAndNextCodes() {
    assertTrue(trie.isValidPrefix(new int[0]));
    assertTrue(trie.isValidPrefix(new int[] {1}));
    assertTrue(trie.isValidPrefix(new int[] {1, 2}));
    assertTrue(trie.isValidPrefix(new int[] {1, 2, 1}));
    assertFalse(trie.isValidPrefix(new int[] {2}));
    assertFalse(trie.isValidPrefix(new int[] {1, 3}));
    assertFalse(trie.isValidPrefix(new int[] {3, 0, 1}));
    assertFalse(trie.isValidPrefix(new int[] {9}));
    assertFalse(trie.isValidPrefix(new int[] {1, 2, 0, 0}));
    assertArrayEquals(new int[] {0, 1, 3}, trie.validNextCodes(new int[0]));
    assertArrayEquals(new int[] {0, 1}, trie.validNextCodes(new int[] {1, 2}));
    assertArrayEquals(new int[0], trie.validNextCodes(new int[] {2}));
  }

  @Test
  void fullIdsMapToItems() {
    assertEquals(2, trie.item(new int[] {1, 2, 1}));
    assertEquals(4, trie.itemOfKey(24));
    assertEquals(-1, trie.item(new int[] {1, 2, 3}));
    assertEquals(-1, trie.itemOfKey(7));
    assertEquals(4, trie.size());
  }

  @Test
  void rejectsDuplicateIdsCodesOutOfRangeAndOverflow() {
    int[][] duplicate = {{0, 0}, {1, 1}, {1, 1}};
    IllegalArgumentException dup =
        assertThrows(IllegalArgumentException.class, () -> new SemanticIdTrie(duplicate, new int[] {2, 2}));
    assertTrue(dup.getMessage().contains("items 1 and 2"), dup.getMessage());
    assertTrue(dup.getMessage().contains("CollisionResolver"), dup.getMessage());
    IllegalArgumentException range =
        assertThrows(IllegalArgumentException.class, () -> new SemanticIdTrie(CODES, new int[] {4, 3, 2}));
    assertTrue(range.getMessage().contains("item 3 level 2 code 3"), range.getMessage());
    int[][] one = {{0, 0, 0, 0, 0, 0, 0, 0}, {0, 0, 0, 0, 0, 0, 0, 0}};
    int[] huge = {1 << 16, 1 << 16, 1 << 16, 1 << 16, 2, 2, 2, 2};
    assertThrows(IllegalArgumentException.class, () -> new SemanticIdTrie(one, huge));
  }
}
