package io.genrec.tokenize;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.genrec.data.DataFormatException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SemanticIdFileTest {
  private static final Path SHARED = Path.of("..", "shared", "data");
  private static final int BEAUTY_ITEMS = 12_101;

  @TempDir Path dir;

  private Path write(String name, String text) throws IOException {
    Path file = dir.resolve(name);
    Files.createDirectories(file.getParent());
    Files.writeString(file, text, StandardCharsets.UTF_8);
    return file;
  }

  @Test
  void tsvRoundTrips() throws IOException {
    SemanticIds ids = SemanticIds.of(List.of("B001", "B002", "x y"), new int[][] {{0, 0}, {1, 2}, {3, 4}, {5, 0}});
    Path file = dir.resolve(SemanticIdFile.FILE_NAME);
    SemanticIdFile.writeTsv(file, ids);
    assertEquals("item_id\tcodes\nB001\t1 2\nB002\t3 4\nx y\t5 0\n", Files.readString(file));
    SemanticIds read = SemanticIdFile.readTsv(file);
    assertEquals(ids.itemIds(), read.itemIds());
    assertArrayEquals(
        ids.inItemOrder(List.of("x y", "B001")), read.inItemOrder(List.of("x y", "B001")));
    assertEquals(2, read.levels());
  }

  @Test
  void malformedTsvNamesFileAndLine() throws IOException {
    assertFault(write("a.tsv", "item_id\tcodes\n1\t1 2\n2\t1 x\n"), "a.tsv:3", "level 2 code 'x'");
    assertFault(write("b.tsv", "1\t1 2\n2\t1 2 3\n"), "b.tsv:2", "3 codes");
    assertFault(write("c.tsv", "1\t1 2\n1\t3 4\n"), "c.tsv:2", "first on line 1");
    assertFault(write("d.tsv", "1 2 3\n"), "d.tsv:1", "<TAB>");
    assertFault(write("e.tsv", "1\t-1\n"), "e.tsv:1", "'-1'");
    assertFault(write("f.tsv", "item_id\tcodes\n"), "f.tsv", "no items");
  }

  @Test
  void missingItemsAreNamed() throws IOException {
    SemanticIds ids = SemanticIdFile.readTsv(write("g.tsv", "1\t0\n2\t1\n"));
    IllegalArgumentException error =
        assertThrows(IllegalArgumentException.class, () -> ids.inItemOrder(List.of("1", "7", "9")));
    assertTrue(error.getMessage().contains("g.tsv"), error.getMessage());
    assertTrue(error.getMessage().contains("2 of 3 items") && error.getMessage().contains("7, 9"), error.getMessage());
  }

  @Test
  void tigerFilesAreRekeyedThroughTheItemMap() throws IOException {
    write("tiger/derived/tiger_item_map.tsv", "tiger_item_id\tasin\ts3rec_item_id\n0\tA\t4\n1\tB\t2\n");
    Path index = write("tiger/index_rqvae.json", "{\"0\": [5, 6, 7], \"1\": [1, 2, 3]}");
    SemanticIds ids = SemanticIdFile.readTiger(index);
    assertEquals(List.of("4", "2"), ids.itemIds());
    assertArrayEquals(new int[] {1, 2, 3}, ids.get("2").orElseThrow());

    Path unmapped = write("tiger/index_bad.json", "{\"0\": [5, 6, 7], \"5\": [1, 2, 3]}");
    assertFault(() -> SemanticIdFile.readTiger(unmapped), "index_bad.json", "entry \"5\"");
    Path ragged = write("tiger/index_ragged.json", "{\"0\": [5, 6, 7], \"1\": [1, 2]}");
    assertFault(() -> SemanticIdFile.readTiger(ragged), "index_ragged.json", "entry \"1\" with 2 codes");
    Path fractional = write("tiger/index_frac.json", "{\"0\": [5, 6.5, 7]}");
    assertFault(() -> SemanticIdFile.readTiger(fractional), "index_frac.json", "entry \"0\" level 2");
    Path broken = write("tiger/index_broken.json", "{\"0\": [5, 6");
    assertFault(() -> SemanticIdFile.readTiger(broken), "index_broken.json", "malformed JSON");
  }

  @Test
  void letterTokensBecomeCodesAndIdsShiftByOne() throws IOException {
    Path index = write("Beauty.index.json", "{\"0\": [\"<a_183>\", \"<b_70>\"], \"5\": [\"<a_1>\", \"<b_0>\"]}");
    SemanticIds ids = SemanticIdFile.readLetter(index);
    assertEquals(List.of("1", "6"), ids.itemIds());
    assertArrayEquals(new int[] {183, 70}, ids.get("1").orElseThrow());
    Path wrongLetter = write("wrong.json", "{\"0\": [\"<a_1>\", \"<c_2>\"]}");
    assertFault(() -> SemanticIdFile.readLetter(wrongLetter), "wrong.json", "entry \"0\" level 2 token \"<c_2>\"");
    Path notToken = write("nottoken.json", "{\"0\": [\"a_1\"]}");
    assertFault(() -> SemanticIdFile.readLetter(notToken), "nottoken.json", "\"<a_N>\"");
    Path array = write("array.json", "[1, 2]");
    assertFault(() -> SemanticIdFile.readLetter(array), "array.json", "a JSON array");
  }

  @Test
  void realTigerAndLetterIndexesCoverAllBeautyItems() throws IOException {
    Path tiger = SHARED.resolve("amazon2014-beauty-tiger-semantic-ids");
    Path letter = SHARED.resolve("amazon2014-beauty-letter-index").resolve("Beauty.index.json");
    assumeTrue(Files.isDirectory(tiger) && Files.exists(letter), "../shared/data is not available");
    List<String> s3rec = new ArrayList<>();
    for (int i = 1; i <= BEAUTY_ITEMS; i++) s3rec.add(Integer.toString(i));

    // Counts from the folders' SOURCE.md: all RQ-VAE/RQ-KMeans ids unique, 11,412 / 7,840 distinct
    // 3-level prefixes; LETTER has 12,088 distinct ids (13 collisions) and 11,696 prefixes.
    for (String name : new String[] {"index_rqvae.json", "index_rqkmeans.json"}) {
      SemanticIds ids = SemanticIdFile.readTiger(tiger.resolve(name));
      assertEquals(BEAUTY_ITEMS, ids.size(), name);
      int[][] codes = ids.inItemOrder(s3rec);
      assertEquals(4, ids.levels());
      assertEquals(BEAUTY_ITEMS, distinct(codes, 4), name);
      assertEquals(name.contains("rqvae") ? 11_412 : 7_840, distinct(codes, 3), name);
      SemanticIdTrie trie = new SemanticIdTrie(codes, new int[] {256, 256, 256, 256});
      assertEquals(BEAUTY_ITEMS, trie.sortedKeys(3).length);
    }
    SemanticIds letterIds = SemanticIdFile.readLetter(letter);
    int[][] codes = letterIds.inItemOrder(s3rec);
    assertEquals(12_088, distinct(codes, 4));
    assertEquals(11_696, distinct(codes, 3));
    CollisionResolver.Result resolved = CollisionResolver.resolve(codes);
    assertEquals(13, resolved.collidingItems());
    assertEquals(BEAUTY_ITEMS, distinct(resolved.codes(), 5));
  }

  private static int distinct(int[][] codes, int levels) {
    Set<List<Integer>> seen = new HashSet<>();
    for (int i = 1; i < codes.length; i++) {
      List<Integer> prefix = new ArrayList<>();
      for (int level = 0; level < levels; level++) prefix.add(codes[i][level]);
      seen.add(prefix);
    }
    return seen.size();
  }

  @FunctionalInterface
  private interface Read {
    void run() throws IOException;
  }

  private static void assertFault(Path file, String where, String what) {
    assertFault(() -> SemanticIdFile.readTsv(file), where, what);
  }

  private static void assertFault(Read read, String where, String what) {
    DataFormatException error = assertThrows(DataFormatException.class, read::run);
    assertTrue(error.getMessage().contains(where), error.getMessage());
    assertTrue(error.getMessage().contains(what), error.getMessage());
  }
}
