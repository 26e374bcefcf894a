package io.genrec.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.function.Executable;

/** Files written by tests, the shared real data, and the error-location check. */
final class Fixtures {
  /** Real datasets, relative to the repository root (the tests' working directory). */
  static final Path SHARED_DATA = Path.of("../shared/data");

  private Fixtures() {}

  static Path write(Path dir, String name, String content) throws IOException {
    Path file = dir.resolve(name);
    Files.createDirectories(file.getParent());
    Files.writeString(file, content, StandardCharsets.UTF_8);
    return file;
  }

  /** A file under ../shared/data; the test is skipped when the data is not there. */
  static Path realData(String relative) {
    Path path = SHARED_DATA.resolve(relative);
    assumeTrue(Files.exists(path), "real data not available: " + path);
    return path;
  }

  /** A pre-split prefix under ../shared/data (NAME for NAME.train.inter etc.), or skip. */
  static Path realPrefix(String relative) {
    Path prefix = SHARED_DATA.resolve(relative);
    Path train = prefix.resolveSibling(prefix.getFileName() + ".train.inter");
    assumeTrue(Files.exists(train), "real data not available: " + train);
    return prefix;
  }

  /** Asserts a {@link DataFormatException} locating the fault at {@code file:line}. */
  static DataFormatException assertFault(Path file, long line, Executable load) {
    DataFormatException e = assertThrows(DataFormatException.class, load);
    assertEquals(file, e.file());
    assertEquals(line, e.line(), e.getMessage());
    String location = line > 0 ? file + ":" + line + ":" : file + ":";
    assertTrue(e.getMessage().startsWith(location), e.getMessage());
    assertTrue(e.getMessage().contains("found ") && e.getMessage().contains("expected "), e.getMessage());
    return e;
  }

  /** Dense item ids of the given originals, for writing expected sequences by name. */
  static int[] items(SequenceDataset data, String... originals) {
    int[] ids = new int[originals.length];
    for (int k = 0; k < originals.length; k++) ids[k] = data.items().index(originals[k]);
    return ids;
  }

  static int user(SequenceDataset data, String original) {
    return data.users().index(original);
  }
}
