package io.genrec.data;

import java.util.Arrays;

/** A growable long array, the timestamp counterpart of {@link IntList}. */
final class LongList {
  private long[] values;
  private int size;

  LongList() {
    values = new long[8];
  }

  void add(long value) {
    if (size == values.length) values = Arrays.copyOf(values, size * 2);
    values[size++] = value;
  }

  long get(int index) {
    return values[index];
  }

  int size() {
    return size;
  }

  long[] toArray() {
    return Arrays.copyOf(values, size);
  }
}
