package io.genrec.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class HistoryTest {
  @Test
  void keepsTheMostRecentItems() {
    int[] sequence = {1, 2, 3, 4, 5};
    assertArrayEquals(new int[] {3, 4, 5}, History.truncate(sequence, 3));
    assertArrayEquals(sequence, History.truncate(sequence, 50));
    assertNotSame(sequence, History.truncate(sequence, 50));
    assertArrayEquals(new int[0], History.truncate(sequence, 0));
    assertThrows(IllegalArgumentException.class, () -> History.truncate(sequence, -1));
  }
}
