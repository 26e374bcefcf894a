package io.genrec.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.genrec.embed.EmbeddingFile;
import io.genrec.tokenize.SemanticIdFile;
import io.genrec.tokenize.SemanticIds;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.apache.commons.cli.DefaultParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code genrec tokenize} over data.sources: one quantizer over every source's items (VQ-Rec pre-training). */
class TokenizeSourcesTest {
  @TempDir Path dir;

  private int run(Path cfg) throws Exception {
    TokenizeCommand command = new TokenizeCommand(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
    return command.run(new DefaultParser().parse(command.options(), new String[] {cfg.toString()}));
  }

  /** Users walking items first..first+items-1 in threes. */
  private Path data(String name, int first, int items) throws Exception {
    StringBuilder lines = new StringBuilder();
    for (int u = 0; u < items / 3; u++) {
      lines.append("u").append(u);
      for (int k = 0; k < 3; k++) lines.append(' ').append(first + 3 * u + k);
      lines.append('\n');
    }
    return Files.writeString(dir.resolve(name + ".txt"), lines.toString());
  }

  /** A table whose rows say which source they belong to: source a near +5, source b near -5 in column 0. */
  private Path table(String name, int items, float offset, long seed) throws Exception {
    Random random = new Random(seed);
    float[][] t = new float[items + 1][4];
    for (int i = 1; i <= items; i++) {
      for (int c = 0; c < 4; c++) t[i][c] = (float) random.nextGaussian() * 0.1f;
      t[i][0] += offset;
    }
    Path file = dir.resolve(name);
    EmbeddingFile.write(file, t);
    return file;
  }

  private Path config(Path... tables) throws Exception {
    StringBuilder files = new StringBuilder();
    for (Path t : tables) files.append(files.length() == 0 ? "" : ", ").append('"').append(slash(t)).append('"');
    String json = """
        {"items_embeddings": [%s],
         "data": {"sources": [{"name": "a", "path": "%s"}, {"name": "b", "path": "%s"}]},
         "tokenizer": "opq", "params": {"subvectors": 2, "codebook_size": 2}, "seed": 3, "out": "%s"}
        """.formatted(files, slash(data("a", 101, 30)), slash(data("b", 201, 15)), slash(dir.resolve("out")));
    return Files.writeString(dir.resolve("tokenize.json"), json);
  }

  private static String slash(Path p) {
    return p.toString().replace("\\", "/");
  }

  @Test
  void oneQuantizerCodesEverySourcesItemsUnderTheRunsIds() throws Exception {
    Path cfg = config(table("a.npy", 30, 5, 1), table("b.npy", 15, -5, 2));
    assertEquals(ExitCode.OK, run(cfg));
    SemanticIds ids = SemanticIdFile.readTsv(dir.resolve("out").resolve(SemanticIdFile.FILE_NAME));
    assertEquals(45, ids.size());
    assertEquals("a:101", ids.itemIds().get(0));
    assertEquals("b:201", ids.itemIds().get(30));
    // The sources are far apart in column 0, so one shared quantizer gives them different first codes.
    int[] a = ids.get("a:105").orElseThrow();
    int[] b = ids.get("b:210").orElseThrow();
    assertTrue(a[0] != b[0] || a[1] != b[1], "codes of a " + java.util.Arrays.toString(a) + ", of b "
        + java.util.Arrays.toString(b));
  }

  @Test
  void oneTablePerSourceIsRequired() throws Exception {
    Path cfg = config(table("a.npy", 30, 5, 1));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> run(cfg));
    assertTrue(e.getMessage().contains("one table per source"), e.getMessage());
  }
}
