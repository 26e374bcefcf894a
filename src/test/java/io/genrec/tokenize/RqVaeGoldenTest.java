package io.genrec.tokenize;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * The RQ-VAE's epoch-start work (k-means init, dead-code re-seeding) moved onto the model hooks; the
 * fit must stay exactly what it was: the codes, the first codebook and the reconstruction error
 * equal {@code golden/rqvae.json}, computed before the move (one thread, fixed seed).
 * Regenerate with {@code -Dgenrec.golden.write.rqvae=src/test/resources/golden/rqvae.json}.
 */
class RqVaeGoldenTest {
  @Test
  void theFitIsExactlyWhatItWasBeforeTheHooks() throws Exception {
    Synthetic.Clustered data = Synthetic.clusters(8, 40, 16, 1, 0.03, 11);
    RqVae vae = new RqVae(RqVaeTest.tiny(4, 4));
    vae.fit(data.table(), 21);
    JsonObject now = new JsonObject();
    JsonArray codes = new JsonArray();
    for (int[] row : vae.codes()) codes.add(Arrays.toString(row));
    now.add("codes", codes);
    JsonArray book = new JsonArray();
    for (float[] row : vae.codebook(0)) for (float v : row) book.add(v);
    now.add("codebook0", book);
    now.addProperty("mse", vae.report().reconstructionMse());
    String write = System.getProperty("genrec.golden.write.rqvae");
    if (write != null && !write.isBlank()) {
      Files.createDirectories(Path.of(write).getParent());
      Files.writeString(Path.of(write), new GsonBuilder().setPrettyPrinting().create().toJson(now) + "\n");
      return;
    }
    JsonObject golden;
    try (InputStream in = RqVaeGoldenTest.class.getResourceAsStream("/golden/rqvae.json")) {
      assertNotNull(in, "golden/rqvae.json is missing");
      golden = JsonParser.parseString(new String(in.readAllBytes(), StandardCharsets.UTF_8)).getAsJsonObject();
    }
    assertEquals(golden.get("codes"), now.get("codes"));
    JsonArray g = golden.getAsJsonArray("codebook0");
    assertEquals(g.size(), book.size());
    // Codes exactly; floats up to the last bits a different CPU's kernels move (see PlatformGoldenTest).
    double tol = 1e-5;
    for (int i = 0; i < g.size(); i++) {
      float e = g.get(i).getAsFloat();
      assertEquals(e, book.get(i).getAsFloat(), tol * Math.max(1.0, Math.abs(e)), "codebook0[" + i + "]");
    }
    double mse = golden.get("mse").getAsDouble();
    assertEquals(mse, now.get("mse").getAsDouble(), tol * Math.max(1.0, Math.abs(mse)));
  }
}
