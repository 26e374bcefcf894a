package io.genrec.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetLoaderTest {
  @TempDir Path dir;

  @Test
  void detectsFormatFromExtensionDirectoryPrefixAndContent() throws IOException {
    assertEquals(DataFormat.SEQUENCE, DatasetLoader.detect(Fixtures.write(dir, "a.txt", "1 2 3\n")));
    assertEquals(DataFormat.RECBOLE, DatasetLoader.detect(Fixtures.write(dir, "a.inter", "user_id:token\titem_id:token\n")));
    assertEquals(DataFormat.CSV, DatasetLoader.detect(Fixtures.write(dir, "a.csv", "UserId,ProductId\n")));
    assertEquals(DataFormat.RECBOLE, DatasetLoader.detect(Fixtures.write(dir, "b.dat", "user_id:token\titem_id:token\n")));
    assertEquals(DataFormat.CSV, DatasetLoader.detect(Fixtures.write(dir, "c.dat", "UserId,ProductId\n")));
    assertEquals(DataFormat.SEQUENCE, DatasetLoader.detect(Fixtures.write(dir, "d.dat", "1 2 3\n")));

    Path split = dir.resolve("split");
    RecBoleLoaderTest.writeTruncatedUnisrec(split);
    assertEquals(DataFormat.RECBOLE, DatasetLoader.detect(split));
    assertEquals(DataFormat.RECBOLE, DatasetLoader.detect(split.resolve("Tiny")));
    assertThrows(NoSuchFileException.class, () -> DatasetLoader.detect(dir.resolve("nothing")));
  }

  @Test
  void loadsEachFormatAndHonoursAnOverride() throws IOException {
    Path seq = Fixtures.write(dir, "seq.txt", "1 5 6 7\n2 6\n");
    SequenceDataset data = DatasetLoader.load(seq, LoadOptions.defaults());
    assertEquals(4, data.numInteractions());
    assertNull(data.timestamps());

    Path csvWithOddName = Fixtures.write(dir, "events.log", "who,what,when\nu,i,2\nu,j,1\n");
    LoadOptions csv =
        LoadOptions.defaults().withFormat(DataFormat.CSV).withCsvColumns(new CsvColumns("who", "what", "when"));
    SequenceDataset fromCsv = DatasetLoader.load(csvWithOddName, csv);
    assertNotNull(fromCsv.timestamps());
    assertEquals(2, fromCsv.numInteractions());

    Path split = dir.resolve("split");
    RecBoleLoaderTest.writeTruncatedUnisrec(split);
    assertEquals(11, DatasetLoader.load(split.resolve("Tiny"), LoadOptions.defaults()).numInteractions());

    // numeric order through the options
    SequenceDataset numeric =
        DatasetLoader.load(Fixtures.write(dir, "n.txt", "9 30 4\n"), LoadOptions.defaults().withIdOrder(IdOrder.NUMERIC));
    assertEquals("4", numeric.items().original(1));
  }

  @Test
  void statsAsJson() throws IOException {
    SequenceDataset data = DatasetLoader.load(Fixtures.write(dir, "s.txt", "1 1 2 3\n2 2\n"), LoadOptions.defaults());
    DatasetStats stats = DatasetStats.of(data);
    // 2 users, 3 items, 4 interactions: avg 2, max 3, density 4 / 6
    assertEquals(new DatasetStats(2, 3, 4, 2.0, 3, 4.0 / 6), stats);
    JsonObject json = stats.toJson();
    assertEquals(Set.of("users", "items", "interactions", "avg_length", "max_length", "density"), json.keySet());
    assertEquals(4, json.get("interactions").getAsLong());
    assertEquals(4.0 / 6, json.get("density").getAsDouble(), 1e-12);
  }
}
