package io.genrec.data;

import static io.genrec.data.Fixtures.assertFault;
import static io.genrec.data.Fixtures.items;
import static io.genrec.data.Fixtures.user;
import static io.genrec.data.Fixtures.write;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.genrec.config.ConfigException;
import io.genrec.config.DataConfig;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Amazon2023LoaderTest {
  static final String HEADER = "user_id,parent_asin,rating,timestamp,history\n";

  @TempDir Path dir;

  /** last_out_w_his: u1 has A B | C | D, u2 has B C | A | E (rows shuffled in time within train). */
  private Path benchmark() throws Exception {
    write(dir, "Tiny.train.csv", HEADER
        + "u1,B0B,5.0,2000,B0A\n"
        + "u1,B0A,4.0,1000,\n"
        + "u2,B0B,3.0,1500,\n"
        + "u2,B0C,1.0,2500,B0B\n");
    write(dir, "Tiny.valid.csv", HEADER + "u1,B0C,5.0,3000,B0A B0B\n" + "u2,B0A,2.0,3500,B0B B0C\n");
    write(dir, "Tiny.test.csv", HEADER + "u1,B0D,5.0,4000,B0A B0B B0C\n" + "u2,B0E,2.0,4500,B0B B0C B0A\n");
    return dir.resolve("Tiny");
  }

  @Test
  void prefixJoinsThePartsInTimeOrderWithStringIds() throws Exception {
    Path prefix = benchmark();
    assertEquals(DataFormat.AMAZON2023, DatasetLoader.detect(prefix));
    SequenceDataset data = DatasetLoader.load(prefix, LoadOptions.defaults());
    assertEquals(2, data.users().size());
    assertEquals(5, data.items().size());
    assertEquals(8, data.numInteractions());
    assertArrayEquals(items(data, "B0A", "B0B", "B0C", "B0D"), data.sequence(user(data, "u1")));
    assertArrayEquals(items(data, "B0B", "B0C", "B0A", "B0E"), data.sequence(user(data, "u2")));
    assertArrayEquals(new long[] {1000, 2000, 3000, 4000}, data.timestamps()[user(data, "u1") - 1]);
  }

  @Test
  void givenSplitKeepsThePartsAndTheReleasedHistories() throws Exception {
    Path prefix = benchmark();
    SplitDataset split = Amazon2023Split.load(prefix, IdOrder.FIRST_SEEN);
    SequenceDataset data = split.data();
    assertEquals(DatasetLoader.load(prefix, LoadOptions.defaults()).items(), data.items());
    int u1 = user(data, "u1");
    assertArrayEquals(items(data, "B0A", "B0B"), split.trainSequence(u1));
    assertEquals(2, split.valid().size());
    assertEquals(2, split.test().size());
    EvalCase valid = split.valid().get(0);
    assertEquals(u1, valid.user());
    assertArrayEquals(items(data, "B0A", "B0B"), valid.history());
    assertArrayEquals(items(data, "B0C"), valid.targets());
    EvalCase test = split.test().get(1);
    assertArrayEquals(items(data, "B0B", "B0C", "B0A"), test.history());
    assertArrayEquals(items(data, "B0E"), test.targets());
  }

  @Test
  void timestampVariantMayGiveAUserSeveralCasesOrNone() throws Exception {
    write(dir, "T.train.csv", HEADER + "u1,A,5,1,\n" + "u2,B,5,1,\n");
    write(dir, "T.valid.csv", HEADER + "u1,B,5,2,A\n");
    write(dir, "T.test.csv", HEADER + "u1,C,5,3,A B\n" + "u1,D,5,4,A B C\n");
    SplitDataset split = Amazon2023Split.load(dir.resolve("T"), IdOrder.FIRST_SEEN);
    assertEquals(1, split.valid().size());
    assertEquals(List.of(1, 1), split.test().stream().map(EvalCase::user).toList());
    assertArrayEquals(items(split.data(), "A", "B", "C"), split.test().get(1).history());
  }

  @Test
  void ratingOnlyFileIsAllItsInteractions() throws Exception {
    Path file = write(dir, "R.csv", "user_id,parent_asin,rating,timestamp\n" + "u1,X,5,30\n" + "u1,Y,5,10\n" + "u2,X,1,5\n");
    assertEquals(DataFormat.AMAZON2023, DatasetLoader.detect(file));
    SequenceDataset data = DatasetLoader.load(file, LoadOptions.defaults());
    assertArrayEquals(items(data, "Y", "X"), data.sequence(user(data, "u1")));
    assertEquals(3, data.numInteractions());
  }

  /** The release publishes the larger categories' splits as .csv.gz: read as the plain ones are. */
  @Test
  void gzippedPartsReadAsThePlainOnes() throws Exception {
    Path plain = benchmark();
    Path zipped = Files.createDirectories(dir.resolve("gz")).resolve("Tiny");
    for (String part : new String[] {"train", "valid", "test"}) {
      byte[] text = Files.readAllBytes(dir.resolve("Tiny." + part + ".csv"));
      try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(dir.resolve("gz").resolve("Tiny." + part + ".csv.gz")))) {
        out.write(text);
      }
    }
    assertEquals(DataFormat.AMAZON2023, DatasetLoader.detect(zipped));
    assertEquals(DataFormat.AMAZON2023, DatasetLoader.detect(dir.resolve("gz").resolve("Tiny.train.csv.gz")));
    SequenceDataset expected = DatasetLoader.load(plain, LoadOptions.defaults());
    SequenceDataset read = DatasetLoader.load(zipped, LoadOptions.defaults());
    assertEquals(expected.items().originals(), read.items().originals());
    for (int u = 0; u < expected.sequences().length; u++) {
      assertArrayEquals(expected.sequences()[u], read.sequences()[u], "user " + u);
    }
    // A .gz that is not gzip, and gzipped bytes that are not UTF-8, name the file.
    Path notGzip = write(dir, "bad.csv.gz", "user_id,parent_asin,rating,timestamp\nu1,A,5,1\n");
    assertTrue(assertThrows(DataFormatException.class, () -> DatasetLoader.load(notGzip, LoadOptions.defaults()))
        .getMessage().contains("gzip"));
    Path latin1 = dir.resolve("latin.csv.gz");
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(latin1))) {
      out.write("user_id,parent_asin,rating,timestamp\nu1,A\u00e9,5,1\n".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
    }
    DataFormatException notUtf8 = assertThrows(DataFormatException.class,
        () -> DatasetLoader.load(latin1, LoadOptions.defaults()));
    assertTrue(notUtf8.getMessage().contains("latin.csv.gz") && notUtf8.getMessage().contains("UTF-8"), notUtf8.getMessage());
  }

  @Test
  void faultsNameFileAndLine() throws Exception {
    Path noColumn = write(dir, "a.csv", "user_id,rating,timestamp\nu1,5,1\n");
    assertTrue(assertFault(noColumn, 1, () -> new Amazon2023Loader(IdOrder.FIRST_SEEN).load(noColumn))
        .getMessage().contains("parent_asin"));
    Path badTime = write(dir, "b.csv", "user_id,parent_asin,rating,timestamp\nu1,A,5,1\nu1,A,5,yesterday\n");
    assertFault(badTime, 3, () -> new Amazon2023Loader(IdOrder.FIRST_SEEN).load(badTime));
    Path shortRow = write(dir, "c.csv", "user_id,parent_asin,rating,timestamp\nu1,A,5\n");
    assertFault(shortRow, 2, () -> new Amazon2023Loader(IdOrder.FIRST_SEEN).load(shortRow));
    Path emptyItem = write(dir, "d.csv", "user_id,parent_asin,rating,timestamp\n\nu1, ,5,1\n");
    assertFault(emptyItem, 3, () -> new Amazon2023Loader(IdOrder.FIRST_SEEN).load(emptyItem));
  }

  @Test
  void givenCasesNeedTheHistoryColumn() throws Exception {
    write(dir, "H.train.csv", "user_id,parent_asin,rating,timestamp\nu1,A,5,1\n");
    Path valid = write(dir, "H.valid.csv", "user_id,parent_asin,rating,timestamp\nu1,B,5,2\n");
    assertFault(valid, 1, () -> Amazon2023Split.load(dir.resolve("H"), IdOrder.FIRST_SEEN));
  }

  @Test
  void givenSplitOfAFormatWithoutPartsIsAConfigError() throws Exception {
    Path file = write(dir, "s.txt", "1 2 3\n");
    DataConfig d = DataConfig.defaults();
    DataConfig config = new DataConfig(file.toString(), "", DataConfig.Format.SEQUENCE, DataConfig.Split.GIVEN,
        d.timeQuantile(), d.maxLength(), d.userColumn(), d.itemColumn(), d.timeColumn(), d.items());
    ConfigException e = assertThrows(ConfigException.class,
        () -> Datasets.split(Datasets.load(config), config));
    assertTrue(e.getMessage().contains("data.split"), e.getMessage());
  }
}
