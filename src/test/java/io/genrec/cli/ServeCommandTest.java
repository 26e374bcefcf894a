package io.genrec.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.genrec.config.RunConfig;
import io.genrec.experiment.RunDirectory;
import io.genrec.serve.ServingModel;
import io.genrec.train.TinyRuns;
import io.genrec.experiment.TrainingRun;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** genrec serve's JSON-lines mode over a tiny exported SASRec. */
class ServeCommandTest {
  @TempDir static Path dir;
  static Path savedModel;

  @BeforeAll
  static void train() throws Exception {
    Path data = TinyRuns.writeSequences(dir, 50, 25, 2);
    RunConfig cfg = TinyRuns.sasrec(data, dir.resolve("exports"), "{\"train\": {\"epochs\": 1}}");
    RunDirectory run = new RunDirectory(Files.createDirectories(dir.resolve("run")));
    new TrainingRun().execute(cfg, run);
    savedModel = run.savedModelDir();
  }

  @Test
  void answersEachLineAndNamesTheBadOnes() throws Exception {
    String input = "{\"history\": [101, 102, 103], \"k\": 3, \"id\": \"a\"}\n"
        + "not json\n"
        + "{\"history\": [104]}\n"
        + "{\"k\": 2}\n";
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int code;
    try (ServingModel m = new ServingModel(savedModel)) {
      code = ServeCommand.serveLines(m, 5, new BufferedReader(new StringReader(input)),
          new PrintStream(out, true, StandardCharsets.UTF_8));
    }
    String[] lines = out.toString(StandardCharsets.UTF_8).split("\n");
    assertEquals(4, lines.length);
    JsonObject first = JsonParser.parseString(lines[0]).getAsJsonObject();
    assertEquals("a", first.get("id").getAsString());
    assertEquals(3, first.getAsJsonArray("top_k_ids").size());
    assertTrue(lines[1].contains("stdin line 2"), lines[1]);
    assertEquals(5, JsonParser.parseString(lines[2]).getAsJsonObject().getAsJsonArray("top_k_ids").size());
    assertTrue(lines[3].contains("stdin line 4") && lines[3].contains("history"), lines[3]);
    assertEquals(ExitCode.FAILURE, code);
    // Every returned id is a real item id of the tiny catalog (101..125).
    for (var id : first.getAsJsonArray("top_k_ids")) {
      long v = id.getAsLong();
      assertTrue(v >= 101 && v <= 125, "id " + v);
    }
  }

