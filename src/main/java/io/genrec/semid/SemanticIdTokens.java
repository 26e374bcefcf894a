package io.genrec.semid;

/**
 * TIGER's token vocabulary, shared by encoder and decoder: 0 padding, 1 the decoder's BOS, then one
 * range per semantic-ID level (so a token says its level), then the hashed user tokens and the
 * unknown-user token.
 *
 * <p>The decoder's output layer covers the code tokens only; its column of (level, code) is
 * {@link #column}, and each level's softmax is restricted to that level's columns.
 */
public final class SemanticIdTokens {
  public static final int PADDING = 0;
  public static final int BOS = 1;
  private static final int FIRST_CODE = 2;

  private final int[] radices;
  private final int[] columnOffsets;
  private final int codeColumns;
  private final int userBuckets;

  /** @param userBuckets hashed user tokens; 0 means no user token at all */
  public SemanticIdTokens(int[] radices, int userBuckets) {
    this.radices = radices.clone();
    this.userBuckets = userBuckets;
    columnOffsets = new int[radices.length];
    int total = 0;
    for (int level = 0; level < radices.length; level++) {
      columnOffsets[level] = total;
      total += radices[level];
    }
    codeColumns = total;
  }

  public int levels() {
    return radices.length;
  }

  public int radix(int level) {
    return radices[level];
  }

  /** Output-layer width: every code of every level. */
  public int codeColumns() {
    return codeColumns;
  }

  /** The first output column of {@code level}. */
  public int columnOffset(int level) {
    return columnOffsets[level];
  }

  /** The output column of {@code code} at {@code level}. */
  public int column(int level, int code) {
    return columnOffsets[level] + code;
  }

  /** The token of {@code code} at {@code level}. */
  public int code(int level, int code) {
    return FIRST_CODE + columnOffsets[level] + code;
  }

  public boolean hasUserToken() {
    return userBuckets > 0;
  }

  public int userBuckets() {
    return userBuckets;
  }

  /** The token of user bucket {@code bucket} in [0, userBuckets). */
  public int user(int bucket) {
    return FIRST_CODE + codeColumns + bucket;
  }

  /** The token standing for a user without a known id. */
  public int unknownUser() {
    return FIRST_CODE + codeColumns + userBuckets;
  }

  /**
   * The user bucket of an original user id: {@code floorMod(id, userBuckets)} for integer ids (the
   * serving graph computes the same from {@code user_id}); other ids hash their text, which only
   * training can reproduce.
   */
  public int bucketOf(String originalUserId) {
    long id;
    try {
      id = Long.parseLong(originalUserId.trim());
    } catch (NumberFormatException e) {
      id = originalUserId.hashCode();
    }
    return (int) Math.floorMod(id, (long) userBuckets);
  }

  /** Embedding-table rows. */
  public int vocabulary() {
    return FIRST_CODE + codeColumns + (userBuckets > 0 ? userBuckets + 1 : 0);
  }
}
