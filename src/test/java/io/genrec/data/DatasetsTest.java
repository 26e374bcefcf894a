package io.genrec.data;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.genrec.config.DataConfig;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetsTest {
  @TempDir Path dir;

  private static DataConfig config(Path path, DataConfig.Format format, DataConfig.Split split) {
    DataConfig d = DataConfig.defaults();
    return new DataConfig(
        path.toString(), d.name(), format, split, 0.5, d.maxLength(), "who", "what", "when", d.items());
  }

  @Test
  void configChoosesFormatColumnsAndSplit() throws IOException {
    // u: x@1 y@2 z@3 -> leave-one-out: train x, valid y, test z
    Path csv = Fixtures.write(dir, "events.dat", "who,what,when\nu,z,3\nu,x,1\nu,y,2\n");
    DataConfig loo = config(csv, DataConfig.Format.CSV, DataConfig.Split.LEAVE_ONE_OUT);
    SequenceDataset data = Datasets.load(loo);
    SplitDataset split = Datasets.split(data, loo);
    assertEquals(1, split.numTrainInteractions());
    assertEquals(Fixtures.items(data, "z")[0], split.test().get(0).targets()[0]);

    Path prefix = RecBoleLoaderTest.writeTruncatedUnisrec(dir.resolve("given"));
    DataConfig given = config(prefix, DataConfig.Format.AUTO, DataConfig.Split.GIVEN);
    SplitDataset fromFiles = Datasets.split(Datasets.load(given), given);
    assertEquals(2, fromFiles.test().size());
    assertEquals(5 + 2, fromFiles.numTrainInteractions());
  }

  @Test
  void aDatasetWhereNoUserHasEnoughItemsForTheSplitFailsAtLoadNamingTheFile() throws Exception {
    Path file = java.nio.file.Files.writeString(dir.resolve("short.txt"), "u1 1 2\nu2 3 4\nu3 5\n");
    DataFormatException e = org.junit.jupiter.api.Assertions.assertThrows(DataFormatException.class,
        () -> Datasets.loadSplit(config(file, DataConfig.Format.AUTO, DataConfig.Split.LEAVE_ONE_OUT)));
    org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().startsWith(file.toString())
        && e.getMessage().contains("at least 3 items") && e.getMessage().contains("longest history 2"), e.getMessage());
    assertEquals(3, Datasets.loadSplit(config(file, DataConfig.Format.AUTO, DataConfig.Split.NONE)).data().users().size(),
        "a run without test (split none) still loads it");
  }
}
