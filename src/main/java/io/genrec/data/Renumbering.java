package io.genrec.data;

/**
 * Maps provisional first-seen dense ids to final ones. Loaders only know the final order after
 * the last line, so anything built on the way (split parts) is translated through this.
 */
final class Renumbering {
  private final IdMap users;
  private final IdMap items;
  private final int[] userIndex; // null: identity
  private final int[] itemIndex; // null: identity

  private Renumbering(IdMap users, IdMap items, int[] userIndex, int[] itemIndex) {
    this.users = users;
    this.items = items;
    this.userIndex = userIndex;
    this.itemIndex = itemIndex;
  }

  static Renumbering identity(IdMap users, IdMap items) {
    return new Renumbering(users, items, null, null);
  }

  /** From first-seen maps to the numerically sorted ones. */
  static Renumbering between(IdMap firstSeenUsers, IdMap firstSeenItems) {
    IdMap users = firstSeenUsers.sortedNumerically();
    IdMap items = firstSeenItems.sortedNumerically();
    return new Renumbering(
        users, items, translation(firstSeenUsers, users), translation(firstSeenItems, items));
  }

  private static int[] translation(IdMap from, IdMap to) {
    int[] index = new int[from.size() + 1];
    for (int old = 1; old <= from.size(); old++) index[old] = to.index(from.original(old));
    return index;
  }

  IdMap users() {
    return users;
  }

  IdMap itemMap() {
    return items;
  }

  int user(int provisional) {
    return userIndex == null ? provisional : userIndex[provisional];
  }

  /** A translated copy; the input is left alone. */
  int[] items(int[] provisional) {
    int[] out = provisional.clone();
    if (itemIndex != null) {
      for (int k = 0; k < out.length; k++) out[k] = itemIndex[out[k]];
    }
    return out;
  }
}
