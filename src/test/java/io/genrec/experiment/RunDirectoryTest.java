package io.genrec.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.genrec.config.ConfigReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunDirectoryTest {
  private static ConfigReader.Resolved resolve(String json) {
    return TestRuns.READER.resolve(JsonParser.parseString(json).getAsJsonObject());
  }

  private static final String BASE =
      "{\"experiment\":\"x\",\"data\":{\"path\":\"d/Beauty.txt\"},\"model\":{\"name\":\"sasrec\"},\"train\":{\"lr\":0.001}}";

  @Test
  void nameIsModelDatasetAndSixHexOfTheResolvedConfig() {
    String name = RunDirectory.name(resolve(BASE));
    assertTrue(name.matches("sasrec-Beauty-[0-9a-f]{6}"), name);
    assertEquals(Path.of("root", "x", name), RunDirectory.of(Path.of("root"), resolve(BASE)).path());
  }

  @Test
  void hashIgnoresKeyOrderNumberSpellingAndSweep() {
    String reordered = "{\"train\":{\"lr\":1e-3},\"model\":{\"name\":\"sasrec\"},\"data\":{\"path\":\"d/Beauty.txt\"},"
        + "\"experiment\":\"x\",\"sweep\":{\"seed\":[1,2]}}";
    assertEquals(RunDirectory.name(resolve(BASE)), RunDirectory.name(resolve(reordered)));
    // Writing a default explicitly is the same run as leaving it out.
    String explicitDefault = BASE.replace("\"lr\":0.001", "\"lr\":0.001,\"epochs\":200");
    assertEquals(RunDirectory.name(resolve(BASE)), RunDirectory.name(resolve(explicitDefault)));
  }

  @Test
  void hashChangesWithAnyResolvedValue() {
    String a = RunDirectory.name(resolve(BASE));
    assertNotEquals(a, RunDirectory.name(resolve(BASE.replace("0.001", "0.0005"))));
    assertNotEquals(a, RunDirectory.name(resolve(BASE.replace("\"experiment\":\"x\",", "\"experiment\":\"x\",\"seed\":7,"))));
  }

  @Test
  void hashIsStableAcrossVersionsOfThisCode() {
    // Pinned: if the canonical form changes, every existing run directory would be orphaned.
    JsonObject tree = JsonParser.parseString("{\"b\":{\"y\":1.50,\"x\":[1e-3,2]},\"a\":\"s\",\"sweep\":{\"k\":[1]}}")
        .getAsJsonObject();
    assertEquals("{\"a\":\"s\",\"b\":{\"x\":[0.001,2],\"y\":1.5}}", ConfigDigest.canonical(tree));
    assertEquals("10eb2a", ConfigDigest.hash6(tree));
  }

  @Test
  void aKeyAModelGainedLaterLeavesItsOldRunsDigestAtTheDefaultOnly() {
    JsonObject sasrec = JsonParser.parseString("{\"model\":{\"name\":\"sasrec\",\"bucket_by_length\":false}}")
        .getAsJsonObject();
    assertEquals("{\"model\":{\"name\":\"sasrec\"}}", ConfigDigest.canonical(sasrec));
    JsonObject bucketed = JsonParser.parseString("{\"model\":{\"name\":\"sasrec\",\"bucket_by_length\":true}}")
        .getAsJsonObject();
    assertEquals("{\"model\":{\"bucket_by_length\":true,\"name\":\"sasrec\"}}", ConfigDigest.canonical(bucketed));
    // TIGER had the key before SASRec did: its false is part of its runs' digests.
    JsonObject tiger = JsonParser.parseString("{\"model\":{\"name\":\"tiger\",\"bucket_by_length\":false}}")
        .getAsJsonObject();
    assertEquals("{\"model\":{\"bucket_by_length\":false,\"name\":\"tiger\"}}", ConfigDigest.canonical(tiger));
  }

  @Test
  void datasetNamesAreMadeSafeForFileNames() {
    String name = RunDirectory.name(resolve(BASE.replace("\"path\":\"d/Beauty.txt\"",
        "\"path\":\"d/x.txt\",\"name\":\"Amazon Beauty/2014\"")));
    assertTrue(name.startsWith("sasrec-Amazon_Beauty_2014-"), name);
  }

  @Test
  void epochLinesAppendAndTruncateAtomically(@TempDir Path tmp) throws Exception {
    RunDirectory dir = new RunDirectory(tmp.resolve("run"));
    for (int e = 1; e <= 4; e++) {
      JsonObject line = new JsonObject();
      line.addProperty("epoch", e);
      dir.epoch(line);
    }
    assertEquals(4, dir.epochLines().size());
    dir.keepEpochs(2);
    assertEquals(List.of("{\"epoch\":1}", "{\"epoch\":2}"), dir.epochLines());
    dir.keepEpochs(5); // keeping more than exist changes nothing
    assertEquals(2, dir.epochLines().size());
    try (var files = Files.list(dir.path())) {
      assertEquals(List.of(RunDirectory.EPOCHS), files.map(p -> p.getFileName().toString()).toList(),
          "no temporary files are left behind");
    }
  }
}
