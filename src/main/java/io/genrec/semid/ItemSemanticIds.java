package io.genrec.semid;

import io.genrec.data.IdMap;
import io.genrec.embed.EmbeddingFile;
import io.genrec.tokenize.CollisionResolver;
import io.genrec.tokenize.ResidualKMeans;
import io.genrec.tokenize.SemanticIdFile;
import io.genrec.tokenize.SemanticIdTrie;
import io.genrec.tokenize.SemanticIds;
import io.genrec.tokenize.Tokenizer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Arrays;
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

  /**
   * @param codes {@code [numItems + 1][levels]}, row 0 unused; rows need not be unique
   * @param minRadix smallest codebook size to assume per level (e.g. the tokenizer's), so the token
   *     layout does not depend on which codes happen to be used
   */
  public ItemSemanticIds(int[][] codes, int minRadix, String description) {
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
      radices[level] = collisionLevel ? max + 1 : Math.max(max + 1, minRadix);
    }
    this.codes = unique;
    this.trie = new SemanticIdTrie(unique, radices);
    this.description = description + " " + Arrays.toString(radices);
  }

  /** Loads or fits the IDs a config names, for the items of {@code items}. */
  public static ItemSemanticIds load(SemanticIdSource source, IdMap items, long seed) {
    try {
      if (source.source() == SemanticIdSource.Source.FILE) {
        Path path = Path.of(source.path());
        SemanticIds ids = read(path, source.format());
        int[][] codes = ids.inItemOrder(items.originals());
        return new ItemSemanticIds(codes, 1, "file " + path);
      }
      float[][] embeddings = embeddings(source, items);
      Tokenizer tokenizer = new ResidualKMeans(new ResidualKMeans.Config(source.levels(),
          source.codebookSize(), source.balanced(), ResidualKMeans.Config.defaults().maxIterations(),
          ResidualKMeans.Config.defaults().threads()));
      long start = System.nanoTime();
      tokenizer.fit(embeddings, seed);
      LOG.info("rq-kmeans semantic IDs fitted in {} s: {}",
          String.format("%.1f", (System.nanoTime() - start) / 1e9), tokenizer.report().summary());
      return new ItemSemanticIds(tokenizer.codes(), source.codebookSize(),
          "rq-kmeans " + source.levels() + "x" + source.codebookSize() + " on " + source.embeddings());
    } catch (IOException e) {
      throw new UncheckedIOException("semantic IDs: " + e.getMessage(), e);
    }
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
      return EmbeddingFile.load(path, items.size());
    }
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
