package io.genrec.semid;

import io.genrec.data.IdMap;
import io.genrec.embed.EmbeddingSidecar;
import io.genrec.tokenize.CollisionResolver;
import io.genrec.tokenize.ItemEmbeddings;
import io.genrec.tokenize.ResidualKMeans;
import io.genrec.tokenize.SemanticIdFile;
import io.genrec.tokenize.SemanticIdTrie;
import io.genrec.tokenize.SemanticIds;
import io.genrec.tokenize.Tokenizer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * The unique semantic ID of every catalog item, in the dataset's dense item order, with the
 * codebook size of each level and the valid-prefix trie constrained decoding needs.
 *
 * <p>IDs that collide get TIGER's extra level (numbering the items that share a tuple); IDs that are
 * already unique (the shipped {@code index_rqvae.json}, whose 4th level already separates items) are
 * used as they are, so results are comparable on identical IDs.
 */
public final class ItemSemanticIds {
  private static final Logger LOG = LogManager.getLogger(ItemSemanticIds.class);

  private final int[][] codes;
  private final int[] radices;
  private final SemanticIdTrie trie;
  private final String description;
  private final List<String> itemIds;

  /**
   * @param codes {@code [numItems + 1][levels]}, row 0 unused; rows need not be unique
   * @param minRadix smallest codebook size to assume per level (e.g. the tokenizer's), so the token
   *     layout does not depend on which codes happen to be used
   */
  public ItemSemanticIds(int[][] codes, int minRadix, String description) {
    this(codes, filled(codes[1].length, minRadix), description, null);
  }

  private static int[] filled(int levels, int value) {
    int[] a = new int[levels];
    Arrays.fill(a, value);
    return a;
  }

  /**
   * @param minRadices the smallest codebook size to assume for each level of {@code codes} (a
   *     collision level added here takes the largest group's size)
   */
  public ItemSemanticIds(int[][] codes, int[] minRadices, String description) {
    this(codes, minRadices, description, null);
  }

  /** IDs that are unique already, with exactly these codebook sizes (checked by the caller). */
  private ItemSemanticIds(List<String> itemIds, int[][] codes, int[] radices, String description) {
    this.itemIds = List.copyOf(itemIds);
    this.codes = codes;
    this.radices = radices.clone();
    this.trie = new SemanticIdTrie(codes, this.radices);
    this.description = description;
  }

  /** @param itemIds original ids of the dense items (for {@link #save}); null when unknown */
  private ItemSemanticIds(int[][] codes, int[] minRadices, String description, List<String> itemIds) {
    this.itemIds = itemIds == null ? null : List.copyOf(itemIds);
    if (minRadices.length != codes[1].length) {
      throw new IllegalArgumentException(minRadices.length + " codebook sizes for " + codes[1].length + " levels");
    }
    int[] floor = minRadices;
    int[][] unique = codes;
    if (hasCollisions(codes)) {
      CollisionResolver.Result resolved = CollisionResolver.resolve(codes);
      LOG.info("semantic IDs: {} items collide in {} groups (largest {}): added TIGER's collision level",
          resolved.collidingItems(), resolved.collidingGroups(), resolved.largestGroup());
      unique = resolved.codes();
    }
    int levels = unique[1].length;
    radices = new int[levels];
    for (int level = 0; level < levels; level++) {
      int max = 0;
      for (int i = 1; i < unique.length; i++) max = Math.max(max, unique[i][level]);
      // The collision level only needs as many codes as the largest group.
      boolean collisionLevel = unique != codes && level == levels - 1;
      radices[level] = collisionLevel ? max + 1 : Math.max(max + 1, floor[level]);
    }
    this.codes = unique;
    this.trie = new SemanticIdTrie(unique, radices);
    this.description = description + " " + Arrays.toString(radices);
  }

  /** Loads or fits the IDs a config names, for the items of {@code items}. */
  public static ItemSemanticIds load(SemanticIdSource source, IdMap items, long seed) {
    return load(source, items, seed, false);
  }

