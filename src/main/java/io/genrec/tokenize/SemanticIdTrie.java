package io.genrec.tokenize;

import java.util.Arrays;

/**
 * The valid prefixes of a set of unique semantic IDs, level by level, as sorted int64 keys: what
 * constrained beam search needs to keep only decodable beams. A prefix {@code (c1, ..., cl)} has
 * the mixed-radix key {@code ((c1 · r2 + c2) · r3 + c3) ...}, with {@code r} the codebook size of
 * each level, so in TensorFlow a beam's key extends by {@code key · r + code} and its validity is a
 * {@code LowerBound} (searchsorted) into {@link #sortedKeys(int)}.
 *
 * <p>Levels are 0-based: {@code sortedKeys(0)} holds the valid first codes, {@code
 * sortedKeys(levels() - 1)} the full IDs, aligned with {@link #itemsInKeyOrder()}.
 */
public final class SemanticIdTrie {
  private final int[] radices;
  private final long[][] keys; // per level, sorted, distinct
  private final int[] items; // item of each full key, aligned with keys[levels - 1]
  private final long[] itemKeys; // full key of item i at i - 1

  /**
   * @param codes {@code [numItems + 1][levels]}, row 0 ignored; full IDs must be unique (see
   *     {@link CollisionResolver})
   * @param radices codebook size of each level; every code must lie in {@code [0, radix)}
   */
  public SemanticIdTrie(int[][] codes, int[] radices) {
    int n = codes.length - 1;
    if (n < 1) throw new IllegalArgumentException("no items");
    int levels = radices.length;
    long capacity = 1;
    for (int level = 0; level < levels; level++) {
      if (radices[level] < 1) throw new IllegalArgumentException("radix of level " + (level + 1) + " is " + radices[level]);
      try {
        capacity = Math.multiplyExact(capacity, radices[level]);
      } catch (ArithmeticException e) {
        throw new IllegalArgumentException(
            "codebook sizes " + Arrays.toString(radices) + " give more IDs than an int64 key can hold", e);
      }
    }
    this.radices = radices.clone();
    long[][] prefixKeys = new long[levels][n];
    for (int i = 1; i <= n; i++) {
      if (codes[i].length != levels) {
        throw new IllegalArgumentException("item " + i + " has " + codes[i].length + " codes, expected " + levels);
      }
      long key = 0;
      for (int level = 0; level < levels; level++) {
        int code = codes[i][level];
        if (code < 0 || code >= radices[level]) {
          throw new IllegalArgumentException(
              "item " + i + " level " + (level + 1) + " code " + code + " outside [0, " + radices[level] + ")");
        }
        key = key * radices[level] + code;
        prefixKeys[level][i - 1] = key;
      }
    }
    keys = new long[levels][];
    for (int level = 0; level < levels - 1; level++) {
      long[] sorted = prefixKeys[level];
      Arrays.sort(sorted);
      keys[level] = distinct(sorted);
    }
    long[] full = prefixKeys[levels - 1];
    long[] order = new long[n];
    Integer[] byKey = new Integer[n];
    for (int i = 0; i < n; i++) byKey[i] = i + 1;
    Arrays.sort(byKey, (a, b) -> Long.compare(full[a - 1], full[b - 1]));
    items = new int[n];
    for (int r = 0; r < n; r++) {
      items[r] = byKey[r];
      order[r] = full[byKey[r] - 1];
      if (r > 0 && order[r] == order[r - 1]) {
        throw new IllegalArgumentException(
            "items " + items[r - 1] + " and " + items[r] + " share the ID " + Arrays.toString(codes[items[r]])
                + "; resolve collisions first (CollisionResolver)");
      }
    }
    keys[levels - 1] = order;
    itemKeys = full;
  }

  private static long[] distinct(long[] sorted) {
    int count = 0;
    for (int i = 0; i < sorted.length; i++) {
      if (i == 0 || sorted[i] != sorted[i - 1]) sorted[count++] = sorted[i];
    }
    return Arrays.copyOf(sorted, count);
  }

  public int levels() {
    return radices.length;
  }

  public int[] radices() {
    return radices.clone();
  }

  /** Number of items (= full IDs). */
  public int size() {
    return items.length;
  }

  /** The key of a prefix of length 1..levels. */
  public long key(int[] prefix) {
    if (prefix.length < 1 || prefix.length > radices.length) {
      throw new IllegalArgumentException("prefix length " + prefix.length + " outside 1.." + radices.length);
    }
    long key = 0;
    for (int level = 0; level < prefix.length; level++) {
      if (prefix[level] < 0 || prefix[level] >= radices[level]) return -1;
      key = key * radices[level] + prefix[level];
    }
    return key;
  }

  /** Sorted distinct keys of the valid prefixes of length {@code level + 1}; a copy. */
  public long[] sortedKeys(int level) {
    return keys[level].clone();
  }

  /** True for the empty prefix and for every prefix of some item's ID. */
  public boolean isValidPrefix(int[] prefix) {
    if (prefix.length == 0) return true;
    if (prefix.length > radices.length) return false;
    long key = key(prefix);
    return key >= 0 && Arrays.binarySearch(keys[prefix.length - 1], key) >= 0;
  }

  /** The codes that extend {@code prefix} to a valid prefix, ascending. */
  public int[] validNextCodes(int[] prefix) {
    if (prefix.length >= radices.length || !isValidPrefix(prefix)) return new int[0];
    int level = prefix.length;
    long base = prefix.length == 0 ? 0 : key(prefix) * radices[level];
    long[] sorted = keys[level];
    int from = lowerBound(sorted, base);
    int to = lowerBound(sorted, base + radices[level]);
    int[] codes = new int[to - from];
    for (int r = from; r < to; r++) codes[r - from] = (int) (sorted[r] - base);
    return codes;
  }

  /** The item with this full ID, or -1. */
  public int item(int[] fullId) {
    if (fullId.length != radices.length) return -1;
    return itemOfKey(key(fullId));
  }

  /** The item with this full key, or -1. */
  public int itemOfKey(long key) {
    int r = key < 0 ? -1 : Arrays.binarySearch(keys[radices.length - 1], key);
    return r >= 0 ? items[r] : -1;
  }

  /** Items aligned with {@code sortedKeys(levels() - 1)}: a gather after searchsorted maps keys to items. */
  public int[] itemsInKeyOrder() {
    return items.clone();
  }

  /** The full key of an item (dense index 1..n). */
  public long fullKey(int item) {
    if (item < 1 || item > itemKeys.length) {
      throw new IllegalArgumentException("no item " + item + " (items are 1.." + itemKeys.length + ")");
    }
    return itemKeys[item - 1];
  }

  private static int lowerBound(long[] sorted, long value) {
    int low = 0;
    int high = sorted.length;
    while (low < high) {
      int mid = (low + high) >>> 1;
      if (sorted[mid] < value) low = mid + 1;
      else high = mid;
    }
    return low;
  }
}
