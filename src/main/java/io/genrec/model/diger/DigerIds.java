package io.genrec.model.diger;

import io.genrec.data.AtomicFile;
import io.genrec.data.DataFormatException;
import io.genrec.semid.SemanticIdTokens;
import io.genrec.tokenize.SemanticIdTrie;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every item's semantic ID at one point of a DIGER fit: the tokenizer's noise-free codes (the
 * prefix) and a collision level of fixed size numbering, in item order, the items that share a
 * prefix, so every ID is unique and the token layout never changes while the IDs do.
 */
final class DigerIds {
  private final int[][] table;
  private final int[] radices;
  private final int largestGroup;

  private DigerIds(int[][] table, int[] radices, int largestGroup) {
    this.table = table;
    this.radices = radices;
    this.largestGroup = largestGroup;
  }

  /**
   * @param prefixes {@code [numItems + 1][levels]} tokenizer codes, row 0 ignored
   * @param codebookSize codes per tokenizer level
   * @param collisionCodes size of the collision level
   * @throws IllegalStateException naming the prefix and its item count when more items share a
   *     prefix than the collision level can number
   */
  static DigerIds of(int[][] prefixes, int codebookSize, int collisionCodes) {
    int levels = prefixes[1].length;
    int[][] table = new int[prefixes.length][levels + 1];
    Map<List<Integer>, Integer> seen = new HashMap<>();
    int largest = 0;
    List<Integer> largestPrefix = null;
    for (int item = 1; item < prefixes.length; item++) {
      int[] codes = prefixes[item];
      if (codes.length != levels) {
        throw new IllegalArgumentException("item " + item + " has " + codes.length + " codes, item 1 has " + levels);
      }
      Integer[] boxed = new Integer[levels];
      for (int level = 0; level < levels; level++) {
        if (codes[level] < 0 || codes[level] >= codebookSize) {
          throw new IllegalArgumentException("item " + item + " has code " + codes[level] + " at level " + level
              + ", outside the codebook of " + codebookSize);
        }
        boxed[level] = codes[level];
      }
      List<Integer> key = List.of(boxed);
      int rank = seen.merge(key, 1, Integer::sum) - 1;
      if (rank + 1 > largest) {
        largest = rank + 1;
        largestPrefix = key;
      }
      System.arraycopy(codes, 0, table[item], 0, levels);
      table[item][levels] = rank;
    }
    if (largest > collisionCodes) {
      throw new IllegalStateException(largest + " items share the semantic-ID prefix " + largestPrefix
          + ", more than the collision level numbers (model.collision_codes = " + collisionCodes
          + "): the codebooks have collapsed onto few codes, or collision_codes is too small");
    }
    int[] radices = new int[levels + 1];
    Arrays.fill(radices, 0, levels, codebookSize);
    radices[levels] = collisionCodes;
    return new DigerIds(table, radices, largest);
  }

  /** {@code [numItems + 1][levels + 1]}: the prefix codes, then the collision code; row 0 zeros. */
  int[][] table() {
    return table;
  }

  int numItems() {
    return table.length - 1;
  }

  /** The tokenizer's levels (without the collision level). */
  int prefixLevels() {
    return radices.length - 1;
  }

  /** Codebook size of every level, the collision level last. */
  int[] radices() {
    return radices.clone();
  }

  int largestGroup() {
    return largestGroup;
  }

  SemanticIdTrie trie() {
    return new SemanticIdTrie(table, radices);
  }

  /** {@code [numItems + 1][levels + 1]} tokens of every item's ID in {@code tokens}' vocabulary; row 0 padding. */
  int[][] tokens(SemanticIdTokens tokens) {
    int[][] out = new int[table.length][radices.length];
    for (int item = 1; item < table.length; item++) {
      for (int level = 0; level < radices.length; level++) out[item][level] = tokens.code(level, table[item][level]);
    }
    return out;
  }

  /** The prefix codes of every item, {@code [numItems + 1][levels]}. */
  int[][] prefixes() {
    int[][] out = new int[table.length][];
    for (int item = 0; item < table.length; item++) out[item] = Arrays.copyOf(table[item], prefixLevels());
    return out;
  }

  /** Items whose full ID differs from {@code other}'s (same catalog). */
  int changedSince(DigerIds other) {
    int changed = 0;
    for (int item = 1; item < table.length; item++) {
      if (!Arrays.equals(table[item], other.table[item])) changed++;
    }
    return changed;
  }

  /**
   * What the logs say about these IDs: per level the fraction of the K codes used and the perplexity
   * of code usage; distinct prefixes; collision rate (share of items not alone under their prefix's
   * first item, i.e. 1 − distinct/items); the largest group.
   */
  Map<String, Double> stats() {
    Map<String, Double> out = new LinkedHashMap<>();
    int n = numItems();
    for (int level = 0; level < prefixLevels(); level++) {
      int[] counts = new int[radices[level]];
      for (int item = 1; item <= n; item++) counts[table[item][level]]++;
      int used = 0;
      double entropy = 0;
      for (int c : counts) {
        if (c == 0) continue;
        used++;
        double p = (double) c / n;
        entropy -= p * Math.log(p);
      }
      out.put("codes_used_" + level, (double) used / radices[level]);
      out.put("perplexity_" + level, Math.exp(entropy));
    }
    java.util.Set<List<Integer>> distinct = new java.util.HashSet<>();
    for (int item = 1; item <= n; item++) {
      Integer[] boxed = new Integer[prefixLevels()];
      for (int level = 0; level < boxed.length; level++) boxed[level] = table[item][level];
      distinct.add(List.of(boxed));
    }
    out.put("distinct_prefixes", (double) distinct.size());
    out.put("collision_rate", 1.0 - (double) distinct.size() / n);
    out.put("largest_group", (double) largestGroup);
    return out;
  }

  /** Writes {@code item<TAB>code<TAB>...} per dense item (collision code last), atomically. */
  void save(Path file) throws IOException {
    StringBuilder text = new StringBuilder("# dense_item\tcodes (" + Arrays.toString(radices) + ")\n");
    for (int item = 1; item < table.length; item++) {
      text.append(item);
      for (int code : table[item]) text.append('\t').append(code);
      text.append('\n');
    }
    AtomicFile.write(file, out -> out.write(text.toString().getBytes(StandardCharsets.UTF_8)));
  }

  /** Reads what {@link #save} wrote, checking it against the catalog and the code sizes. */
  static DigerIds load(Path file, int numItems, int codebookSize, int collisionCodes) throws IOException {
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    int[][] prefixes = new int[numItems + 1][];
    int row = 0;
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      if (line.startsWith("#") || line.isBlank()) continue;
      String[] fields = line.split("\t");
      int item;
      try {
        item = Integer.parseInt(fields[0]);
        if (item != ++row || item > numItems) throw new NumberFormatException("item " + item + " out of order");
        int[] codes = new int[fields.length - 2];
        for (int level = 0; level < codes.length; level++) codes[level] = Integer.parseInt(fields[level + 1]);
        prefixes[item] = codes;
      } catch (NumberFormatException | ArrayIndexOutOfBoundsException e) {
        throw new DataFormatException(file, i + 1, e.getMessage(), "dense item, then its codes, tab-separated");
      }
    }
    if (row != numItems) {
      throw new DataFormatException(file, lines.size(), row + " items", numItems + " items (the run's catalog)");
    }
    prefixes[0] = new int[prefixes[1].length];
    return of(prefixes, codebookSize, collisionCodes);
  }
}
