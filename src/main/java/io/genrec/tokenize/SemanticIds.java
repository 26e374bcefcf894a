package io.genrec.tokenize;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Semantic IDs keyed by original item id (as in the interaction files), in the order they were
 * read. Every item has the same number of levels.
 */
public final class SemanticIds {
  private final Map<String, int[]> byItem;
  private final int levels;
  private final Path source;

  /**
   * @param source the file the IDs came from, for error messages; null when made in memory
   */
  public SemanticIds(Map<String, int[]> byItem, Path source) {
    this.source = source;
    LinkedHashMap<String, int[]> copy = new LinkedHashMap<>(byItem.size() * 2);
    int width = -1;
    for (Map.Entry<String, int[]> entry : byItem.entrySet()) {
      int[] codes = entry.getValue();
      if (width < 0) width = codes.length;
      if (codes.length != width || codes.length == 0) {
        throw new IllegalArgumentException(
            where() + "item '" + entry.getKey() + "' has " + codes.length + " codes, others " + width);
      }
      copy.put(entry.getKey(), codes.clone());
    }
    this.byItem = Collections.unmodifiableMap(copy);
    this.levels = Math.max(width, 0);
  }

  /** Pairs {@code itemIds.get(i)} with {@code codes[i + 1]} (row 0 of {@code codes} is padding). */
  public static SemanticIds of(List<String> itemIds, int[][] codes) {
    if (codes.length != itemIds.size() + 1) {
      throw new IllegalArgumentException(
          itemIds.size() + " item ids need " + (itemIds.size() + 1) + " code rows (row 0 padding), got " + codes.length);
    }
    LinkedHashMap<String, int[]> map = new LinkedHashMap<>(itemIds.size() * 2);
    for (int i = 0; i < itemIds.size(); i++) {
      if (map.put(itemIds.get(i), codes[i + 1]) != null) {
        throw new IllegalArgumentException("duplicate item id '" + itemIds.get(i) + "'");
      }
    }
    return new SemanticIds(map, null);
  }

  public int size() {
    return byItem.size();
  }

  public int levels() {
    return levels;
  }

  public Optional<Path> source() {
    return Optional.ofNullable(source);
  }

  public Optional<int[]> get(String itemId) {
    int[] codes = byItem.get(itemId);
    return codes == null ? Optional.empty() : Optional.of(codes.clone());
  }

  /** Item ids in the order read. */
  public List<String> itemIds() {
    return List.copyOf(byItem.keySet());
  }

  /**
   * Codes as a table in the dataset's item order: row {@code i} holds the codes of
   * {@code itemOrder.get(i - 1)}, row 0 is zeros.
   *
   * @throws IllegalArgumentException naming the first missing items and their count
   */
  public int[][] inItemOrder(List<String> itemOrder) {
    int[][] table = new int[itemOrder.size() + 1][levels];
    List<String> missing = new ArrayList<>();
    for (int i = 0; i < itemOrder.size(); i++) {
      int[] codes = byItem.get(itemOrder.get(i));
      if (codes == null) missing.add(itemOrder.get(i));
      else table[i + 1] = codes.clone();
    }
    if (!missing.isEmpty()) {
      throw new IllegalArgumentException(
          where() + missing.size() + " of " + itemOrder.size() + " items have no semantic ID, e.g. "
              + String.join(", ", missing.subList(0, Math.min(5, missing.size()))));
    }
    return table;
  }

  private String where() {
    return source == null ? "" : source + ": ";
  }
}
