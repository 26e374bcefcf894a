package io.genrec.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicWriteTest {
  @Test
  void createsParentsAndReplacesContent(@TempDir Path tmp) throws Exception {
    Path f = tmp.resolve("a/b/metrics.json");
    AtomicWrite.text(f, "one");
    AtomicWrite.text(f, "two");
    assertEquals("two", Files.readString(f));
    try (var files = Files.list(f.getParent())) {
      assertEquals(List.of("metrics.json"), files.map(p -> p.getFileName().toString()).toList());
    }
  }

  @Test
  void aConcurrentReaderSeesOnlyWholeVersions(@TempDir Path tmp) throws Exception {
    Path f = tmp.resolve("big.txt");
    String a = "a".repeat(1 << 20);
    String b = "b".repeat((1 << 20) + 7);
    AtomicWrite.text(f, a);
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
    for (int i = 0; i < 30; i++) AtomicWrite.text(f, i % 2 == 0 ? b : a);
    stop.set(true);
    reader.join();
    assertTrue(reads.get() > 0);
    assertEquals(null, torn.get());
  }
}
