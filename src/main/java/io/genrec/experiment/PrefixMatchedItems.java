package io.genrec.experiment;

import io.genrec.tokenize.SemanticIds;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * TIGER's way to reach new items (Rajput et al. 2023, §4.3): a model trained before they existed
 * never generates their full ID, so each item it does generate brings in the new items whose ID
 * starts with the same {@code levels} codes (the paper: all but the collision level), placed right
 * after it in the ranking. A quota ({@link io.genrec.eval.NewItemQuota}) then says how many may stay.
 */
final class PrefixMatchedItems {
  private final SemanticIds ids;
  private final int levels;
  private final Map<String, List<String>> newByPrefix = new HashMap<>();

  /**
   * @param ids every item's semantic ID, new items included (the grown model's assets.extra)
   * @param newItems the items added after training
   * @param levels leading codes that must match, 1 .. ID length − 1
   */
  PrefixMatchedItems(SemanticIds ids, Set<String> newItems, int levels) {
    if (levels < 1 || levels >= ids.levels()) {
      throw new IllegalArgumentException("prefix levels " + levels + " not in [1, " + (ids.levels() - 1)
          + "] for IDs of " + ids.levels() + " codes");
    }
    this.ids = ids;
    this.levels = levels;
    for (String item : ids.itemIds()) {
      if (newItems.contains(item)) newByPrefix.computeIfAbsent(prefix(item), p -> new ArrayList<>()).add(item);
    }
  }

  /** {@code ranked} with each item followed by the new items that share its prefix (each once), best first. */
  String[] expand(String[] ranked) {
    Set<String> out = new LinkedHashSet<>();
    for (String item : ranked) {
      out.add(item);
      if (ids.get(item).isEmpty()) continue;
      out.addAll(newByPrefix.getOrDefault(prefix(item), List.of()));
    }
    return out.toArray(new String[0]);
  }

  private String prefix(String item) {
    int[] codes = ids.get(item).orElseThrow();
    StringBuilder sb = new StringBuilder();
    for (int level = 0; level < levels; level++) sb.append(codes[level]).append(' ');
    return sb.toString();
  }
}
