package io.genrec.tokenize;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Makes semantic IDs unique the way TIGER does: one extra level numbers the items that share all
 * other codes 0, 1, 2, ... in item order. Items whose code tuple is unique get 0, so the level is
 * always present and every ID has the same length.
 */
public final class CollisionResolver {
  /**
   * @param codes {@code [numItems + 1][levels + 1]}; row 0 zeros
   * @param collidingItems items that got a non-zero extra code
   * @param collidingGroups code tuples shared by two or more items
   * @param largestGroup most items sharing one tuple (1 when all are unique); the extra level
   *     needs this many codes
   */
  public record Result(int[][] codes, int collidingItems, int collidingGroups, int largestGroup) {
    /** Codes the extra level uses: {@code largestGroup}. */
    public int extraLevelSize() {
      return largestGroup;
    }
  }

  private CollisionResolver() {}

  /** @param codes {@code [numItems + 1][levels]}; row 0 ignored */
  public static Result resolve(int[][] codes) {
    int n = codes.length - 1;
    if (n < 1) throw new IllegalArgumentException("no items to resolve");
    int levels = codes[1].length;
    Integer[] order = new Integer[n];
    for (int i = 0; i < n; i++) order[i] = i + 1;
    // Stable sort keeps item order inside a group, so numbering follows item order.
    Arrays.sort(order, (a, b) -> Arrays.compare(codes[a], codes[b]));
    int[][] out = new int[n + 1][levels + 1];
    int collidingItems = 0;
    int groups = 0;
    int largest = 1;
    int start = 0;
    while (start < n) {
      int end = start + 1;
      while (end < n && Arrays.equals(codes[order[start]], codes[order[end]])) end++;
      int size = end - start;
      if (size > 1) {
        groups++;
        collidingItems += size - 1;
        largest = Math.max(largest, size);
      }
      for (int g = 0; g < size; g++) {
        int item = order[start + g];
        if (codes[item].length != levels) {
          throw new IllegalArgumentException("item " + item + " has " + codes[item].length + " codes, item 1 has " + levels);
        }
        System.arraycopy(codes[item], 0, out[item], 0, levels);
        out[item][levels] = g;
      }
      start = end;
    }
    return new Result(out, collidingItems, groups, largest);
  }

  /**
   * Appends new items to resolved IDs without renumbering any existing one, so a trained model's
   * old items keep their IDs: each new item takes the smallest value of the extra level that no
   * item of its code tuple holds. That is the next value after the group's for IDs from
   * {@link #resolve}; IDs with gaps (items dropped after resolving, e.g. held out of a run) get
   * the gaps filled first, so the extra level grows as little as it can. {@code largestGroup} is
   * then the number of codes the extra level needs (its largest value + 1).
   *
   * @param resolved {@code [numItems + 1][levels + 1]} from {@link #resolve}; row 0 ignored
   * @param newCodes {@code [newItems][levels]}: the new items' codes, in the order they become
   *     items {@code numItems + 1, ...}
   */
  public static Result extend(int[][] resolved, int[][] newCodes) {
    int n = resolved.length - 1;
    if (n < 1) throw new IllegalArgumentException("no existing items to extend");
    int levels = resolved[1].length - 1;
    Map<List<Integer>, java.util.BitSet> taken = new HashMap<>();
    for (int item = 1; item <= n; item++) {
      if (resolved[item].length != levels + 1) {
        throw new IllegalArgumentException("item " + item + " has " + resolved[item].length + " codes, item 1 has " + (levels + 1));
      }
      taken.computeIfAbsent(tuple(resolved[item], levels), k -> new java.util.BitSet()).set(resolved[item][levels]);
    }
    int[][] out = Arrays.copyOf(resolved, n + 1 + newCodes.length);
    for (int i = 0; i < newCodes.length; i++) {
      if (newCodes[i].length != levels) {
        throw new IllegalArgumentException("new item " + (i + 1) + " has " + newCodes[i].length + " codes, existing IDs have " + levels + " + collision level");
      }
      java.util.BitSet group = taken.computeIfAbsent(tuple(newCodes[i], levels), k -> new java.util.BitSet());
      int collision = group.nextClearBit(0);
      group.set(collision);
      int[] row = Arrays.copyOf(newCodes[i], levels + 1);
      row[levels] = collision;
      out[n + 1 + i] = row;
    }
    int collidingItems = 0;
    int groups = 0;
    int largest = 1;
    for (java.util.BitSet group : taken.values()) {
      int size = group.cardinality();
      if (size > 1) {
        groups++;
        collidingItems += size - 1;
      }
      largest = Math.max(largest, group.length());
    }
    return new Result(out, collidingItems, groups, largest);
  }

  private static List<Integer> tuple(int[] codes, int levels) {
    return Arrays.stream(codes, 0, levels).boxed().toList();
  }
}
