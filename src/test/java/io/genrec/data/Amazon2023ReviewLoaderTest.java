package io.genrec.data;

import static io.genrec.data.Fixtures.assertFault;
import static io.genrec.data.Fixtures.items;
import static io.genrec.data.Fixtures.user;
import static io.genrec.data.Fixtures.write;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Amazon2023ReviewLoaderTest {
  @TempDir Path dir;

  private static String review(String user, String item, long millis) {
    return "{\"rating\": 5.0, \"title\": \"t\", \"text\": \"a, b\", \"images\": [], \"asin\": \"" + item
        + "x\", \"parent_asin\": \"" + item + "\", \"user_id\": \"" + user + "\", \"timestamp\": " + millis
        + ", \"helpful_vote\": 0, \"verified_purchase\": true}\n";
  }

  /**
   * A 2-core chain: users a, b, c each review items X and Y; user d reviews X and Z, and Z has no
   * one else, so Z goes, then d (one review left), both iterations needed.
   */
  private static String chain() {
    return review("a", "X", 3) + review("a", "Y", 1) + review("b", "X", 1) + review("b", "Y", 2)
        + review("c", "Y", 5) + review("c", "X", 4) + review("d", "X", 9) + review("d", "Z", 8);
  }

  @Test
  void kCoreIsIteratedUntilStableAndItemsAreInTimeOrder() throws Exception {
    Path file = write(dir, "Tiny.jsonl", chain());
    assertEquals(DataFormat.AMAZON2023_REVIEWS, DatasetLoader.detect(file));
    SequenceDataset data = new Amazon2023ReviewLoader(2, IdOrder.FIRST_SEEN).load(file);
    assertEquals(3, data.users().size());
    assertEquals(2, data.items().size());
    assertFalse(data.users().contains("d"));
    assertFalse(data.items().contains("Z"));
    assertArrayEquals(items(data, "Y", "X"), data.sequence(user(data, "a")));
    assertArrayEquals(new long[] {1, 3}, data.timestamps()[user(data, "a") - 1]);

    SequenceDataset all = new Amazon2023ReviewLoader(1, IdOrder.FIRST_SEEN).load(file);
    assertEquals(4, all.users().size());
    assertEquals(8, all.numInteractions());
  }

  @Test
  void gzipReadsTheSameAsPlain() throws Exception {
    Path gz = dir.resolve("Tiny.jsonl.gz");
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
      out.write(chain().getBytes(StandardCharsets.UTF_8));
    }
    assertEquals(DataFormat.AMAZON2023_REVIEWS, DatasetLoader.detect(gz));
    Path plain = write(dir, "Tiny.jsonl", chain());
    SequenceDataset fromGz = DatasetLoader.load(gz, LoadOptions.defaults().withKCore(2));
    SequenceDataset fromPlain = DatasetLoader.load(plain, LoadOptions.defaults().withKCore(2));
    assertEquals(fromPlain.items(), fromGz.items());
    assertEquals(fromPlain.users(), fromGz.users());
    assertArrayEquals(fromPlain.sequences(), fromGz.sequences());
  }

  @Test
  void malformedLinesAndMissingFieldsNameFileAndLine() throws Exception {
    Amazon2023ReviewLoader loader = new Amazon2023ReviewLoader(1, IdOrder.FIRST_SEEN);
    Path broken = write(dir, "a.jsonl", review("a", "X", 1) + "\n{\"user_id\": \"a\", \"parent_asin\": \n");
    assertTrue(assertFault(broken, 3, () -> loader.load(broken)).getMessage().contains("malformed JSON"));
    Path noUser = write(dir, "b.jsonl", review("a", "X", 1) + "{\"parent_asin\": \"X\", \"timestamp\": 5}\n");
    assertTrue(assertFault(noUser, 2, () -> loader.load(noUser)).getMessage().contains("'user_id'"));
    Path badTime = write(dir, "c.jsonl", "{\"user_id\": \"a\", \"parent_asin\": \"X\", \"timestamp\": \"soon\"}\n");
    assertTrue(assertFault(badTime, 1, () -> loader.load(badTime)).getMessage().contains("'timestamp'"));
    Path array = write(dir, "d.jsonl", "[1, 2]\n");
    assertFault(array, 1, () -> loader.load(array));
    Path notGzip = write(dir, "e.jsonl.gz", review("a", "X", 1));
    assertFault(notGzip, 0, () -> loader.load(notGzip));
  }

  @Test
  void aCoreThatLeavesNothingSaysWhichKeyToLower() throws Exception {
    Path file = write(dir, "f.jsonl", chain());
    assertTrue(assertFault(file, 0, () -> new Amazon2023ReviewLoader(5, IdOrder.FIRST_SEEN).load(file))
        .getMessage().contains("k_core"));
  }
}
