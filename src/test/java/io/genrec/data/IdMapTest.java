package io.genrec.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdMapTest {
  @TempDir Path dir;

  @Test
  void assignsOneBasedIndicesInFirstSeenOrder() {
    IdMap.Builder builder = IdMap.builder();
    assertEquals(1, builder.add("B0042"));
    assertEquals(2, builder.add("A0001"));
    assertEquals(1, builder.add("B0042")); // known id keeps its index
    IdMap map = builder.build();

    assertEquals(2, map.size());
    assertEquals(1, map.index("B0042"));
    assertEquals("A0001", map.original(2));
    assertEquals(List.of("B0042", "A0001"), map.originals());
    assertTrue(map.contains("A0001"));
    assertFalse(map.contains("nope"));
  }

  @Test
  void paddingAndUnknownIdsAreRejected() {
    IdMap map = IdMap.of(List.of("x", "y"));
    assertThrows(IndexOutOfBoundsException.class, () -> map.original(IdMap.PADDING));
    assertThrows(IndexOutOfBoundsException.class, () -> map.original(3));
    assertThrows(NoSuchElementException.class, () -> map.index("z"));
    assertThrows(IllegalArgumentException.class, () -> IdMap.of(List.of("x", "x")));
  }

  @Test
  void sortsNumericallyNotLexically() {
    IdMap map = IdMap.of(List.of("10", "2", "0", "33")).sortedNumerically();
    // lexical order would put "10" before "2"
    assertEquals(List.of("0", "2", "10", "33"), map.originals());
    assertEquals(3, map.index("10"));
    assertThrows(IllegalArgumentException.class, () -> IdMap.of(List.of("1", "B00X")).sortedNumerically());
  }

  @Test
  void saveAndLoadRoundTrip() throws IOException {
    IdMap map = IdMap.of(List.of("A3ABC", "  spaced id ", "7", "ünïcode"));
    Path file = dir.resolve("sub/items.tsv");
    map.save(file);

    assertEquals(
        List.of("index\toriginal", "1\tA3ABC", "2\t  spaced id ", "3\t7", "4\tünïcode"),
        Files.readAllLines(file));
    assertEquals(map, IdMap.load(file));
    try (Stream<Path> files = Files.list(file.getParent())) {
      assertEquals(List.of(file), files.toList(), "no temporary file left behind");
    }
  }

  @Test
  void saveOverwritesAtomically() throws IOException {
    Path file = dir.resolve("users.tsv");
    IdMap.of(List.of("a", "b", "c")).save(file);
    IdMap.of(List.of("z")).save(file);
    assertEquals(IdMap.of(List.of("z")), IdMap.load(file));
  }

  @Test
  void idsThatCannotBeTsvAreRefusedBeforeWriting() {
    Path file = dir.resolve("bad.tsv");
    assertThrows(IllegalArgumentException.class, () -> IdMap.of(List.of("a\tb")).save(file));
    assertFalse(Files.exists(file));
  }

  @Test
  void loadRejectsGapsAndMalformedLines() throws IOException {
    Path gap = Fixtures.write(dir, "gap.tsv", "index\toriginal\n1\ta\n3\tb\n");
    DataFormatException e = Fixtures.assertFault(gap, 3, () -> IdMap.load(gap));
    assertTrue(e.getMessage().contains("index '3'"), e.getMessage());

    Path noTab = Fixtures.write(dir, "notab.tsv", "1\ta\n2 b\n");
    Fixtures.assertFault(noTab, 2, () -> IdMap.load(noTab));

    Path twice = Fixtures.write(dir, "twice.tsv", "1\ta\n2\ta\n");
    Fixtures.assertFault(twice, 2, () -> IdMap.load(twice));
  }
}
