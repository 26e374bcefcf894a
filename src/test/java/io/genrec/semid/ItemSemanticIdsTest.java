package io.genrec.semid;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.genrec.data.IdMap;
import io.genrec.data.Npy;
import io.genrec.data.NpyArray;
import io.genrec.embed.EmbeddingSidecar;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Semantic IDs fitted on an item table (.npy) check the table's rows against the dataset's items, as
 * tokenize does ({@code tokenize/ItemEmbeddings}): a sidecar that lists other items than the rows are
 * read as is a clear error naming the file, before any ID is fitted.
 */
class ItemSemanticIdsTest {
  @TempDir Path dir;

  private static final int ITEMS = 20;

  /** Items with original ids 1..20, in the order given. */
  private static IdMap items(List<String> order) {
    return IdMap.of(order);
  }

  private static List<String> numbered() {
    List<String> ids = new ArrayList<>();
    for (int i = 1; i <= ITEMS; i++) ids.add(Integer.toString(i));
    return ids;
  }

  /** A [21, 6] table (row 0 padding) with a sidecar saying its rows are {@code rowItems} in order. */
  private Path table(String name, List<String> rowItems) throws Exception {
    float[][] rows = new float[ITEMS + 1][6];
    Random rng = new Random(2);
    for (float[] row : rows) for (int j = 0; j < row.length; j++) row[j] = (float) rng.nextGaussian();
    Path npy = dir.resolve(name + ".npy");
    Npy.write(npy, NpyArray.matrix(rows));
    if (rowItems != null) {
      EmbeddingSidecar.of("test-encoder", "{title}", rowItems, 6, 0.1, dir.resolve("meta.csv"), "the metadata file")
          .write(EmbeddingSidecar.fileOf(npy));
    }
    return npy;
  }

  private static SemanticIdSource kmeans(Path npy, SemanticIdSource.EmbeddingRows rows) {
    return new SemanticIdSource(SemanticIdSource.Source.RQ_KMEANS, "", SemanticIdSource.Format.AUTO, npy.toString(),
        rows, 2, 4, false);
  }

  @Test
  void denseRowsInAnotherItemOrderAreRefusedNamingTheFile() throws Exception {
    List<String> shuffled = new ArrayList<>(numbered());
    Collections.shuffle(shuffled, new Random(1));
    Path npy = table("shuffled", shuffled);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> ItemSemanticIds.load(kmeans(npy, SemanticIdSource.EmbeddingRows.DENSE), items(numbered()), 1));
    assertTrue(e.getMessage().contains(npy.toString()) && e.getMessage().contains("rows follow"), e.getMessage());

    Path fewer = table("fewer", numbered().subList(0, 15));
    e = assertThrows(IllegalArgumentException.class,
        () -> ItemSemanticIds.load(kmeans(fewer, SemanticIdSource.EmbeddingRows.DENSE), items(numbered()), 1));
    assertTrue(e.getMessage().contains("holds 15 items") && e.getMessage().contains("the dataset 20"), e.getMessage());

    // The same rows in the dataset's order, or without a sidecar, fit.
    Path matching = table("matching", shuffled);
    assertEquals(ITEMS, ItemSemanticIds.load(kmeans(matching, SemanticIdSource.EmbeddingRows.DENSE),
        items(shuffled), 1).numItems());
    assertEquals(ITEMS, ItemSemanticIds.load(kmeans(table("bare", null), SemanticIdSource.EmbeddingRows.DENSE),
        items(shuffled), 1).numItems());
  }

  @Test
  void rowsReadByOriginalIdMustHoldTheItemOfThatId() throws Exception {
    List<String> shuffled = new ArrayList<>(numbered());
    Collections.shuffle(shuffled, new Random(1));
    Path npy = table("dense-order", shuffled);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> ItemSemanticIds.load(kmeans(npy, SemanticIdSource.EmbeddingRows.ORIGINAL_ID), items(shuffled), 1));
    assertTrue(e.getMessage().contains(npy.toString()) && e.getMessage().contains("embedding_rows = original_id"),
        e.getMessage());
    // Row r holding item r is what original_id means, sidecar or not.
    Path byId = table("by-id", numbered());
    assertEquals(ITEMS, ItemSemanticIds.load(kmeans(byId, SemanticIdSource.EmbeddingRows.ORIGINAL_ID),
        items(shuffled), 1).numItems());
  }

  /**
   * Saved IDs come back with their codebook sizes, not the smaller ones the used codes suggest: a
   * model's token layout follows the sizes, so a run's copy must keep them.
   */
  @Test
  void savedIdsKeepTheirCodebookSizes() throws Exception {
    StringBuilder tsv = new StringBuilder("item_id\tcodes\n");
    for (int i = 1; i <= ITEMS; i++) tsv.append(i).append('\t').append(i % 3).append(' ').append((i / 3) % 3).append('\n');
    Path file = java.nio.file.Files.writeString(dir.resolve("ids.tsv"), tsv.toString());
    IdMap items = items(numbered());
    ItemSemanticIds plain = ItemSemanticIds.load(SemanticIdSource.file(file.toString()), items, 1);
    assertEquals(List.of(3, 3, 3), java.util.Arrays.stream(plain.radices()).boxed().toList(), "sizes from the codes");
    new SemanticIdLayout(List.of(5, 7), ITEMS, "test").write(SemanticIdLayout.fileOf(file));
    ItemSemanticIds sized = ItemSemanticIds.load(SemanticIdSource.file(file.toString()), items, 1);
    assertEquals(List.of(5, 7, 3), java.util.Arrays.stream(sized.radices()).boxed().toList(),
        "the layout's sizes, then the collision level");
    Path copy = dir.resolve("copy").resolve("semantic_ids.tsv");
    java.nio.file.Files.createDirectories(copy.getParent());
    sized.save(copy);
    ItemSemanticIds back = ItemSemanticIds.load(SemanticIdSource.file(copy.toString()), items, 1);
    assertEquals(List.of(5, 7, 3), java.util.Arrays.stream(back.radices()).boxed().toList());
    for (int item = 1; item <= ITEMS; item++) {
      org.junit.jupiter.api.Assertions.assertArrayEquals(sized.codes(item), back.codes(item));
    }
    new SemanticIdLayout(List.of(2, 7), ITEMS, "wrong").write(SemanticIdLayout.fileOf(file));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> ItemSemanticIds.load(SemanticIdSource.file(file.toString()), items, 1));
    assertTrue(e.getMessage().contains("level 1 has 2 codes"), e.getMessage());
  }
}
