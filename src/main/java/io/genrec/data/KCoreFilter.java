package io.genrec.data;

/**
 * The k-core of a user-item interaction list: interactions of users and items with fewer than
 * {@code k} interactions are dropped, and dropping is repeated until every remaining user and item
 * has at least {@code k} (removing a user can push an item below k, and back). This is the filter
 * of the P5 / TIGER pipelines; interactions are counted, so a repeated (user, item) pair counts twice.
 */
final class KCoreFilter {
  private KCoreFilter() {}

  /**
   * @param users provisional user ids 1..userCount, one per interaction
   * @param items provisional item ids 1..itemCount, one per interaction
   * @return which interactions survive
   */
  static boolean[] keep(int[] users, int[] items, int userCount, int itemCount, int k) {
    boolean[] keep = new boolean[users.length];
    java.util.Arrays.fill(keep, true);
    if (k <= 1) return keep;
    int[] perUser = new int[userCount + 1];
    int[] perItem = new int[itemCount + 1];
    for (int i = 0; i < users.length; i++) {
      perUser[users[i]]++;
      perItem[items[i]]++;
    }
    boolean changed = true;
    while (changed) {
      changed = false;
      for (int i = 0; i < users.length; i++) {
        if (keep[i] && (perUser[users[i]] < k || perItem[items[i]] < k)) {
          keep[i] = false;
          perUser[users[i]]--;
          perItem[items[i]]--;
          changed = true;
        }
      }
    }
    return keep;
  }
}
