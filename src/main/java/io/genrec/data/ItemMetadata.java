package io.genrec.data;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Item side information (title, brand, categories, price; from Amazon 2023 also features,
 * description, details) keyed by original item id. Read from a TSV with a header, JSON (an object
 * keyed by item id, or an array of objects with an {@code id} / {@code item_id} field), or the
 * Amazon Reviews 2023 metadata JSONL.
 */
public final class ItemMetadata {
  private final Path source;
  private final List<ItemRecord> records;
  private final Map<String, ItemRecord> byId;
  /** TSV only: the line each item's row starts on, so a check over items can name the line. */
  private final Map<String, Long> lineOfId;

  ItemMetadata(Path source, List<ItemRecord> records) {
    this(source, records, Map.of());
  }

  private ItemMetadata(Path source, List<ItemRecord> records, Map<String, Long> lineOfId) {
    this.source = source;
    this.lineOfId = Map.copyOf(lineOfId);
    this.records = List.copyOf(records);
    Map<String, ItemRecord> index = new HashMap<>(records.size() * 2);
    for (ItemRecord record : records) index.put(record.id(), record);
    this.byId = Collections.unmodifiableMap(index);
  }

  /**
   * Chooses JSON for {@code .json} files, Amazon Reviews 2023 metadata for {@code .jsonl} and
   * {@code .jsonl.gz}, the pandas export of it beside the All_Beauty benchmark for {@code .csv}
   * ({@link Amazon2023MetaSubsetReader}), and quoted TSV otherwise.
   */
  public static ItemMetadata load(Path file) throws IOException {
    String name = file.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
    if (name.endsWith(".jsonl") || name.endsWith(".jsonl.gz")) return loadAmazon2023(file);
    if (name.endsWith(".csv")) return new ItemMetadata(file, Amazon2023MetaSubsetReader.read(file));
    return name.endsWith(".json") ? loadJson(file) : loadTsv(file);
  }

  /** Amazon Reviews 2023 {@code meta_*.jsonl} (plain or gzip), keyed by {@code parent_asin}. */
  public static ItemMetadata loadAmazon2023(Path file) throws IOException {
    return new ItemMetadata(file, Amazon2023MetadataReader.read(file));
  }

  /**
   * Tab-separated with a header whose first column is the item id. Columns named {@code title},
   * {@code brand}, {@code categories} (or {@code category}) and {@code price} are read (a RecBole
   * {@code :type} suffix is ignored, case too); missing ones leave the field empty. Fields may be
   * quoted CSV-style, which is how tabs and newlines inside titles survive.
   */
  public static ItemMetadata loadTsv(Path file) throws IOException {
    return loadTsv(file, null);
  }

  /** As {@link #loadTsv(Path)}, keyed by the named column (e.g. {@code asin}) instead of the first. */
  public static ItemMetadata loadTsv(Path file, String idColumn) throws IOException {
    Map<String, Long> lines = new HashMap<>();
    List<ItemRecord> records = ItemTsvReader.read(file, idColumn, lines);
    return new ItemMetadata(file, records, lines);
  }

  public static ItemMetadata loadJson(Path file) throws IOException {
    return new ItemMetadata(file, ItemJsonReader.read(file));
  }

  public int size() {
    return records.size();
  }

  /** The record of an original item id (as in the interaction file, e.g. an S3-Rec id or ASIN). */
  public Optional<ItemRecord> get(String originalId) {
    return Optional.ofNullable(byId.get(originalId));
  }

  /** All records in file order. */
  public List<ItemRecord> records() {
    return records;
  }

  /** The line of {@link #source} where the item's row starts; empty for formats read without lines (JSON). */
  public OptionalLong line(String originalId) {
    Long line = lineOfId.get(originalId);
    return line == null ? OptionalLong.empty() : OptionalLong.of(line);
  }

  public Path source() {
    return source;
  }
}
