package io.genrec.train;

import io.genrec.experiment.TrainingRun;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.genrec.config.RunConfig;
import io.genrec.experiment.RunDirectory;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The platform refactor (model packages, hooks, warm start, parameter groups, several sources) must
 * not change what the existing models compute: with one thread and a fixed seed, every epoch's loss
 * and every valid/test metric of SASRec, DiffSASRec and TIGER equals, bit for bit, the numbers stored
 * in {@code golden/platform.json}, which were computed by the code as it stood before the refactor.
 *
 * <p>To regenerate after an intended change of results (say so in the commit):
 * {@code mvn test -Dtest=PlatformGoldenTest -Dgenrec.golden.write=src/test/resources/golden/platform.json}.
 */
class PlatformGoldenTest {
  static final String RESOURCE = "/golden/platform.json";
  private static final String ONE_THREAD =
      "\"train\": {\"intra_op_threads\": 1, \"inter_op_threads\": 1, \"epochs\": 2}, \"export\": {\"enabled\": false}";

  @TempDir Path dir;

  /** Each case: the extra config merged over {@link TinyRuns#sasrec}. IDS is replaced by an ID file. */
  static Map<String, String> cases() {
    Map<String, String> c = new LinkedHashMap<>();
    c.put("sasrec-softmax", "{\"model\": {\"loss\": \"softmax\"}, " + ONE_THREAD + "}");
    c.put("sasrec-bce-post", "{\"model\": {\"loss\": \"bce\", \"norm\": \"post\"}, " + ONE_THREAD + "}");
    c.put("diffsasrec-single", "{\"model\": {\"name\": \"diffsasrec\", \"hidden\": 16, \"num_blocks\": 1,"
        + " \"num_heads\": 2, \"diffusion_type\": \"single\"}, " + ONE_THREAD + "}");
    c.put("diffsasrec-multi", "{\"model\": {\"name\": \"diffsasrec\", \"hidden\": 16, \"num_blocks\": 1,"
        + " \"num_heads\": 2, \"diffusion_type\": \"multi\", \"num_recs\": 3}, \"eval\": {\"ks\": [3]}, "
        + ONE_THREAD + "}");
    c.put("tiger-file-ids", "{\"model\": {\"name\": \"tiger\", \"semantic_ids\": {\"source\": \"file\","
        + " \"path\": \"IDS\"}, \"user_buckets\": 0, \"d_model\": 16, \"num_heads\": 2, \"head_dim\": 8,"
        + " \"ff_dim\": 32, \"encoder_layers\": 1, \"decoder_layers\": 1, \"beam\": 5},"
        + " \"eval\": {\"ks\": [5]}, " + ONE_THREAD + "}");
    return c;
  }

  @Test
  void existingModelsComputeExactlyWhatTheyDidBeforeTheRefactor() throws Exception {
    Path data = TinyRuns.writeSequences(dir, 60, 20, 5);
    String ids = GradientCoverageTest.writeSemanticIds(dir, 20).toString().replace("\\", "/");
    JsonObject now = new JsonObject();
    for (Map.Entry<String, String> c : cases().entrySet()) {
      RunConfig cfg = TinyRuns.sasrec(data, dir.resolve("exports"), c.getValue().replace("IDS", ids));
      Path runDir = Files.createDirectories(dir.resolve(c.getKey()));
      RunDirectory run = new RunDirectory(runDir);
      new TrainingRun().execute(cfg, run);
      JsonObject one = new JsonObject();
      JsonArray losses = new JsonArray();
      for (String line : run.epochLines()) {
        losses.add(JsonParser.parseString(line).getAsJsonObject().get("loss"));
      }
      one.add("losses", losses);
      JsonObject metrics = JsonParser.parseString(Files.readString(runDir.resolve("metrics.json"))).getAsJsonObject();
      one.add("valid", metrics.get("valid"));
      one.add("test", metrics.get("test"));
      now.add(c.getKey(), one);
    }
    String write = System.getProperty("genrec.golden.write");
    if (write != null && !write.isBlank()) {
      Path out = Path.of(write);
      Files.createDirectories(out.getParent());
      Files.writeString(out, new GsonBuilder().setPrettyPrinting().create().toJson(now) + "\n");
      return;
    }
    JsonObject golden;
    try (InputStream in = PlatformGoldenTest.class.getResourceAsStream(RESOURCE)) {
      assertNotNull(in, RESOURCE + " is missing");
      golden = JsonParser.parseString(new String(in.readAllBytes(), StandardCharsets.UTF_8)).getAsJsonObject();
    }
    assertEquals(golden.keySet(), now.keySet());
    for (String name : golden.keySet()) {
      JsonObject g = golden.getAsJsonObject(name);
      JsonObject n = now.getAsJsonObject(name);
      for (String part : new String[] {"losses", "valid", "test"}) {
        assertSame(name + "." + part, g.get(part), n.get(part));
      }
    }
  }

  /**
   * Equality of numbers up to {@link #RELATIVE} (the JSON text of a double round-trips). Not bit
   * equality: TensorFlow's CPU kernels sum in a different order on another CPU (AVX2 against
   * AVX-512), which moved the last float bits on a new CI machine; a refactor that changes the
   * computation moves these values by orders of magnitude more.
   */
  static final double RELATIVE = 1e-5;

  private static void assertSame(String what, JsonElement expected, JsonElement actual) {
    if (expected.isJsonArray()) {
      JsonArray e = expected.getAsJsonArray();
      JsonArray a = actual.getAsJsonArray();
      assertEquals(e.size(), a.size(), what + ": length");
      for (int i = 0; i < e.size(); i++) assertSame(what + "[" + i + "]", e.get(i), a.get(i));
    } else if (expected.isJsonObject()) {
      JsonObject e = expected.getAsJsonObject();
      JsonObject a = actual.getAsJsonObject();
      assertEquals(e.keySet(), a.keySet(), what + ": keys");
      for (String k : e.keySet()) assertSame(what + "." + k, e.get(k), a.get(k));
    } else {
      double e = expected.getAsDouble();
      assertEquals(e, actual.getAsDouble(), RELATIVE * Math.max(1.0, Math.abs(e)), what);
    }
  }
}
