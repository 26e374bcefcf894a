package io.genrec.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import io.genrec.config.ConfigReader;
import io.genrec.data.fetch.DataRoots;
import io.genrec.experiment.RunDirectory;
import io.genrec.model.catalog.ModelCatalog;
import io.genrec.train.TinyRuns;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A config that names its dataset runs from a data directory laid out as the catalog lays it out,
 * says in provenance.json which files it read, and is the run directory of the same config written
 * with ../shared/data paths; a dataset found nowhere stops the run with one message and no files.
 */
class NamedDatasetRunTest {
  @TempDir Path dir;

  @AfterEach
  void clearDataDirectory() {
    System.clearProperty(DataRoots.PROPERTY);
  }

  private Path config(String name, String data) throws Exception {
    Path cfg = dir.resolve(name + ".json");
    Files.writeString(cfg, """
        {"experiment": "named", "data": %s,
         "model": {"name": "sasrec", "hidden": 8, "num_blocks": 1, "num_heads": 1},
         "train": {"epochs": 1, "progress": false}, "export": {"enabled": false}}
        """.formatted(data));
    return cfg;
  }

  @Test
  void aNamedDatasetRunsFromTheDataDirectoryAndProvenanceSaysWhatItRead() throws Exception {
    Path data = dir.resolve("data");
    Path s3rec = Files.createDirectories(data.resolve("amazon2014-s3rec"));
    Files.copy(TinyRuns.writeSequences(dir, 60, 30, 5), s3rec.resolve("Beauty.txt"));
    Files.writeString(s3rec.resolve("Beauty_item2attributes.json"), "{}");
    System.setProperty(DataRoots.PROPERTY, data.toString());
    Path runs = dir.resolve("runs");
    Path named = config("named", """
        {"dataset": "beauty", "path": "Beauty.txt", "max_length": 8,
         "items": "../amazon2014-beauty-item-metadata/derived/Beauty_items.tsv"}""");

    CapturedMain run = CapturedMain.run("run", named.toString(), "--runs-dir", runs.toString());

    assertEquals(0, run.code(), run.text());
    Path pathForm = config("paths", """
        {"path": "../shared/data/amazon2014-s3rec/Beauty.txt", "max_length": 8,
         "items": "../shared/data/amazon2014-beauty-item-metadata/derived/Beauty_items.tsv"}""");
    String sameRun = RunDirectory.name(new ConfigReader(ModelCatalog.INSTANCE).read(pathForm, List.of()));
    Path runDir = runs.resolve("named").resolve(sameRun);
    assertTrue(Files.isRegularFile(runDir.resolve(RunDirectory.DONE)), "expected the path form's run directory "
        + runDir + "; have " + listing(runs.resolve("named")));

    String log = Files.readString(runDir.resolve(RunDirectory.RUN_LOG));
    assertTrue(log.contains("derived/Beauty_items.tsv is made beside the shared data") && log.contains("no brand coverage"),
        log);
    JsonObject read = ConfigReader.parseFile(runDir.resolve(RunDirectory.PROVENANCE)).getAsJsonArray("data")
        .get(0).getAsJsonObject();
    assertEquals("beauty", read.get("dataset").getAsString());
    assertEquals(data.toAbsolutePath().normalize().toString(), read.get("found_in").getAsString());
    assertEquals(s3rec.resolve("Beauty.txt").toAbsolutePath().normalize().toString(), read.get("path").getAsString());
    assertTrue(read.get("items").isJsonNull(), read.toString());
    assertTrue(read.get("items_missing").getAsString().endsWith("amazon2014-beauty-item-metadata/derived/Beauty_items.tsv"));
    JsonObject beautyTxt = read.getAsJsonArray("files").get(0).getAsJsonObject();
    assertEquals("amazon2014-s3rec/Beauty.txt", beautyTxt.get("file").getAsString());
    assertFalse(beautyTxt.get("matches_catalog").getAsBoolean(), "the stand-in file is not the catalogued Beauty.txt");
    JsonObject metrics = ConfigReader.parseFile(runDir.resolve(RunDirectory.METRICS));
    assertEquals(60, metrics.getAsJsonObject("dataset").get("users").getAsInt(), metrics.toString());
  }

  @Test
  void aDatasetFoundNowhereIsOneMessageNamingItThePlacesAndTheFetchCommand() throws Exception {
    Path data = Files.createDirectories(dir.resolve("empty-data"));
    System.setProperty(DataRoots.PROPERTY, data.toString());
    Path runs = dir.resolve("runs");
    Path cfg = config("nowhere", "{\"dataset\": \"amazon2023-raw-video_games\", \"max_length\": 8}");

    CapturedMain run = CapturedMain.run("run", cfg.toString(), "--runs-dir", runs.toString());

    assertNotEquals(0, run.code(), run.text());
    for (String expected : new String[] {"data.dataset = \"amazon2023-raw-video_games\": not found",
        data.toAbsolutePath().toString(), "shared/data", "tools/genrec data get amazon2023-raw-video_games"}) {
      assertTrue(run.text().contains(expected), "expected '" + expected + "' in: " + run.text());
    }
    assertFalse(run.text().contains("\tat "), run.text());
    assertFalse(Files.exists(runs.resolve("named")), "nothing is written for a run that cannot find its data");
  }

  @Test
  void aTokenizerFittedUnderThePathFormIsTheSameFitWhenTheConfigNamesTheDataset() throws Exception {
    Path out = Files.createDirectories(dir.resolve("fit"));
    String tokenize = """
        {"items_embeddings": ["e.npy"], "data": %s, "tokenizer": "rq-kmeans", "out": "fit"}""";
    Path before = dir.resolve("before.json");
    Files.writeString(before, tokenize.formatted("{\"path\": \"../shared/data/amazon2014-s3rec/Beauty.txt\"}"));
    Files.writeString(out.resolve(TokenizeCommand.CONFIG_FILE),
        io.genrec.tokenize.TokenizeConfig.read(before, List.of()).toJson().toString());
    Path now = dir.resolve("now.json");
    Files.writeString(now, tokenize.formatted("{\"dataset\": \"beauty\", \"path\": \"Beauty.txt\"}"));
    TokenizeCommand.guardResume(out, io.genrec.tokenize.TokenizeConfig.read(now, List.of()).toJson(), false);
    Path other = dir.resolve("other.json");
    Files.writeString(other, tokenize.formatted("{\"dataset\": \"sports\"}"));
    UsageException e = org.junit.jupiter.api.Assertions.assertThrows(UsageException.class, () ->
        TokenizeCommand.guardResume(out, io.genrec.tokenize.TokenizeConfig.read(other, List.of()).toJson(), false));
    assertTrue(e.getMessage().contains("data.path"), e.getMessage());
  }

  @Test
  void dataGetFetchesNothingWhenTheBundledCopyHasTheDatasetVerified() throws Exception {
    org.junit.jupiter.api.Assumptions.assumeTrue(Files.isDirectory(Path.of(DataRoots.BUNDLED, "amazon2014-s3rec")));
    Path data = dir.resolve("data");
    System.setProperty(DataRoots.PROPERTY, data.toString());
    CapturedMain get = CapturedMain.run("data", "get", "beauty");
    assertEquals(0, get.code(), get.text());
    assertTrue(get.text().contains("beauty: present and verified in ../shared/data (bundled)"), get.text());
    assertFalse(Files.exists(data), "nothing fetched");
  }

  private static String listing(Path d) throws Exception {
    if (!Files.isDirectory(d)) return "nothing";
    try (Stream<Path> s = Files.list(d)) {
      return s.map(p -> p.getFileName().toString()).toList().toString();
    }
  }
}
