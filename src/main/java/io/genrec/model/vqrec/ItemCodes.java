package io.genrec.model.vqrec;

import io.genrec.config.ConfigException;
import io.genrec.data.DataFormatException;
import io.genrec.data.RecBoleItems;
import io.genrec.data.IdMap;
import io.genrec.tokenize.FaissIvfPqIndex;
import io.genrec.tokenize.SemanticIdFile;
import io.genrec.tokenize.SemanticIds;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * Every catalog item's D codes as rows of the shared code-embedding table: code c of sub-vector d is
 * row {@code d·(K+1) + c + 1}, so row {@code d·(K+1)} of every sub-vector is free and row 0 (d = 0)
 * is the padding row of the padding item.
 *
 * <p>An item the file gives no code (Scientific's 12 items that occur only in validation or test;
 * the released quantizer never saw them, so neither its faiss index nor the derived TSV codes them) gets the free row {@code d·(K+1)} in every sub-vector: a
 * learned "unknown" code per sub-vector (for d = 0 it is the padding row, which contributes zero).
 * So all code-less items share one vector, learned from the training rows that hold them; it never
 * collides with a real code.
 */
public final class ItemCodes {
  private static final Logger LOG = LogManager.getLogger(ItemCodes.class);
  static final String RELEASED_HEADER = "item_index\tasin\t";
  /** {@code io.genrec.tokenize.Tokenization.REPORT_FILE}. */
  static final String TOKENIZE_REPORT = io.genrec.tokenize.Tokenization.REPORT_FILE;

  private final int[][] rows;
  private final int subvectors;
  private final int codebookSize;
  private final int missing;

  /**
   * @param rows {@code [numItems + 1][D]} table rows (already offset), row 0 = all padding
   * @param missing how many items have no code
   */
  ItemCodes(int[][] rows, int codebookSize, int missing) {
    this.rows = rows;
    this.subvectors = rows[0].length;
    this.codebookSize = codebookSize;
    this.missing = missing;
  }

  /**
   * @param codes raw codes in 0..K-1 per original item id
   * @param items the catalog: dense id i ↔ {@code items.original(i)}
   */
  public static ItemCodes of(Map<String, int[]> codes, int subvectors, int codebookSize, IdMap items, String source) {
    int[][] rows = new int[items.size() + 1][subvectors];
    int missing = 0;
    for (int item = 1; item <= items.size(); item++) {
      int[] raw = codes.get(items.original(item));
      for (int d = 0; d < subvectors; d++) {
        int c = raw == null ? -1 : raw[d];
        if (c >= codebookSize) {
          throw new IllegalArgumentException(source + ": item " + items.original(item) + " has code " + c
              + " in sub-vector " + d + "; model.codebook_size is " + codebookSize + " (codes 0.." + (codebookSize - 1) + ")");
        }
        rows[item][d] = d * (codebookSize + 1) + (c < 0 ? 0 : c + 1);
      }
      if (raw == null || raw[0] < 0) missing++;
    }
    if (missing == items.size()) {
      throw new IllegalArgumentException(source + " gives codes to none of the " + items.size()
          + " catalog items: are its item ids the dataset's original ids?");
    }
    if (missing > 0) {
      LOG.info("{}: {} of {} items have no codes and get the reserved unknown code of every sub-vector", source,
          missing, items.size());
    }
    return new ItemCodes(rows, codebookSize, missing);
  }

  /** Reads {@code source} for the catalog {@code items}. */
  public static ItemCodes read(ItemCodeSource source, int codebookSize, IdMap items) {
    Path path = Path.of(source.path());
    try {
      ItemCodeSource.Format format = source.format() == ItemCodeSource.Format.AUTO ? sniff(path) : source.format();
      Map<String, int[]> codes = switch (format) {
        case RELEASED -> readReleased(path);
        case FAISS -> readFaiss(path, source.trainFile());
        default -> readOurs(path);
      };
      int subvectors = codes.values().iterator().next().length;
      return of(codes, subvectors, codebookSize, items, path.toString());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read item codes " + path + ": " + e.getMessage(), e);
    }
  }

  private static ItemCodeSource.Format sniff(Path path) throws IOException {
    if (FaissIvfPqIndex.looksLikeOne(path)) return ItemCodeSource.Format.FAISS;
    try (BufferedReader r = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
      String first = r.readLine();
      return first != null && first.startsWith(RELEASED_HEADER) ? ItemCodeSource.Format.RELEASED
          : ItemCodeSource.Format.TSV;
    }
  }

  /**
   * Our TSV. Beside a {@code genrec tokenize} output lies its {@code tokenize_report.json}: then the
   * last level is the collision level TIGER needs (it numbers items sharing a code tuple), not a
   * sub-vector code, and is dropped; VQ-Rec lets such items share a vector.
   */
  private static Map<String, int[]> readOurs(Path path) throws IOException {
    SemanticIds ids = SemanticIdFile.readTsv(path);
    Path parent = path.toAbsolutePath().getParent();
    boolean tokenizeOutput = parent != null && Files.isRegularFile(parent.resolve(TOKENIZE_REPORT));
    int keep = tokenizeOutput ? ids.levels() - 1 : ids.levels();
    if (keep < 1) throw new DataFormatException(path, 1, ids.levels() + " levels", "at least one code besides the collision level");
    if (tokenizeOutput) LOG.info("{}: genrec tokenize output, using its first {} levels (dropping the collision level)", path, keep);
    Map<String, int[]> codes = new HashMap<>();
    for (String id : ids.itemIds()) {
      Optional<int[]> c = ids.get(id);
      c.ifPresent(v -> codes.put(id, java.util.Arrays.copyOf(v, keep)));
    }
    return codes;
  }

