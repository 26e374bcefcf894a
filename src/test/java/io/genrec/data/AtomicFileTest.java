package io.genrec.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFileTest {
  @Test
  void createsParentsAndReplacesContent(@TempDir Path tmp) throws Exception {
    Path f = tmp.resolve("a/b/metrics.json");
    AtomicFile.writeText(f, "one");
    AtomicFile.writeText(f, "two");
    assertEquals("two", Files.readString(f));
    assertEquals(List.of("metrics.json"), names(f.getParent()));
  }

  @Test
  void streamedContentIsWrittenWhole(@TempDir Path tmp) throws Exception {
    Path f = tmp.resolve("rows.tsv");
    AtomicFile.write(f, out -> {
      for (int i = 0; i < 100_000; i++) out.write(("row " + i + "\n").getBytes(StandardCharsets.UTF_8));
    });
    List<String> lines = Files.readAllLines(f);
    assertEquals(100_000, lines.size());
    assertEquals("row 99999", lines.get(lines.size() - 1));
  }

  @Test
  void filesAreReadableByGroupAndOthers(@TempDir Path tmp) throws Exception {
    assumeTrue(Files.getFileAttributeView(tmp, PosixFileAttributeView.class) != null, "POSIX permissions");
    Path f = tmp.resolve("DONE");
    AtomicFile.writeText(f, "first");
    assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(f)));
    Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-------"));
    AtomicFile.writeText(f, "again");
    assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(f)));
  }

  @Test
  void aFailedWriteKeepsTheOldFileAndLeavesNoTemporary(@TempDir Path tmp) throws Exception {
    Path f = tmp.resolve("codes.tsv");
    AtomicFile.writeText(f, "old");
    IOException e = assertThrows(IOException.class, () -> AtomicFile.write(f, out -> {
      out.write(new byte[1 << 17]);
      throw new IOException("disk full");
    }));
    assertEquals("disk full", e.getMessage());
    assertEquals("old", Files.readString(f));
    assertEquals(List.of("codes.tsv"), names(tmp));
  }

  @Test
  void aConcurrentReaderSeesOnlyWholeVersions(@TempDir Path tmp) throws Exception {
    Path f = tmp.resolve("big.txt");
    String a = "a".repeat(1 << 20);
    String b = "b".repeat((1 << 20) + 7);
    AtomicFile.writeText(f, a);
    AtomicBoolean stop = new AtomicBoolean();
    AtomicInteger reads = new AtomicInteger();
    AtomicReference<String> torn = new AtomicReference<>();
    Thread reader = new Thread(() -> {
      while (!stop.get()) {
        try {
          String s = new String(Files.readAllBytes(f), StandardCharsets.UTF_8);
          reads.incrementAndGet();
          if (!s.equals(a) && !s.equals(b)) torn.set("length " + s.length());
        } catch (NoSuchFileException e) {
          torn.set("file missing during replace");
        } catch (Exception e) {
          torn.set(e.toString());
        }
      }
    });
    reader.start();
    for (int i = 0; i < 30; i++) AtomicFile.writeText(f, i % 2 == 0 ? b : a);
    stop.set(true);
    reader.join();
    assertTrue(reads.get() > 0);
    assertEquals(null, torn.get());
  }

  private static List<String> names(Path dir) throws IOException {
    try (var files = Files.list(dir)) {
      return files.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }
}
