package io.genrec.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.genrec.embed.EmbeddingFile;
import io.genrec.embed.EmbeddingSidecar;
import io.genrec.embed.TextEncoder;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.commons.cli.DefaultParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbedCommandTest {
  @TempDir Path dir;
  private final ByteArrayOutputStream printed = new ByteArrayOutputStream();

  /** One value per text: its first character, so rows show which item they hold. */
  private static final class FirstCharEncoder implements TextEncoder {
    @Override
    public String name() {
      return "first-char";
    }

    @Override
    public int dim() {
      return 1;
    }

    @Override
    public float[][] encode(List<String> texts) {
      return texts.stream().map(t -> new float[] {t.charAt(0)}).toArray(float[][]::new);
    }

    @Override
    public void close() {}
  }

  private int run(String... args) throws Exception {
    EmbedCommand command = new EmbedCommand(name -> {
      if (!name.equals("first-char")) throw new IllegalArgumentException("unknown text encoder '" + name + "'");
      return new FirstCharEncoder();
    }, new PrintStream(printed, true, StandardCharsets.UTF_8));
    return command.run(new DefaultParser().parse(command.options(), args));
  }

  private Path metadata() throws Exception {
    Path file = dir.resolve("items.tsv");
    Files.writeString(file, "item_id\ttitle\tbrand\tcategories\n1\tApple\tA\t'Beauty'\n2\tBalm\tB\t'Beauty'\n"
        + "3\tCream\tC\t'Beauty'\n");
    return file;
  }

  @Test
  void rowsFollowTheDatasetOrderWithData() throws Exception {
    Path data = dir.resolve("data.txt");
    Files.writeString(data, "u1 3 1\nu2 2 3\n");
    Path out = dir.resolve("emb").resolve("items.npy");
    assertEquals(ExitCode.OK, run("--items", metadata().toString(), "--out", out.toString(), "--data", data.toString(),
        "--model", "first-char", "--template", "{title}"));
    float[][] table = EmbeddingFile.load(out, 3);
    assertArrayEquals(new float[][] {{0}, {'C'}, {'A'}, {'B'}}, table);
    EmbeddingSidecar sidecar = EmbeddingSidecar.besides(out).orElseThrow();
    assertEquals("first-char", sidecar.model());
    assertEquals("{title}", sidecar.template());
    assertEquals(3, sidecar.items());
    assertEquals(List.of("3", "1", "2"), sidecar.firstItemIds());
    assertTrue(sidecar.itemOrder().contains("data.txt"), sidecar.itemOrder());
    assertTrue(printed.toString(StandardCharsets.UTF_8).contains("embedded 3 items"), printed.toString());
  }

  @Test
  void withoutDataRowsFollowTheMetadata() throws Exception {
    Path out = dir.resolve("items.npy");
    assertEquals(ExitCode.OK, run("--items", metadata().toString(), "--out", out.toString(), "--model", "first-char"));
    assertArrayEquals(new float[][] {{0}, {'A'}, {'B'}, {'C'}}, EmbeddingFile.load(out, 3));
    assertEquals(List.of("1", "2", "3"), EmbeddingSidecar.besides(out).orElseThrow().firstItemIds());
  }

  @Test
  void badArgumentsAreUsageErrors() throws Exception {
    String items = metadata().toString();
    String out = dir.resolve("x.npy").toString();
    assertTrue(assertThrows(UsageException.class, () -> run("--out", out)).getMessage().contains("--items"));
    assertTrue(assertThrows(UsageException.class, () -> run("--items", items, "--out", "x.txt"))
        .getMessage().contains(".npy"));
    assertTrue(assertThrows(UsageException.class, () -> run("--items", items, "--out", out, "--model", "bert"))
        .getMessage().contains("bert"));
    assertTrue(assertThrows(UsageException.class,
        () -> run("--items", items, "--out", out, "--model", "first-char", "--template", "{name}"))
        .getMessage().contains("unknown field {name}"));
    assertTrue(Files.notExists(dir.resolve("x.npy")));
  }
}