  /**
   * VQ-Rec's faiss index: stored row r (id r, as faiss numbers rows added without ids) holds the
   * codes of the r-th smallest item index occurring in {@code trainFile}, the items the "strict"
   * index was filled with; every other item has no codes.
   */
  static Map<String, int[]> readFaiss(Path path, String trainFile) throws IOException {
    if (trainFile.isBlank()) {
      throw new ConfigException("model.codes.train_file: is required to read the faiss index " + path
          + " (the .train.inter file it was filled from: its row r is the r-th smallest item index there)");
    }
    Path train = Path.of(trainFile);
    FaissIvfPqIndex index = FaissIvfPqIndex.read(path);
    String[] items = sortedIndices(train);
    if (items.length != index.size()) {
      throw new DataFormatException(path, 0, index.size() + " stored codes", "one per item occurring in " + train
          + " (" + items.length + "): is it the index of that dataset?");
    }
    Map<String, int[]> codes = new HashMap<>();
    for (int i = 0; i < index.size(); i++) {
      long id = index.id(i);
      if (id < 0 || id >= items.length) {
        throw new DataFormatException(path, 0, "stored id " + id, "ids 0.." + (items.length - 1) + " (rows added in order)");
      }
      if (codes.put(items[(int) id], index.codes(i)) != null) {
        throw new DataFormatException(path, 0, "stored id " + id + " twice", "each row once");
      }
    }
    return codes;
  }

  /** The distinct item tokens of a RecBole file, ascending by their integer value (tokens kept as written). */
  private static String[] sortedIndices(Path train) throws IOException {
    Map<String, Long> values = new HashMap<>();
    for (String token : RecBoleItems.occurring(train)) {
      try {
        values.put(token, Long.parseLong(token));
      } catch (NumberFormatException e) {
        throw new DataFormatException(train, 0, "item id '" + token + "'",
            "integer item indices (a faiss index's rows follow them in ascending order)", e);
      }
    }
    return values.keySet().stream().sorted(java.util.Comparator.comparingLong(values::get)).toArray(String[]::new);
  }

  /** {@code item_index  asin  c0 .. c(D-1)}, -1 in every column for an item without codes. */
  static Map<String, int[]> readReleased(Path path) throws IOException {
    Map<String, int[]> codes = new HashMap<>();
    try (BufferedReader r = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
      String header = r.readLine();
      if (header == null || !header.startsWith(RELEASED_HEADER)) {
        throw new DataFormatException(path, 1, "'" + header + "'", "the header item_index<TAB>asin<TAB>c0...");
      }
      int columns = header.split("\t").length;
      String line;
      long number = 1;
      while ((line = r.readLine()) != null) {
        number++;
        if (line.isBlank()) continue;
        String[] f = line.split("\t");
        if (f.length != columns) {
          throw new DataFormatException(path, number, f.length + " columns", columns + " like the header");
        }
        int[] c = new int[columns - 2];
        try {
          for (int d = 0; d < c.length; d++) c[d] = Integer.parseInt(f[d + 2]);
        } catch (NumberFormatException e) {
          throw new DataFormatException(path, number, "'" + line + "'", "integer codes", e);
        }
        if (c[0] >= 0) codes.put(f[0], c);
      }
    }
    if (codes.isEmpty()) throw new DataFormatException(path, 0, "no item with codes", "at least one");
    return codes;
  }

  /**
   * These items with new ones appended (dense ids after the catalog's, in the order given), by their
   * codes: VQ-Rec scores an item from its codes alone, so items a trained model never saw need
   * nothing else.
   *
   * @param codes {@code [newItems][subvectors()]} codes in 0..K-1, e.g. from the quantizer the
   *     catalog's codes came from
   */
  public ItemCodes withNewItems(int[][] codes) {
    int[][] grown = java.util.Arrays.copyOf(rows, rows.length + codes.length);
    for (int i = 0; i < codes.length; i++) {
      if (codes[i].length != subvectors) {
        throw new IllegalArgumentException("new item " + (i + 1) + " has " + codes[i].length + " codes, the catalog "
            + subvectors);
      }
      int[] row = new int[subvectors];
      for (int d = 0; d < subvectors; d++) {
        int c = codes[i][d];
        if (c < 0 || c >= codebookSize) {
          throw new IllegalArgumentException("new item " + (i + 1) + " has code " + c + " in sub-vector " + d
              + "; the model has codes 0.." + (codebookSize - 1));
        }
        row[d] = d * (codebookSize + 1) + c + 1;
      }
      grown[rows.length + i] = row;
    }
    return new ItemCodes(grown, codebookSize, missing);
  }

  /** {@code [numItems + 1][D]} table rows, row 0 padding; shared, do not modify. */
  public int[][] rows() {
    return rows;
  }

  public int subvectors() {
    return subvectors;
  }

  public int codebookSize() {
    return codebookSize;
  }

  /** Rows of the code-embedding table: D·(K+1). */
  public int tableRows() {
    return subvectors * (codebookSize + 1);
  }

  public int missing() {
    return missing;
  }

  public int numItems() {
    return rows.length - 1;
  }
}