  @Test
  void badRequestLinesAreNamedInPlainWordsWithoutGsonOrJavaText() throws Exception {
    String input = "not json\n[1, 2]\n{\"history\": [\"x\"]}\n{\"history\": [1.5]}\n"
        + "{\"history\": [101], \"k\": \"ten\"}\n{\"history\": [101], \"k\": 2.5}\n";
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ServingModel m = new ServingModel(savedModel)) {
      ServeCommand.serveLines(m, 5, new BufferedReader(new StringReader(input)),
          new PrintStream(out, true, StandardCharsets.UTF_8));
    }
    String[] lines = out.toString(StandardCharsets.UTF_8).split("\n");
    String[][] expected = {{"stdin line 1", "not JSON", "one object per line"}, {"stdin line 2", "expected a JSON object"},
        {"stdin line 3", "history[0]", "integer item id"}, {"stdin line 4", "history[0]: found 1.5"},
        {"stdin line 5", "\\\"k\\\": found \\\"ten\\\"", "positive integer"}, {"stdin line 6", "found 2.5"}};
    assertEquals(expected.length, lines.length);
    for (int i = 0; i < lines.length; i++) {
      String error = JsonParser.parseString(lines[i]).getAsJsonObject().get("error").getAsString();
      for (String e : expected[i]) assertTrue(lines[i].contains(e) || error.contains(e), "expected '" + e + "' in " + error);
      assertTrue(!error.contains("Exception") && !error.contains("gson") && !error.contains("LENIENT"), error);
    }
  }

  @Test
  void aKBeyondTheCatalogIsAClearErrorNeverPaddingOrInfinity() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ServingModel m = new ServingModel(savedModel)) {
      ServeCommand.serveLines(m, 5, new BufferedReader(new StringReader("{\"history\": [101, 102], \"k\": 40}\n")),
          new PrintStream(out, true, StandardCharsets.UTF_8));
    }
    String reply = out.toString(StandardCharsets.UTF_8);
    assertTrue(reply.contains("\"k\\\" 40: only") && !reply.contains("Infinity"), reply);
    UsageException e = org.junit.jupiter.api.Assertions.assertThrows(UsageException.class, () -> new ServeCommand().run(
        new org.apache.commons.cli.DefaultParser().parse(new ServeCommand().options(),
            new String[] {"--model", savedModel.toString(), "--history", "101,102", "--k", "40"})));
    assertTrue(e.getMessage().startsWith("--k 40: only 25 items"), e.getMessage());
  }

  @Test
  void aFolderThatIsNoSavedModelIsRejectedClearly() {
    IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(
        IllegalArgumentException.class, () -> new ServingModel(dir));
    assertTrue(e.getMessage().contains("not a SavedModel"), e.getMessage());
  }

  @Test
  void threadSettingsChangeNothingButSpeedAndBadOnesAreUsageErrors() {
    long[][] histories = {{101, 102, 103}, {110}};
    ServingModel.TopK a;
    ServingModel.TopK b;
    try (ServingModel one = new ServingModel(savedModel, 1, 1)) {
      a = one.recommend(histories, 5);
    }
    try (ServingModel tfChoice = new ServingModel(savedModel, 0, 0)) {
      b = tfChoice.recommend(histories, 5);
    }
    for (int u = 0; u < histories.length; u++) {
      org.junit.jupiter.api.Assertions.assertArrayEquals(a.ids()[u], b.ids()[u]);
      org.junit.jupiter.api.Assertions.assertArrayEquals(a.scores()[u], b.scores()[u], 1e-6f);
    }
    assertEquals(ExitCode.USAGE, Main.run(new String[] {"serve", "--model", savedModel.toString(), "--history",
        "101", "--intra-op-threads", "-1"}));
    assertEquals(ExitCode.USAGE, Main.run(new String[] {"serve", "--model", savedModel.toString(), "--history",
        "101", "--inter-op-threads", "two"}));
    assertEquals(ExitCode.OK, Main.run(new String[] {"serve", "--model", savedModel.toString(), "--history",
        "101,102", "--intra-op-threads", "1", "--inter-op-threads", "1"}));
  }

  /** bf16 moves scores by bf16's rounding, not the model's answer: same best item, scores within 0.05. */
  @Test
  void bf16ServesTheSameModelWithScoresCloseToFloat32AndAnUnknownPrecisionIsAUsageError() {
    long[][] histories = {{101, 102, 103}, {110}};
    ServingModel.TopK f32;
    ServingModel.TopK bf16;
    try (ServingModel m = new ServingModel(savedModel, 1, 1)) {
      f32 = m.recommend(histories, 5);
    }
    try (ServingModel m = new ServingModel(savedModel, 1, 1, io.genrec.config.Precision.BF16)) {
      bf16 = m.recommend(histories, 5);
    }
    for (int u = 0; u < histories.length; u++) {
      assertEquals(5, bf16.ids()[u].length);
      org.junit.jupiter.api.Assertions.assertArrayEquals(f32.scores()[u], bf16.scores()[u], 0.05f);
    }
    assertEquals(ExitCode.OK, Main.run(new String[] {"serve", "--model", savedModel.toString(), "--history",
        "101,102", "--precision", "bf16"}));
    assertEquals(ExitCode.USAGE, Main.run(new String[] {"serve", "--model", savedModel.toString(), "--history",
        "101", "--precision", "fp16"}));
  }
}
