package io.genrec.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SequenceFileLoaderTest {
  @TempDir Path dir;

  @Test
  void readsUserLinesAndRemapsIdsFirstSeen() throws IOException {
    // Extra spaces, a tab and a blank line are tolerated.
    Path file = Fixtures.write(dir, "tiny.txt", "7 30 10  30\n\n3\t10 20\n");
    SequenceDataset data = new SequenceFileLoader().load(file);

    assertEquals(List.of("7", "3"), data.users().originals());
    assertEquals(List.of("30", "10", "20"), data.items().originals());
    assertArrayEquals(new int[] {1, 2, 1}, data.sequence(1)); // 30 10 30
    assertArrayEquals(new int[] {2, 3}, data.sequence(2)); // 10 20
    assertNull(data.timestamps());
    assertEquals(5, data.numInteractions());
    assertEquals(file, data.source());
  }

  @Test
  void numericOrderReindexesUsersAndItems() throws IOException {
    Path file = Fixtures.write(dir, "tiny.txt", "7 30 10 30\n3 10 20\n");
    SequenceDataset data = new SequenceFileLoader(IdOrder.NUMERIC).load(file);

    assertEquals(List.of("3", "7"), data.users().originals());
    assertEquals(List.of("10", "20", "30"), data.items().originals());
    assertArrayEquals(new int[] {1, 2}, data.sequence(1)); // user 3: 10 20
    assertArrayEquals(new int[] {3, 1, 3}, data.sequence(2)); // user 7: 30 10 30
  }

  @Test
  void malformedFilesNameFileAndLine() throws IOException {
    Path noItems = Fixtures.write(dir, "noitems.txt", "1 5 6\n2\n");
    Fixtures.assertFault(noItems, 2, () -> new SequenceFileLoader().load(noItems));

    Path twice = Fixtures.write(dir, "twice.txt", "1 5 6\n2 5\n1 7\n");
    DataFormatException e = Fixtures.assertFault(twice, 3, () -> new SequenceFileLoader().load(twice));
    assertTrue(e.getMessage().contains("first on line 1"), e.getMessage());

    Path empty = Fixtures.write(dir, "empty.txt", "");
    Fixtures.assertFault(empty, 1, () -> new SequenceFileLoader().load(empty));
  }

  @Test
  void beautyMatchesPublishedStatistics() throws IOException {
    Path file = Fixtures.realData("amazon2014-s3rec/Beauty.txt");
    new SequenceFileLoader().load(file); // warm-up: the budget is for the load, not class loading
    long start = System.nanoTime();
    SequenceDataset data = new SequenceFileLoader().load(file);
    double seconds = (System.nanoTime() - start) / 1e9;

    DatasetStats stats = DatasetStats.of(data);
    assertEquals(22363, stats.users());
    assertEquals(12101, stats.items());
    assertEquals(198502, stats.interactions());
    assertEquals(8.876, stats.avgLength(), 5e-4);
    // S3-Rec numbered items by first appearance, so first-seen ids equal the file's ids.
    for (int item = 1; item <= data.items().size(); item++) {
      assertEquals(Integer.toString(item), data.items().original(item));
    }
    assertArrayEquals(new int[] {1, 2, 3, 4, 5}, data.sequence(1));
    assertTrue(seconds < 1.0, "Beauty.txt took " + seconds + " s");
  }
}
