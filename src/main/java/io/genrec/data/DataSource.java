package io.genrec.data;

import java.util.Objects;

/**
 * One dataset of a run and the block of dense ids it holds: its items are
 * {@code firstItem .. firstItem + itemCount - 1} of the run's catalog, its users
 * {@code firstUser .. firstUser + userCount - 1}, in the order of its own id maps (the ids it would
 * have alone, moved up by the sizes of the sources before it). A model that must score one
 * domain only (VQ-Rec fine-tuning) ranks within {@link #firstItem()} and {@link #lastItem()}.
 *
 * @param name the source's name from the config (metrics and id files are keyed by it)
 * @param index position among the run's sources, as in {@link EvalCase#source()}
 * @param items the source's own item map (local index 1 = dense id {@code firstItem})
 * @param users the source's own user map (local index 1 = dense id {@code firstUser})
 */
public record DataSource(String name, int index, int firstItem, IdMap items, int firstUser, IdMap users) {
  public DataSource {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(items, "items");
    Objects.requireNonNull(users, "users");
    if (index < 0 || firstItem < 1 || firstUser < 1) {
      throw new IllegalArgumentException(
          "source " + name + ": index " + index + ", first item " + firstItem + ", first user " + firstUser);
    }
  }

  public int itemCount() {
    return items.size();
  }

  public int userCount() {
    return users.size();
  }

  /** The last dense item id of this source (below {@link #firstItem()} when it has no items). */
  public int lastItem() {
    return firstItem + items.size() - 1;
  }

  public boolean holdsItem(int dense) {
    return dense >= firstItem && dense <= lastItem();
  }

  public boolean holdsUser(int dense) {
    return dense >= firstUser && dense < firstUser + users.size();
  }

  /** The source's own id of dense item {@code dense}. */
  public String originalItem(int dense) {
    if (!holdsItem(dense)) {
      throw new IndexOutOfBoundsException("item " + dense + " is not in source " + name + " ("
          + firstItem + ".." + lastItem() + ")");
    }
    return items.original(dense - firstItem + 1);
  }

  /** The source's own id of dense user {@code dense}. */
  public String originalUser(int dense) {
    if (!holdsUser(dense)) {
      throw new IndexOutOfBoundsException("user " + dense + " is not in source " + name + " ("
          + firstUser + ".." + (firstUser + users.size() - 1) + ")");
    }
    return users.original(dense - firstUser + 1);
  }

  /** The run's dense id of this source's item {@code original}. */
  public int denseItem(String original) {
    return firstItem - 1 + items.index(original);
  }
}
