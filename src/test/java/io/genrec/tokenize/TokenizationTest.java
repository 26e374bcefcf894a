package io.genrec.tokenize;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.genrec.data.DataFormatException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TokenizationTest {
  @TempDir Path dir;

  @Test
  void createReadsParametersAndRejectsUnknownOnes() {
    Tokenizer rq = Tokenizers.create("rq-kmeans", Map.of("levels", "2", "codebook_size", 16, "balanced", true));
    assertEquals(2, rq.levels());
    assertEquals(16, rq.codebookSize());
    assertTrue(((ResidualKMeans) rq).config().balanced());
    assertEquals(8, Tokenizers.create("opq", Map.of("subvectors", 8)).levels());
    IllegalArgumentException name =
        assertThrows(IllegalArgumentException.class, () -> Tokenizers.create("rqvae2", Map.of()));
    assertTrue(name.getMessage().contains("rq-kmeans, pq, opq"), name.getMessage());
    IllegalArgumentException key =
        assertThrows(IllegalArgumentException.class, () -> Tokenizers.create("pq", Map.of("level", 3)));
    assertTrue(key.getMessage().contains("'level'") && key.getMessage().contains("subvectors"), key.getMessage());
    IllegalArgumentException type =
        assertThrows(IllegalArgumentException.class, () -> Tokenizers.create("pq", Map.of("subvectors", 2.5)));
    assertTrue(type.getMessage().contains("integer"), type.getMessage());
  }

  @Test
  void runWritesUniqueIdsStateAndReport() throws IOException {
    // 6 codes for 120 items on 2 levels: collisions are certain.
    Synthetic.Clustered data = Synthetic.clusters(6, 20, 8, 4, 0.5, 2);
    List<String> itemIds = new ArrayList<>();
    for (int i = 1; i <= 120; i++) itemIds.add("item" + i);
    Tokenizer tokenizer = Tokenizers.create("rq-kmeans", Map.of("levels", 2, "codebook_size", 6));
    Tokenization.Result result = Tokenization.run(tokenizer, data.table(), itemIds, 5, dir);

    assertTrue(result.collisions().collidingItems() > 0);
    assertArrayEquals(new int[] {6, 6, Math.max(6, result.collisions().largestGroup())}, result.radices());
    SemanticIds written = SemanticIdFile.readTsv(dir.resolve(SemanticIdFile.FILE_NAME));
    assertEquals(itemIds, written.itemIds());
    int[][] codes = written.inItemOrder(itemIds);
    assertArrayEquals(result.collisions().codes(), codes);
    SemanticIdTrie trie = new SemanticIdTrie(codes, result.radices());
    for (int i = 1; i <= 120; i++) assertEquals(i, trie.item(codes[i]));

    Tokenizer loaded = Tokenizers.load(dir.resolve(Tokenization.TOKENIZER_DIR));
    assertArrayEquals(tokenizer.codes(), loaded.codes());
    JsonObject report = JsonParser.parseString(Files.readString(dir.resolve(Tokenization.REPORT_FILE))).getAsJsonObject();
    assertEquals(result.collisions().collidingItems(), report.getAsJsonObject("collisions").get("colliding_items").getAsInt());
    assertEquals("rq-kmeans", report.getAsJsonObject("report").get("tokenizer").getAsString());
    assertEquals(2, report.getAsJsonObject("report").getAsJsonArray("usage").size());
  }

  /**
   * fit_on train_items: the rows of items outside training do not move the codebooks (wild values
   * there change nothing), those items are still coded, and the saved state holds every item's codes.
   */
  @Test
  void aFitOnSomeItemsIgnoresTheOtherRowsAndCodesThemAll() throws IOException {
    int n = 60;
    float[][] table = Synthetic.gaussian(n, new double[] {1, 2, 1, 3}, 4);
    float[][] wild = new float[n + 1][];
    for (int i = 0; i <= n; i++) wild[i] = table[i].clone();
    boolean[] fitOn = new boolean[n + 1];
    for (int i = 1; i <= n; i++) fitOn[i] = i <= 40;
    for (int i = 41; i <= n; i++) for (int t = 0; t < 4; t++) wild[i][t] = 100f * (i % 3 + 1) * (t % 2 == 0 ? 1 : -1);
    List<String> itemIds = new ArrayList<>();
    for (int i = 1; i <= n; i++) itemIds.add("item" + i);
    Map<String, Object> params = Map.of("subvectors", 2, "codebook_size", 4);

    OptimizedProductQuantizer plain = (OptimizedProductQuantizer) Tokenizers.create("opq", params);
    Tokenization.run(plain, table, itemIds, fitOn, 5, dir.resolve("a"));
    OptimizedProductQuantizer withWild = (OptimizedProductQuantizer) Tokenizers.create("opq", params);
    Tokenization.Result result = Tokenization.run(withWild, wild, itemIds, fitOn, 5, dir.resolve("b"));
    assertArrayEquals(plain.rotation(), withWild.rotation(), "the rotation ignores rows 41..60");
    int[][] a = plain.codes();
    int[][] b = withWild.codes();
    assertEquals(n + 1, b.length, "every item coded");
    for (int i = 1; i <= 40; i++) assertArrayEquals(a[i], b[i], "item " + i);
    assertArrayEquals(withWild.encode(java.util.Arrays.copyOfRange(wild, 41, n + 1)),
        java.util.Arrays.copyOfRange(b, 41, n + 1), "the others: coded by the fitted quantizer");
    assertEquals(n, result.report().items(), "code statistics over all items");
    assertArrayEquals(b, Tokenizers.load(dir.resolve("b").resolve(Tokenization.TOKENIZER_DIR)).codes());

    OptimizedProductQuantizer all = (OptimizedProductQuantizer) Tokenizers.create("opq", params);
    Tokenization.run(all, wild, itemIds, 5, dir.resolve("c"));
    assertFalse(java.util.Arrays.deepEquals(withWild.rotation(), all.rotation()), "fitted on every row, it differs");
  }

  @Test
  void runRejectsMismatchedItemIds() {
    float[][] table = Synthetic.gaussian(10, new double[] {1, 1}, 1);
    assertThrows(
        IllegalArgumentException.class,
        () -> Tokenization.run(Tokenizers.create("pq", Map.of("subvectors", 1)), table, List.of("a"), 1, dir));
  }

  @Test
  void brokenSavedStateNamesTheFile() throws IOException {
    Path state = dir.resolve("state");
    Files.createDirectories(state);
    Files.writeString(state.resolve("tokenizer.json"), "{\"tokenizer\": \"pq\", \"config\": {\"subvectors\": 2}}");
    DataFormatException error = assertThrows(DataFormatException.class, () -> Tokenizers.load(state));
    assertTrue(error.getMessage().contains("tokenizer.json"), error.getMessage());
    DataFormatException missing = assertThrows(DataFormatException.class, () -> Tokenizers.load(dir.resolve("none")));
    assertTrue(missing.getMessage().contains("no such file"), missing.getMessage());
  }
}
