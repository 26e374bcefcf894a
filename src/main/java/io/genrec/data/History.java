package io.genrec.data;

import java.util.Arrays;

/** Operations on item histories. */
public final class History {
  private History() {}

  /**
   * The last {@code maxLength} items of {@code sequence}: models attend to the most recent
   * behaviour, so the oldest items are the ones dropped. Always a copy.
   */
  public static int[] truncate(int[] sequence, int maxLength) {
    if (maxLength < 0) throw new IllegalArgumentException("maxLength " + maxLength + " < 0");
    return Arrays.copyOfRange(sequence, Math.max(0, sequence.length - maxLength), sequence.length);
  }
}
