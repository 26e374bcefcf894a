package io.genrec.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

/**
 * Original string id ↔ dense index. Indices run 1..{@link #size()}; 0 is {@link #PADDING} and never
 * names an id, so a dense index can address an embedding table whose row 0 is padding (such a
 * table needs {@code size() + 1} rows). Immutable; build one with {@link Builder}.
 */
public final class IdMap {
  /** The index reserved for padding; {@link #original(int)} rejects it. */
  public static final int PADDING = 0;

  static final String HEADER = "index\toriginal";

  private final List<String> originals; // originals.get(i) has index i + 1
  private final Map<String, Integer> indices;

  private IdMap(List<String> originals, Map<String, Integer> indices) {
    this.originals = Collections.unmodifiableList(originals);
    this.indices = indices;
  }

  /** A map giving {@code originals.get(i)} the index {@code i + 1}; duplicates are rejected. */
  public static IdMap of(List<String> originals) {
    Builder builder = builder();
    for (String original : originals) {
      int before = builder.size();
      if (builder.add(original) <= before) {
        throw new IllegalArgumentException("duplicate original id '" + original + "'");
      }
    }
    return builder.build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Number of ids, not counting padding. */
  public int size() {
    return originals.size();
  }

  public boolean contains(String original) {
    return indices.containsKey(original);
  }

  /** The dense index of {@code original}; unknown ids fail rather than alias padding. */
  public int index(String original) {
    Integer index = indices.get(original);
    if (index == null) {
      throw new NoSuchElementException("unknown id '" + original + "' (" + size() + " ids known)");
    }
    return index;
  }

  public String original(int index) {
    if (index < 1 || index > originals.size()) {
      throw new IndexOutOfBoundsException(
          "index " + index + " outside 1.." + originals.size() + " (0 is padding)");
    }
    return originals.get(index - 1);
  }

  /** Originals in index order: element {@code i} has index {@code i + 1}. */
  public List<String> originals() {
    return originals;
  }

  /**
   * The same ids re-indexed in ascending numeric order (ties between spellings such as "7" and
   * "07" fall back to the string).
   *
   * @throws IllegalArgumentException when an id is not an integer
   */
  public IdMap sortedNumerically() {
    int n = originals.size();
    BigInteger[] values = new BigInteger[n];
    for (int i = 0; i < n; i++) {
      String id = originals.get(i);
      try {
        values[i] = new BigInteger(id.trim());
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(
            "numeric id order needs integer ids, found '" + id + "'", e);
      }
    }
    Integer[] order = new Integer[n];
    Arrays.setAll(order, i -> i);
    Arrays.sort(
        order,
        Comparator.<Integer, BigInteger>comparing(i -> values[i])
            .thenComparing(i -> originals.get(i)));
    List<String> sorted = new ArrayList<>(n);
    for (Integer i : order) sorted.add(originals.get(i));
    return of(sorted);
  }

  /**
   * Writes {@code index\toriginal} lines under that header, atomically so a crash never leaves a
   * half-written map next to a model trained with it.
   */
  public void save(Path file) throws IOException {
    for (String original : originals) {
      if (original.indexOf('\t') >= 0 || original.indexOf('\n') >= 0 || original.indexOf('\r') >= 0) {
        throw new IllegalArgumentException(
            "id '" + original + "' holds a tab or line break and cannot be saved as TSV");
      }
    }
    AtomicFile.write(
        file,
        out -> {
          Writer writer = new OutputStreamWriter(out, StandardCharsets.UTF_8);
          writer.write(HEADER);
          writer.write('\n');
          for (int i = 0; i < originals.size(); i++) {
            writer.write(Integer.toString(i + 1));
            writer.write('\t');
            writer.write(originals.get(i));
            writer.write('\n');
          }
          writer.flush();
        });
  }

  /** Reads what {@link #save} wrote; the header is optional, indices must run 1, 2, 3, ... */
  public static IdMap load(Path file) throws IOException {
    Builder builder = builder();
    try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      long lineNumber = 0;
      String line;
      while ((line = reader.readLine()) != null) {
        lineNumber++;
        if (lineNumber == 1 && line.equals(HEADER)) continue;
        if (line.isEmpty()) continue;
        int tab = line.indexOf('\t');
        if (tab < 0 || line.indexOf('\t', tab + 1) >= 0) {
          throw new DataFormatException(
              file, lineNumber, "'" + line + "'", "two tab-separated columns index, original");
        }
        int expected = builder.size() + 1;
        String index = line.substring(0, tab);
        if (!index.equals(Integer.toString(expected))) {
          throw new DataFormatException(file, lineNumber, "index '" + index + "'", "index " + expected);
        }
        String original = line.substring(tab + 1);
        if (builder.add(original) != expected) {
          throw new DataFormatException(
              file, lineNumber, "original id '" + original + "' a second time", "each id once");
        }
      }
    }
    return builder.build();
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof IdMap map && originals.equals(map.originals);
  }

  @Override
  public int hashCode() {
    return originals.hashCode();
  }

  @Override
  public String toString() {
    return "IdMap[" + size() + " ids]";
  }

  /** Assigns indices in first-seen order. Single use: {@link #build()} hands over its storage. */
  public static final class Builder {
    private ArrayList<String> originals = new ArrayList<>();
    private HashMap<String, Integer> indices = new HashMap<>();

    private Builder() {}

    /** The index of {@code original}, assigning the next free one when it is new. */
    public int add(String original) {
      if (indices == null) throw new IllegalStateException("IdMap.Builder already built");
      Integer known = indices.get(original);
      if (known != null) return known;
      originals.add(original);
      int index = originals.size();
      indices.put(original, index);
      return index;
    }

    public int size() {
      return originals.size();
    }

    public IdMap build() {
      if (indices == null) throw new IllegalStateException("IdMap.Builder already built");
      IdMap map = new IdMap(originals, Collections.unmodifiableMap(indices));
      originals = null;
      indices = null;
      return map;
    }
  }
}
