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

  @Test
  void fromRunWritesTheRunsItemTableInItsOrderOrInDatasOrderAndRefusesModelsWithout() throws Exception {
    Path data = io.genrec.train.TinyRuns.writeSequences(dir, 40, 12, 3);
    Path runDir = Files.createDirectories(dir.resolve("run"));
    io.genrec.config.RunConfig cfg = io.genrec.train.TinyRuns.sasrec(data, dir.resolve("exports"),
        "{\"train\": {\"epochs\": 1}, \"export\": {\"enabled\": false}}");
    new io.genrec.experiment.TrainingRun().execute(cfg, new io.genrec.experiment.RunDirectory(runDir));
    // The runner writes config.json (TrainingRun alone does not); only model.name is read.
    Files.writeString(runDir.resolve("config.json"), "{\"model\": {\"name\": \"sasrec\"}}");
    float[][] trained = io.genrec.train.RunItemTable.read(runDir, "sasrec/items/table");
    List<String> runOrder = io.genrec.data.IdMap.load(runDir.resolve("item_ids.tsv")).originals();

    Path out = dir.resolve("collab.npy");
    assertEquals(ExitCode.OK, run("--from-run", runDir.toString(), "--out", out.toString()));
    float[][] written = io.genrec.embed.EmbeddingFile.load(out, runOrder.size());
    assertEquals(runOrder.size() + 1, written.length);
    org.junit.jupiter.api.Assertions.assertArrayEquals(new float[trained[0].length], written[0], "row 0 padding");
    for (int i = 1; i < written.length; i++) org.junit.jupiter.api.Assertions.assertArrayEquals(trained[i], written[i]);
    assertTrue(Files.readString(io.genrec.embed.ItemEmbedder.sidecarOf(out)).contains("sasrec/items/table"));

    // Another interaction file naming the same items in another first-seen order: rows follow it.
    List<String> reversed = new java.util.ArrayList<>(runOrder);
    java.util.Collections.reverse(reversed);
    Path other = dir.resolve("other.txt");
    Files.writeString(other, "u1 " + String.join(" ", reversed) + "\n");
    Path out2 = dir.resolve("collab2.npy");
    assertEquals(ExitCode.OK, run("--from-run", runDir.toString(), "--data", other.toString(), "--out", out2.toString()));
    float[][] reordered = io.genrec.embed.EmbeddingFile.load(out2, reversed.size());
    for (int i = 0; i < reversed.size(); i++) {
      org.junit.jupiter.api.Assertions.assertArrayEquals(trained[runOrder.indexOf(reversed.get(i)) + 1], reordered[i + 1]);
    }

    Path missing = dir.resolve("missing.txt");
    Files.writeString(missing, "u1 " + runOrder.get(0) + " 999999\n");
    IllegalArgumentException notInRun = assertThrows(IllegalArgumentException.class,
        () -> run("--from-run", runDir.toString(), "--data", missing.toString(), "--out", dir.resolve("m.npy").toString()));
    assertTrue(notInRun.getMessage().contains("999999"), notInRun.getMessage());
    Files.writeString(runDir.resolve("config.json"), Files.readString(runDir.resolve("config.json"))
        .replace("\"sasrec\"", "\"tiger\""));
    IllegalArgumentException noTable = assertThrows(IllegalArgumentException.class,
        () -> run("--from-run", runDir.toString(), "--out", dir.resolve("t.npy").toString()));
    assertTrue(noTable.getMessage().contains("tiger/items/table"), noTable.getMessage());
    assertThrows(UsageException.class, () -> run("--from-run", dir.toString(), "--out", dir.resolve("u.npy").toString()));
    assertThrows(UsageException.class,
        () -> run("--from-run", runDir.toString(), "--items", "x.tsv", "--out", dir.resolve("v.npy").toString()));
  }
}
