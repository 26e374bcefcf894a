package io.genrec.eval;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * TIGER's ε for cold start (Rajput et al. 2023, §4.3): at most ⌊ε·K⌋ of a top-K list may be new
 * items. The new items that make it in are the best-ranked ones, and the rest of the K slots go to
 * the best-ranked old items, so ε = 0 is the model without its new items and ε = 1 is no quota.
 * The ranking given must be longer than K for the quota to have items to fill with.
 */
public final class NewItemQuota {
  private final Set<String> newItems;
  private final double share;

  /**
   * @param newItems ids of the items added after training
   * @param share ε in [0, 1]
   */
  public NewItemQuota(Set<String> newItems, double share) {
    if (!(share >= 0 && share <= 1)) throw new IllegalArgumentException("new-item share " + share + " not in [0, 1]");
    this.newItems = Set.copyOf(newItems);
    this.share = share;
  }

  public double share() {
    return share;
  }

  /** The most new items a top-{@code k} list may hold. */
  public int limit(int k) {
    // The small slack keeps ε = 0.3, K = 10 at 3: 0.3 · 10 is 2.9999999999999996 in doubles.
    return (int) Math.floor(share * k + 1e-9);
  }

  /** The first {@code k} ids of {@code ranked} (best first) that respect the quota; fewer if it runs out. */
  public String[] topK(String[] ranked, int k) {
    int limit = limit(k);
    int taken = 0;
    List<String> out = new ArrayList<>(k);
    for (String id : ranked) {
      if (out.size() == k) break;
      if (newItems.contains(id)) {
        if (taken == limit) continue;
        taken++;
      }
      out.add(id);
    }
    return out.toArray(new String[0]);
  }
}
