package io.genrec.model.s3rec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.genrec.config.ConfigException;
import io.genrec.config.ConfigReader;
import io.genrec.config.RunConfig;
import io.genrec.data.fetch.DataRoots;
import io.genrec.model.catalog.ModelCatalog;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** model.attributes of a config that names its dataset is found inside that dataset, wherever it was put. */
class S3RecAttributesFileTest {
  @TempDir Path dir;

  @AfterEach
  void clearDataDirectory() {
    System.clearProperty(DataRoots.PROPERTY);
  }

  private RunConfig read(String data, String attributes) throws Exception {
    Path cfg = dir.resolve("pretrain.json");
    Files.writeString(cfg, """
        {"data": %s, "model": {"name": "s3rec", "objective": "pretrain", "attributes": "%s"}}
        """.formatted(data, attributes));
    return new ConfigReader(ModelCatalog.INSTANCE).read(cfg, List.of()).config();
  }

  @Test
  void aRelativePathResolvesInsideTheNamedDatasetsDirectory() throws Exception {
    Path s3rec = Files.createDirectories(dir.resolve("data/amazon2014-s3rec"));
    Files.writeString(s3rec.resolve("Beauty.txt"), "1 1 2 3\n");
    Files.writeString(s3rec.resolve("Beauty_item2attributes.json"), "{}");
    Files.writeString(s3rec.resolve("Beauty_item2attributes.json"), "{}");
    System.setProperty(DataRoots.PROPERTY, dir.resolve("data").toString());
    RunConfig run = read("{\"dataset\": \"beauty\"}", "Beauty_item2attributes.json");
    S3RecConfig model = (S3RecConfig) run.model();
    assertEquals(s3rec.resolve("Beauty_item2attributes.json").toAbsolutePath().normalize(),
        model.attributesFile(run).toAbsolutePath().normalize());
  }

  @Test
  void aMissingFileNamesTheKeyAndWhereItLooked() throws Exception {
    Path s3rec = Files.createDirectories(dir.resolve("data/amazon2014-s3rec"));
    Files.writeString(s3rec.resolve("Beauty.txt"), "1 1 2 3\n");
    Files.writeString(s3rec.resolve("Beauty_item2attributes.json"), "{}");
    System.setProperty(DataRoots.PROPERTY, dir.resolve("data").toString());
    ConfigException e = assertThrows(ConfigException.class,
        () -> read("{\"dataset\": \"beauty\"}", "Nope_item2attributes.json"));
    assertTrue(e.getMessage().contains("model.attributes = \"Nope_item2attributes.json\": no such file")
        && e.getMessage().contains(s3rec.resolve("Nope_item2attributes.json").normalize().toString())
        && e.getMessage().contains("inside the directory of data.dataset"), e.getMessage());
  }

  @Test
  void withoutADatasetNameAPathResolvesAgainstTheWorkingDirectory() throws Exception {
    Path seq = dir.resolve("seq.txt");
    Files.writeString(seq, "1 1 2 3\n");
    Path attrs = dir.resolve("attrs.json");
    Files.writeString(attrs, "{}");
    RunConfig run = read("{\"path\": \"" + seq + "\"}", attrs.toString());
    assertEquals(attrs, ((S3RecConfig) run.model()).attributesFile(run));
    ConfigException e = assertThrows(ConfigException.class,
        () -> read("{\"path\": \"" + seq + "\"}", "no-such-attrs.json"));
    assertTrue(e.getMessage().contains("relative paths resolve against the working directory"), e.getMessage());
  }
}
