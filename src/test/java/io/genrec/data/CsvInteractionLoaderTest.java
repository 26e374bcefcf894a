package io.genrec.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvInteractionLoaderTest {
  @TempDir Path dir;

  @Test
  void sortsEachUserByTimeKeepingFileOrderForTies() throws IOException {
    Path file =
        Fixtures.write(
            dir, "inter.csv",
            "UserId,ProductId,Timestamp,Rating\n"
                + "u1,c,300,5\n"
                + "u2,a,100,4\n"
                + "u1,a,100,3\n"
                + "u1,b,300,1\n" // ties with c at 300: c came first in the file
                + "u1,d,200.0,2\n"); // decimal timestamps are accepted
    SequenceDataset data = new CsvInteractionLoader().load(file);

    // u1 by time: a@100, d@200, c@300, b@300 (tie kept in file order)
    assertArrayEquals(Fixtures.items(data, "a", "d", "c", "b"), data.sequence(Fixtures.user(data, "u1")));
    assertArrayEquals(new long[] {100, 200, 300, 300}, data.timestamps()[Fixtures.user(data, "u1") - 1]);
    assertArrayEquals(Fixtures.items(data, "a"), data.sequence(Fixtures.user(data, "u2")));
  }

  @Test
  void columnNamesAreConfigurableAndTimeOptional() throws IOException {
    Path file = Fixtures.write(dir, "inter.csv", "item,when,who\nx,2,p\ny,1,p\n\"z,1\",3,q\n");
    SequenceDataset timed =
        new CsvInteractionLoader(new CsvColumns("who", "item", "when"), IdOrder.FIRST_SEEN).load(file);
    assertArrayEquals(Fixtures.items(timed, "y", "x"), timed.sequence(Fixtures.user(timed, "p")));
    assertArrayEquals(Fixtures.items(timed, "z,1"), timed.sequence(Fixtures.user(timed, "q")));

    SequenceDataset untimed =
        new CsvInteractionLoader(new CsvColumns("who", "item", null), IdOrder.FIRST_SEEN).load(file);
    assertNull(untimed.timestamps());
    assertArrayEquals(Fixtures.items(untimed, "x", "y"), untimed.sequence(Fixtures.user(untimed, "p")));
  }

  @Test
  void malformedFilesNameFileAndLine() throws IOException {
    CsvInteractionLoader loader = new CsvInteractionLoader();

    Path missing = Fixtures.write(dir, "missing.csv", "UserId,Item,Timestamp\n1,2,3\n");
    Fixtures.assertFault(missing, 1, () -> loader.load(missing));

    Path width = Fixtures.write(dir, "width.csv", "UserId,ProductId,Timestamp\n1,2,3\n1,2\n");
    Fixtures.assertFault(width, 3, () -> loader.load(width));

    // a quoted newline joins lines 3-4 into one record and line 5 is blank: the fault is line 6
    Path time =
        Fixtures.write(dir, "time.csv", "UserId,ProductId,Timestamp\n1,2,3\n\"a\nb\",2,3\n\n1,3,yesterday\n");
    Fixtures.assertFault(time, 6, () -> loader.load(time));

    Path quote = Fixtures.write(dir, "quote.csv", "UserId,ProductId,Timestamp\n1,2,3\n1,\"open,3\n");
    Fixtures.assertFault(quote, 3, () -> loader.load(quote));

    Path empty = Fixtures.write(dir, "empty.csv", "");
    Fixtures.assertFault(empty, 1, () -> loader.load(empty));

    Path headerOnly = Fixtures.write(dir, "header.csv", "UserId,ProductId,Timestamp\n");
    Fixtures.assertFault(headerOnly, 2, () -> loader.load(headerOnly));
  }

  @Test
  void beautyTimestampsMatchTheSequenceFile() throws IOException {
    Path csv = Fixtures.realData("amazon2014-timestamps-ticoserec/derived/Beauty_interactions.csv");
    Path txt = Fixtures.realData("amazon2014-s3rec/Beauty.txt");
    SequenceDataset timed = new CsvInteractionLoader().load(csv);
    SequenceDataset sequences = new SequenceFileLoader().load(txt);

    DatasetStats stats = DatasetStats.of(timed);
    assertEquals(22363, stats.users());
    assertEquals(12101, stats.items());
    assertEquals(198502, stats.interactions());
    // The CSV is in S3-Rec order and S3-Rec order is consistent with the timestamps, so a stable
    // time sort must give back exactly the S3-Rec sequences.
    assertEquals(sequences.users(), timed.users());
    assertEquals(sequences.items(), timed.items());
    for (int u = 1; u <= stats.users(); u++) {
      assertArrayEquals(sequences.sequence(u), timed.sequence(u), "user " + u);
    }
  }
}
