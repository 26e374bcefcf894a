package io.genrec.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.genrec.config.RunConfig;
import io.genrec.experiment.RunDirectory;
import io.genrec.experiment.TrainingRun;
import io.genrec.serve.ServingModel;
import io.genrec.serve.http.HttpServing;
import io.genrec.train.TinyRuns;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.StringReader;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.commons.cli.DefaultParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A string-id (ASIN) SavedModel answers over stdin lines and TF Serving's REST API as it does in process. */
class ServeStringIdsTest {
  @TempDir Path dir;

  @Test
  void stdinAndHttpTakeAndReturnStringIds() throws Exception {
    StringBuilder sb = new StringBuilder("user_id,parent_asin,rating,timestamp\n");
    for (int u = 1; u <= 30; u++) {
      for (int i = 0; i < 5; i++) sb.append("U").append(u).append(",B0").append((u + i) % 12).append("X,5,").append(i).append('\n');
    }
    Path data = Files.writeString(dir.resolve("Asin.csv"), sb.toString());
    RunConfig cfg = TinyRuns.sasrec(data, dir.resolve("exports"), "{\"train\": {\"epochs\": 1}}");
    RunDirectory run = new RunDirectory(Files.createDirectories(dir.resolve("run")));
    new TrainingRun().execute(cfg, run);
    String[] history = {"B03X", "B04X", "nope"};
    List<String> expected;
    try (ServingModel m = new ServingModel(run.savedModelDir())) {
      expected = List.of(m.recommend(new String[][] {history}, 4).ids()[0]);
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      int code = ServeCommand.serveLines(m, 4, new BufferedReader(new StringReader(
          "{\"history\": [\"B03X\", \"B04X\", \"nope\"]}\n")), new PrintStream(out, true, StandardCharsets.UTF_8));
      assertEquals(ExitCode.OK, code);
      JsonArray ids = JsonParser.parseString(out.toString(StandardCharsets.UTF_8)).getAsJsonObject().getAsJsonArray("top_k_ids");
      assertEquals(expected, ids.asList().stream().map(e -> e.getAsString()).toList());
    }
    assertTrue(expected.stream().allMatch(id -> id.startsWith("B0")), expected.toString());

    try (HttpServing server = ServeCommand.startHttp(new DefaultParser().parse(new ServeCommand().options(),
        new String[] {"--model", run.savedModelDir().toString(), "--model-name", "asin", "--port", "0",
        "--intra-op-threads", "1"}))) {
      String url = "http://127.0.0.1:" + server.address().getPort() + "/v1/models/asin:predict";
      JsonObject rows = post(url, "{\"instances\": [{\"history\": [\"B03X\", \"B04X\", \"nope\"], \"k\": 4}]}");
      assertEquals(expected, rows.getAsJsonArray("predictions").get(0).getAsJsonObject()
          .getAsJsonArray("top_k_ids").asList().stream().map(e -> e.getAsString()).toList(), rows.toString());
      JsonObject columns = post(url, "{\"inputs\": {\"history\": [[\"B03X\", \"B04X\", \"nope\"]], \"k\": 4}}");
      assertEquals(expected, columns.getAsJsonObject("outputs").getAsJsonArray("top_k_ids").get(0).getAsJsonArray()
          .asList().stream().map(e -> e.getAsString()).toList(), columns.toString());
    }
  }

  private static JsonObject post(String url, String body) throws Exception {
    HttpURLConnection c = (HttpURLConnection) URI.create(url).toURL().openConnection();
    c.setRequestMethod("POST");
    c.setDoOutput(true);
    c.setRequestProperty("Content-Type", "application/json");
    try (OutputStream out = c.getOutputStream()) {
      out.write(body.getBytes(StandardCharsets.UTF_8));
    }
    int status = c.getResponseCode();
    try (InputStream in = status >= 400 ? c.getErrorStream() : c.getInputStream()) {
      String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      assertEquals(200, status, text);
      return JsonParser.parseString(text).getAsJsonObject();
    }
  }
}
