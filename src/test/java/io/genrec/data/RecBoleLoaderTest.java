package io.genrec.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecBoleLoaderTest {
  private static final String UNISREC_HEADER = "user_id:token\titem_id_list:token_seq\titem_id:token\n";

  @TempDir Path dir;

  @Test
  void atomicFileInAnyColumnOrderIsSortedByTimestamp() throws IOException {
    Path file =
        Fixtures.write(
            dir, "shop.inter",
            "item_id:token\trating:float\tuser_id:token\ttimestamp:float\n"
                + "i3\t5\tu1\t30\n"
                + "i1\t4\tu2\t10\n"
                + "i2\t3\tu1\t10.0\n"
                + "i1\t1\tu1\t20\n");
    SequenceDataset data = new RecBoleLoader().load(file);

    // u1 by time: i2@10, i1@20, i3@30
    assertArrayEquals(Fixtures.items(data, "i2", "i1", "i3"), data.sequence(Fixtures.user(data, "u1")));
    assertArrayEquals(new long[] {10, 20, 30}, data.timestamps()[Fixtures.user(data, "u1") - 1]);
    assertEquals(4, data.numInteractions());
  }

  @Test
  void withoutTimestampFileOrderIsTimeOrder() throws IOException {
    Path file = Fixtures.write(dir, "plain.inter", "user_id:token\titem_id:token\na\ty\na\tx\nb\ty\n");
    SequenceDataset data = new RecBoleLoader().load(file);
    assertNull(data.timestamps());
    assertArrayEquals(Fixtures.items(data, "y", "x"), data.sequence(Fixtures.user(data, "a")));
  }

  @Test
  void malformedFilesNameFileAndLine() throws IOException {
    RecBoleLoader loader = new RecBoleLoader();
    String header = "user_id:token\titem_id:token\ttimestamp:float\n";

    Path width = Fixtures.write(dir, "width.inter", header + "u\ti\t1\nu\ti\n");
    Fixtures.assertFault(width, 3, () -> loader.load(width));

    Path time = Fixtures.write(dir, "time.inter", header + "u\ti\tnoon\n");
    Fixtures.assertFault(time, 2, () -> loader.load(time));

    Path noItem = Fixtures.write(dir, "noitem.inter", "user_id:token\ttimestamp:float\nu\t1\n");
    Fixtures.assertFault(noItem, 1, () -> loader.load(noItem));

    Path untyped = Fixtures.write(dir, "untyped.inter", "user_id\titem_id\nu\ti\n");
    Fixtures.assertFault(untyped, 1, () -> loader.load(untyped));

    Path empty = Fixtures.write(dir, "empty.inter", "");
    Fixtures.assertFault(empty, 1, () -> loader.load(empty));

    Path headerOnly = Fixtures.write(dir, "header.inter", header);
    Fixtures.assertFault(headerOnly, 2, () -> loader.load(headerOnly));
  }

  @Test
  void anUnknownFieldTypeNamesFileLineAndTheKnownTypes() throws IOException {
    Path file = Fixtures.write(dir, "typo.inter", "user_id:token\titem_id:tokn\nu\ti\n");
    DataFormatException e = org.junit.jupiter.api.Assertions.assertThrows(DataFormatException.class,
        () -> new RecBoleLoader().load(file));
    org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().startsWith(file + ":1: found field 'item_id:tokn'")
        && e.getMessage().contains("token, token_seq, float, float_seq"), e.getMessage());
  }

  @Test
  void unisrecRowsGiveHistoryPlusTarget() throws IOException {
    Path file = Fixtures.write(dir, "one.inter", UNISREC_HEADER + "0\t5 6 7\t8\n1\t\t9\n");
    SequenceDataset data = new RecBoleLoader().load(file);
    assertArrayEquals(Fixtures.items(data, "5", "6", "7", "8"), data.sequence(Fixtures.user(data, "0")));
    assertArrayEquals(Fixtures.items(data, "9"), data.sequence(Fixtures.user(data, "1")));
    assertNull(data.timestamps());
  }

  /**
   * User 0's full sequence is 1..7 with histories truncated to 3 items; user 1's is 10..13.
   * Rows are written newest first, as UniSRec does.
   */
  static Path writeTruncatedUnisrec(Path dir) throws IOException {
    Fixtures.write(
        dir, "Tiny.train.inter",
        UNISREC_HEADER
            + "0\t2 3 4\t5\n" // truncated: 1 is cut off
            + "0\t1 2 3\t4\n"
            + "0\t1 2\t3\n"
            + "0\t1\t2\n"
            + "1\t10\t11\n");
    Fixtures.write(dir, "Tiny.valid.inter", UNISREC_HEADER + "0\t3 4 5\t6\n1\t10 11\t12\n");
    Fixtures.write(dir, "Tiny.test.inter", UNISREC_HEADER + "0\t4 5 6\t7\n1\t10 11 12\t13\n");
    return dir.resolve("Tiny");
  }

  @Test
  void preSplitUnisrecRebuildsTruncatedSequences() throws IOException {
    Path prefix = writeTruncatedUnisrec(dir);
    SequenceDataset data = new RecBoleLoader().load(prefix);

    assertArrayEquals(
        Fixtures.items(data, "1", "2", "3", "4", "5", "6", "7"), data.sequence(Fixtures.user(data, "0")));
    assertArrayEquals(Fixtures.items(data, "10", "11", "12", "13"), data.sequence(Fixtures.user(data, "1")));
    assertEquals(prefix, data.source());
    // the directory finds the same three files
    assertEquals(11, new RecBoleLoader().load(dir).numInteractions());
  }

  @Test
  void unisrecRowsThatDoNotChainAreRejected() throws IOException {
    Path file = Fixtures.write(dir, "broken.inter", UNISREC_HEADER + "0\t1 2\t3\n0\t5 6\t7\n");
    DataFormatException e = Fixtures.assertFault(file, 3, () -> new RecBoleLoader().load(file));
    assertEquals(file, e.file());
  }

  @Test
  void preSplitPartsMustShareALayoutAndTheTrainPartExist() throws IOException {
    Fixtures.write(dir, "Mix.train.inter", UNISREC_HEADER + "0\t1\t2\n");
    Path valid = Fixtures.write(dir, "Mix.valid.inter", "user_id:token\titem_id:token\n0\t3\n");
    Fixtures.write(dir, "Mix.test.inter", UNISREC_HEADER + "0\t1 2 3\t4\n");
    Fixtures.assertFault(valid, 1, () -> new RecBoleLoader().load(dir.resolve("Mix")));

    // Valid and test parts may be missing (a pre-training set); the train part may not.
    Fixtures.write(dir, "Half.train.inter", UNISREC_HEADER + "0\t1\t2\n");
    assertEquals(2, new RecBoleLoader().load(dir.resolve("Half")).numInteractions());
    Fixtures.write(dir, "Headless.valid.inter", UNISREC_HEADER + "0\t1\t2\n");
    Fixtures.write(dir, "Headless.test.inter", UNISREC_HEADER + "0\t1\t2\n");
    assertThrows(NoSuchFileException.class, () -> new RecBoleLoader().load(dir.resolve("Headless")));
  }

  @Test
  void scientificPreSplitRecoversAllPublishedInteractions() throws IOException {
    Path prefix = Fixtures.realPrefix("unisrec-scientific/Scientific");
    long start = System.nanoTime();
    SequenceDataset data = new RecBoleLoader(IdOrder.NUMERIC).load(prefix);
    double seconds = (System.nanoTime() - start) / 1e9;

    DatasetStats stats = DatasetStats.of(data);
    assertEquals(8442, stats.users());
    assertEquals(4385, stats.items());
    // UniSRec's published count; the test rows alone give 59,384 because of history truncation.
    assertEquals(59427, stats.interactions());
    // numeric order puts UniSRec's 0-based id k at dense k + 1
    assertEquals("0", data.users().original(1));
    assertEquals(List.of("0", "1", "2"), data.items().originals().subList(0, 3));
    assertEquals("4384", data.items().original(4385));
    assertEquals(true, seconds < 5.0, "took " + seconds + " s");
  }
}
