package io.genrec.data;

import java.util.Arrays;
import java.util.Comparator;

/** Timestamp parsing and the stable per-user time sort shared by the timed formats. */
final class TimeOrder {
  private TimeOrder() {}

  /**
   * Parses an integer timestamp, or a decimal one such as RecBole's {@code 1318896000.0}; a
   * fractional part is dropped (the Amazon data has day resolution, so nothing real is lost).
   *
   * @throws NumberFormatException when the text is not a finite number
   */
  static long parse(String text) {
    String trimmed = text.trim();
    try {
      return Long.parseLong(trimmed);
    } catch (NumberFormatException notInteger) {
      double value = Double.parseDouble(trimmed);
      if (!Double.isFinite(value) || Math.abs(value) > 9.0e18) {
        throw new NumberFormatException("not a finite timestamp: " + text);
      }
      return (long) Math.floor(value);
    }
  }

  /**
   * Sorts {@code items} and {@code times} together by time, in place. Stable, so equal times keep
   * file order: with day-resolution timestamps ties are common and the file order is the only
   * evidence of which came first.
   */
  static void sortStable(int[] items, long[] times) {
    if (isSorted(times)) return;
    Integer[] order = new Integer[items.length];
    Arrays.setAll(order, i -> i);
    Arrays.sort(order, Comparator.comparingLong(i -> times[i])); // TimSort: stable
    int[] itemsCopy = items.clone();
    long[] timesCopy = times.clone();
    for (int k = 0; k < order.length; k++) {
      items[k] = itemsCopy[order[k]];
      times[k] = timesCopy[order[k]];
    }
  }

  private static boolean isSorted(long[] times) {
    for (int k = 1; k < times.length; k++) {
      if (times[k] < times[k - 1]) return false;
    }
    return true;
  }
}
