package io.genrec.experiment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import io.genrec.data.IdMap;
import java.util.List;
import org.junit.jupiter.api.Test;

class TextNeighboursTest {
  private final IdMap items = IdMap.of(List.of("a", "b", "c", "d"));
  // Lengths differ on purpose: the ranking is by direction (cosine), not by the dot product.
  private final TextNeighbours neighbours = new TextNeighbours(
      new float[][] {{0, 0}, {1, 0}, {9, 1}, {0, 1}, {-5, 0.1f}}, items);

  @Test
  void nearestByCosineToTheHistorysMeanWithoutTheHistory() {
    assertArrayEquals(new String[] {"b", "c", "d"}, neighbours.rank(List.of("a"), 3));
    // c is (0, 1): b leans its way a little (cos 0.11), d less (0.02), a not at all.
    assertArrayEquals(new String[] {"b", "d", "a"}, neighbours.rank(List.of("c", "unknown"), 3), "unknown ids are ignored");
    // a and c average to the diagonal, where b (9, 1) is nearer than d (-5, 0.1).
    assertArrayEquals(new String[] {"b", "d"}, neighbours.rank(List.of("a", "c"), 5));
  }
}