  /**
   * As {@link #load(SemanticIdSource, IdMap, long)}; with {@code wholeFileSizes}, the codebook sizes
   * of an ID file without a layout cover every item the file lists, not only the catalog's: a run
   * that holds items out of its catalog ({@code data.holdout_items}) keeps tokens for their codes,
   * collision values included, so they can be added back after training.
   */
  public static ItemSemanticIds load(SemanticIdSource source, IdMap items, long seed, boolean wholeFileSizes) {
    try {
      if (source.source() == SemanticIdSource.Source.FILE) {
        Path path = Path.of(source.path());
        SemanticIds ids = read(path, source.format());
        int[][] codes = ids.inItemOrder(items.originals());
        Optional<SemanticIdLayout> layout = SemanticIdLayout.besides(path);
        int[] sizes = layout.isPresent() ? checkedSizes(layout.get(), codes, path)
            : wholeFileSizes ? usedSizes(ids) : filled(codes[1].length, 1);
        return new ItemSemanticIds(codes, sizes, "file " + path, items.originals());
      }
      float[][] embeddings = embeddings(source, items);
      Tokenizer tokenizer = new ResidualKMeans(new ResidualKMeans.Config(source.levels(),
          source.codebookSize(), source.balanced(), ResidualKMeans.Config.defaults().maxIterations(),
          ResidualKMeans.Config.defaults().threads()));
      long start = System.nanoTime();
      tokenizer.fit(embeddings, seed);
      LOG.info("rq-kmeans semantic IDs fitted in {} s: {}",
          String.format("%.1f", (System.nanoTime() - start) / 1e9), tokenizer.report().summary());
      return new ItemSemanticIds(tokenizer.codes(), filled(source.levels(), source.codebookSize()),
          "rq-kmeans " + source.levels() + "x" + source.codebookSize() + " on " + source.embeddings(),
          items.originals());
    } catch (IOException e) {
      throw new UncheckedIOException("semantic IDs: " + e.getMessage(), e);
    }
  }

  /**
   * These IDs with new items appended (dense ids {@code numItems + 1, ...} in the order given), for
   * a trained model that is to recommend items it never saw: no existing ID changes, each new item
   * takes a free value of the collision level (the last level) in its code tuple's group
   * ({@link CollisionResolver#extend}), and the codebook sizes stay those the model was trained
   * with, since its token table has exactly that many rows per level.
   *
   * @param newItemIds original ids of the new items
   * @param newCodes {@code [newItems][levels() - 1]}: their codes without the collision level
   * @throws IllegalArgumentException naming the item and the level when a new ID needs a code the
   *     model has no token for: a content code no trained item used, or a collision level that is
   *     full for that code tuple
   */
  public ItemSemanticIds withNewItems(List<String> newItemIds, int[][] newCodes) {
    if (itemIds == null) throw new IllegalStateException("semantic IDs made in memory have no item ids to extend");
    if (newItemIds.size() != newCodes.length) {
      throw new IllegalArgumentException(newItemIds.size() + " new item ids for " + newCodes.length + " code rows");
    }
    int contentLevels = levels() - 1;
    for (int i = 0; i < newCodes.length; i++) {
      if (newCodes[i].length != contentLevels) {
        throw new IllegalArgumentException("new item '" + newItemIds.get(i) + "' has " + newCodes[i].length
            + " codes; the model's IDs have " + contentLevels + " + the collision level");
      }
      for (int level = 0; level < contentLevels; level++) {
        if (newCodes[i][level] >= radices[level]) {
          throw new IllegalArgumentException("new item '" + newItemIds.get(i) + "' gets code " + newCodes[i][level]
              + " at level " + (level + 1) + ", but the model has tokens for codes 0.." + (radices[level] - 1)
              + " there (no item it was trained with used that code); it cannot be recommended without retraining");
        }
      }
    }
    CollisionResolver.Result extended = CollisionResolver.extend(codes, newCodes);
    int[][] table = extended.codes();
    int collision = radices[contentLevels];
    for (int i = 0; i < newCodes.length; i++) {
      int[] row = table[numItems() + 1 + i];
      if (row[contentLevels] >= collision) {
        throw new IllegalArgumentException("new item '" + newItemIds.get(i) + "': the collision level is full for"
            + " the code prefix " + Arrays.toString(newCodes[i]) + " (the model has " + collision
            + " collision codes and items with that prefix hold them all); it cannot get a unique semantic ID"
            + " without retraining");
      }
    }
    List<String> ids = new java.util.ArrayList<>(itemIds);
    ids.addAll(newItemIds);
    if (new java.util.HashSet<>(ids).size() != ids.size()) {
      throw new IllegalArgumentException("new item ids repeat an item id of the catalog or each other");
    }
    return new ItemSemanticIds(ids, table, radices, description + " + " + newItemIds.size() + " new items");
  }

  /** Per level, one more than the largest code any item of {@code ids} has. */
  private static int[] usedSizes(SemanticIds ids) {
    int[] sizes = filled(ids.levels(), 1);
    for (String item : ids.itemIds()) {
      int[] codes = ids.get(item).orElseThrow();
      for (int level = 0; level < sizes.length; level++) sizes[level] = Math.max(sizes[level], codes[level] + 1);
    }
    return sizes;
  }

  /** The layout's codebook sizes, checked against the codes they are meant to hold. */
  private static int[] checkedSizes(SemanticIdLayout layout, int[][] codes, Path path) {
    int[] sizes = layout.sizes();
    Path file = SemanticIdLayout.fileOf(path);
    if (sizes.length != codes[1].length) {
      throw new IllegalArgumentException(file + ": " + sizes.length + " codebook sizes, but " + path + " has "
          + codes[1].length + " levels");
    }
    for (int item = 1; item < codes.length; item++) {
      for (int level = 0; level < sizes.length; level++) {
        if (codes[item][level] >= sizes[level]) {
          throw new IllegalArgumentException(file + ": level " + (level + 1) + " has " + sizes[level]
              + " codes, but " + path + " gives an item code " + codes[item][level]);
        }
      }
    }
    return sizes;
  }

  /**
   * Writes these IDs as {@code semantic_ids.tsv} (by original item id) with their codebook sizes
   * beside it ({@link SemanticIdLayout}): {@link #load} of that file gives back exactly these IDs and
   * sizes, whatever happens to the source they came from.
   */
  public void save(Path tsv) throws IOException {
    if (itemIds == null) throw new IllegalStateException("semantic IDs made in memory have no item ids to save");
    SemanticIdFile.writeTsv(tsv, SemanticIds.of(itemIds, codes));
    new SemanticIdLayout(Arrays.stream(radices).boxed().toList(), numItems(), description)
        .write(SemanticIdLayout.fileOf(tsv));
  }

  private static SemanticIds read(Path path, SemanticIdSource.Format format) throws IOException {
    String file = path.getFileName().toString();
    SemanticIdSource.Format f = format;
    if (f == SemanticIdSource.Format.AUTO) {
      if (file.endsWith(".tsv")) f = SemanticIdSource.Format.TSV;
      else if (file.startsWith("index") && file.endsWith(".json")) f = SemanticIdSource.Format.TIGER;
      else if (file.endsWith(".json")) f = SemanticIdSource.Format.LETTER;
      else throw new IllegalArgumentException(path + ": cannot tell the semantic ID format; set semantic_ids.format");
    }
    return switch (f) {
      case TSV -> SemanticIdFile.readTsv(path);
      case TIGER -> SemanticIdFile.readTiger(path);
      case LETTER -> SemanticIdFile.readLetter(path);
      case AUTO -> throw new IllegalStateException("unreachable");
    };
  }

  private static float[][] embeddings(SemanticIdSource source, IdMap items) throws IOException {
    Path path = Path.of(source.embeddings());
    if (source.embeddingRows() == SemanticIdSource.EmbeddingRows.DENSE) {
      return ItemEmbeddings.load(path, items.originals());
    }
    checkOriginalIdRows(path);
    float[][] byOriginal = io.genrec.data.Npy.read(path).toMatrix();
    float[][] table = new float[items.size() + 1][];
    table[0] = new float[byOriginal[0].length];
    for (int dense = 1; dense <= items.size(); dense++) {
      String original = items.original(dense);
      int row;
      try {
        row = Integer.parseInt(original);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(path + ": embedding_rows = original_id needs integer item ids, got '"
            + original + "'", e);
      }
      if (row < 0 || row >= byOriginal.length) {
        throw new IllegalArgumentException(path + ": no row " + row + " for item '" + original + "' ("
            + byOriginal.length + " rows)");
      }
      table[dense] = byOriginal[row];
    }
    return table;
  }

  /**
   * A table with a sidecar ({@code genrec embed} output) lists the items of its first rows; read by
   * original id, row r must then be the item whose id is r.
   */
  private static void checkOriginalIdRows(Path path) throws IOException {
    Optional<EmbeddingSidecar> sidecar = EmbeddingSidecar.besides(path);
    if (sidecar.isEmpty() || sidecar.get().firstItemIds() == null) return;
    List<String> first = sidecar.get().firstItemIds();
    for (int i = 0; i < first.size(); i++) {
      if (!first.get(i).trim().equals(Integer.toString(i + 1))) {
        throw new IllegalArgumentException(path + ": rows follow " + sidecar.get().itemOrder() + " (row " + (i + 1)
            + " is item '" + first.get(i) + "', per " + EmbeddingSidecar.fileOf(path).getFileName()
            + "), but model.semantic_ids.embedding_rows = original_id reads row r as the item whose id is r;"
            + " set model.semantic_ids.embedding_rows to dense");
      }
    }
  }

  private static boolean hasCollisions(int[][] codes) {
    int[][] rows = Arrays.copyOfRange(codes, 1, codes.length);
    Arrays.sort(rows, Arrays::compare);
    for (int i = 1; i < rows.length; i++) {
      if (Arrays.equals(rows[i], rows[i - 1])) return true;
    }
    return false;
  }

  /** Number of levels, the collision level included. */
  public int levels() {
    return radices.length;
  }

  /** Codebook size of every level. */
  public int[] radices() {
    return radices.clone();
  }

  /** Codes of dense item {@code item} (1-based). */
  public int[] codes(int item) {
    return codes[item].clone();
  }

  /** {@code [numItems + 1][levels]}, row 0 zeros; shared, do not modify. */
  public int[][] table() {
    return codes;
  }

  public int numItems() {
    return codes.length - 1;
  }

  public SemanticIdTrie trie() {
    return trie;
  }

  @Override
  public String toString() {
    return description;
  }

  /** For tests: IDs straight from a code table. */
  public static ItemSemanticIds of(int[][] codes) {
    return new ItemSemanticIds(codes, 1, "in memory");
  }
}
