package io.genrec.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.genrec.config.ConfigException;
import io.genrec.data.DataFormatException;
import io.genrec.embed.EmbeddingFile;
import io.genrec.embed.EmbeddingSidecar;
import io.genrec.tokenize.SemanticIdFile;
import io.genrec.tokenize.SemanticIds;
import io.genrec.tokenize.Tokenization;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.apache.commons.cli.DefaultParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TokenizeCommandTest {
  private static final int ITEMS = 60;
  @TempDir Path dir;
  private final ByteArrayOutputStream printed = new ByteArrayOutputStream();

  private int run(String... args) throws Exception {
    TokenizeCommand command = new TokenizeCommand(new PrintStream(printed, true, StandardCharsets.UTF_8));
    return command.run(new DefaultParser().parse(command.options(), args));
  }

  /** Users walking items 101..160, so the dataset's dense order is 101, 102, ... */
  private Path data() throws Exception {
    StringBuilder lines = new StringBuilder();
    for (int u = 0; u < ITEMS / 3; u++) {
      lines.append("u").append(u);
      for (int k = 0; k < 3; k++) lines.append(' ').append(101 + 3 * u + k);
      lines.append('\n');
    }
    Path file = dir.resolve("tiny.txt");
    Files.writeString(file, lines.toString());
    return file;
  }

  private Path table(String name, int dim, long seed) throws Exception {
    Random random = new Random(seed);
    float[][] table = new float[ITEMS + 1][dim];
    for (int i = 1; i <= ITEMS; i++) {
      for (int t = 0; t < dim; t++) table[i][t] = (float) (random.nextGaussian() + (i % 4 == t % 4 ? 3 : 0));
    }
    Path file = dir.resolve(name);
    EmbeddingFile.write(file, table);
    return file;
  }

  private Path config(String tokenizer, String params, String train, Path... tables) throws Exception {
    List<String> files = new ArrayList<>();
    for (Path t : tables) files.add("\"" + t.toString().replace("\\", "/") + "\"");
    String json = """
        {"items_embeddings": [%s], "data": {"path": "%s"}, "tokenizer": "%s", "params": %s,
         "train": %s, "seed": 3, "out": "%s"}
        """.formatted(String.join(", ", files), data().toString().replace("\\", "/"), tokenizer, params, train,
        dir.resolve("out").toString().replace("\\", "/"));
    Path file = dir.resolve("tokenize.json");
    Files.writeString(file, json);
    return file;
  }

  private JsonObject report() throws Exception {
    return JsonParser.parseString(Files.readString(dir.resolve("out").resolve(Tokenization.REPORT_FILE)))
        .getAsJsonObject();
  }

  @Test
  void writesUniqueIdsByOriginalItemIdWithReportAndConfig() throws Exception {
    Path cfg = config("rq-kmeans", "{\"levels\": 2, \"codebook_size\": 4}", "{}", table("a.npy", 8, 1));
    assertEquals(ExitCode.OK, run(cfg.toString()));
    SemanticIds ids = SemanticIdFile.readTsv(dir.resolve("out").resolve(SemanticIdFile.FILE_NAME));
    assertEquals(ITEMS, ids.size());
    assertEquals("101", ids.itemIds().get(0));
    Set<List<Integer>> distinct = new HashSet<>();
    for (String id : ids.itemIds()) distinct.add(java.util.Arrays.stream(ids.get(id).orElseThrow()).boxed().toList());
    assertEquals(ITEMS, distinct.size());
    JsonObject report = report();
    assertEquals(2, report.getAsJsonObject("report").getAsJsonArray("usage").size());
    assertEquals(0.0, report.getAsJsonObject("collisions").get("rate_after").getAsDouble());
    assertTrue(report.has("seconds"));
    assertTrue(Files.isRegularFile(dir.resolve("out").resolve(TokenizeCommand.CONFIG_FILE)));
    assertTrue(printed.toString(StandardCharsets.UTF_8).contains("IDs unique"), printed.toString());
  }

  @Test
  void severalTablesAreFusedAndSetOverridesApply() throws Exception {
    Path cfg = config("rq-kmeans", "{}", "{}", table("text.npy", 4, 1), table("image.npy", 6, 2));
    assertEquals(ExitCode.OK, run(cfg.toString(), "--set", "tokenizer=pq", "--set", "params.subvectors=2",
        "--set", "params.codebook_size=4"));
    JsonObject report = report().getAsJsonObject("report");
    assertEquals("pq", report.get("tokenizer").getAsString());
    assertEquals(10, report.get("dim").getAsInt());
    assertEquals(ExitCode.OK, run(cfg.toString(), "--set", "fusion=add", "--set", "tokenizer=pq",
        "--set", "params.subvectors=2", "--set", "params.codebook_size=4", "--force"));
    assertEquals(4, report().getAsJsonObject("report").get("dim").getAsInt());
  }

  @Test
  void rqVaeResumesWithMoreEpochsAndRefusesAnotherConfigWithoutForce() throws Exception {
    String params = "{\"hidden\": [16], \"latent_dim\": 4, \"levels\": 2, \"codebook_size\": 4, \"threads\": 1}";
    Path cfg = config("rq-vae", params, "{\"epochs\": 2, \"batch_size\": 32, \"progress\": false}", table("a.npy", 8, 1));
    assertEquals(ExitCode.OK, run(cfg.toString()));
    Path epochs = dir.resolve("out").resolve(Tokenization.TRAINING_DIR).resolve("epochs.jsonl");
    assertEquals(2, Files.readAllLines(epochs).size());
    assertEquals(ExitCode.OK, run(cfg.toString(), "--set", "train.epochs=3"));
    assertEquals(3, Files.readAllLines(epochs).size());
    UsageException other = assertThrows(UsageException.class, () -> run(cfg.toString(), "--set", "params.beta=0.5"));
    assertTrue(other.getMessage().contains("--force"), other.getMessage());
    assertEquals(ExitCode.OK, run(cfg.toString(), "--set", "params.beta=0.5", "--set", "train.epochs=1", "--force"));
    assertEquals(1, Files.readAllLines(epochs).size());
    assertTrue(Files.isDirectory(dir.resolve("out").resolve(Tokenization.TOKENIZER_DIR).resolve("savedmodel")));
  }

  @Test
  void fitOnTrainItemsFitsOnTheTrainingPartAndCodesEveryItem() throws Exception {
    Path cfg = config("pq", "{\"subvectors\": 2, \"codebook_size\": 4}", "{}", table("a.npy", 8, 1));
    assertEquals(ExitCode.OK, run(cfg.toString(), "--set", "fit_on=train_items"));
    // Leave-one-out over 3-item users: each user's first item is its whole training part.
    assertEquals(ITEMS / 3, report().get("fitted_items").getAsInt());
    assertEquals(ITEMS, report().getAsJsonObject("report").get("items").getAsInt());
    assertEquals(ITEMS, SemanticIdFile.readTsv(dir.resolve("out").resolve(SemanticIdFile.FILE_NAME)).size());
    assertEquals(ExitCode.OK, run(cfg.toString(), "--force"));
    assertEquals(ITEMS, report().get("fitted_items").getAsInt(), "fit_on all, the default");
  }

  @Test
  void aFitWrittenBeforeFitOnExistedCountsAsFitOnAll() throws Exception {
    Path cfg = config("pq", "{\"subvectors\": 2, \"codebook_size\": 4}", "{}", table("a.npy", 8, 1));
    assertEquals(ExitCode.OK, run(cfg.toString()));
    Path saved = dir.resolve("out").resolve(TokenizeCommand.CONFIG_FILE);
    JsonObject old = JsonParser.parseString(Files.readString(saved)).getAsJsonObject();
    old.remove("fit_on");
    Files.writeString(saved, old.toString());
    assertEquals(ExitCode.OK, run(cfg.toString()), "same meaning: no refusal");
    UsageException other = assertThrows(UsageException.class, () -> run(cfg.toString(), "--set", "fit_on=train_items"));
    assertTrue(other.getMessage().contains("fit_on"), other.getMessage());
  }

  @Test
  void anOutFittedUnderAnotherConfigIsKeptUnlessForced() throws Exception {
    Path cfg = config("rq-kmeans", "{\"levels\": 2, \"codebook_size\": 4}", "{}", table("a.npy", 8, 1));
    assertEquals(ExitCode.OK, run(cfg.toString()));
    Path ids = dir.resolve("out").resolve(SemanticIdFile.FILE_NAME);
    String before = Files.readString(ids);
    assertEquals(ExitCode.OK, run(cfg.toString()), "the same config again is fine");
    UsageException other = assertThrows(UsageException.class, () -> run(cfg.toString(), "--set", "params.codebook_size=8"));
    assertTrue(other.getMessage().contains("params.codebook_size") && other.getMessage().contains("--force"),
        other.getMessage());
    assertEquals(before, Files.readString(ids));
    assertEquals(ExitCode.OK, run(cfg.toString(), "--set", "params.codebook_size=8", "--force"));
  }

  @Test
  void anOutHoldingSomeoneElsesFilesIsRefusedUnlessForced() throws Exception {
    Path cfg = config("rq-kmeans", "{\"levels\": 2, \"codebook_size\": 4}", "{}", table("a.npy", 8, 1));
    Files.createDirectories(dir.resolve("out"));
    Files.writeString(dir.resolve("out").resolve(SemanticIdFile.FILE_NAME), "hand-made");
    UsageException e = assertThrows(UsageException.class, () -> run(cfg.toString()));
    assertTrue(e.getMessage().contains("--force"), e.getMessage());
    assertEquals("hand-made", Files.readString(dir.resolve("out").resolve(SemanticIdFile.FILE_NAME)));
    assertEquals(ExitCode.OK, run(cfg.toString(), "--force"));
  }

  @Test
  void configMistakesAreConfigErrorsNamingTheKey() throws Exception {
    Path cfg = config("rq-kmeans", "{}", "{}", table("a.npy", 8, 1));
    ConfigException key = assertThrows(ConfigException.class, () -> run(cfg.toString(), "--set", "fusoin=add"));
    assertTrue(key.getMessage().contains("fusoin") && key.getMessage().contains("fusion"), key.getMessage());
    ConfigException name = assertThrows(ConfigException.class, () -> run(cfg.toString(), "--set", "tokenizer=rqvae"));
    assertTrue(name.getMessage().contains("rq-vae"), name.getMessage());
    ConfigException param = assertThrows(ConfigException.class, () -> run(cfg.toString(), "--set", "params.levles=2"));
    assertTrue(param.getMessage().startsWith(cfg + ": params: ") && param.getMessage().contains("levels"), param.getMessage());
    ConfigException fusion = assertThrows(ConfigException.class, () -> run(cfg.toString(), "--set", "fusion=sum"));
    assertTrue(fusion.getMessage().contains("[concat, add]"), fusion.getMessage());
    assertThrows(UsageException.class, () -> run());
  }

  @Test
  void tablesForOtherItemsAreRejectedBeforeFitting() throws Exception {
    Path shuffled = table("shuffled.npy", 8, 1);
    List<String> metadataOrder = new ArrayList<>();
    for (int i = ITEMS; i >= 1; i--) metadataOrder.add(Integer.toString(100 + i));
    EmbeddingSidecar.of("m", "{title}", metadataOrder, 8, 1, Path.of("items.tsv"), "the order of items.tsv")
        .write(EmbeddingSidecar.fileOf(shuffled));
    Path cfg = config("rq-kmeans", "{}", "{}", shuffled);
    IllegalArgumentException order = assertThrows(IllegalArgumentException.class, () -> run(cfg.toString()));
    assertTrue(order.getMessage().contains("--data"), order.getMessage());

    Path small = dir.resolve("small.npy");
    EmbeddingFile.write(small, new float[5][3]);
    Path cfg2 = config("rq-kmeans", "{}", "{}", small);
    DataFormatException shape = assertThrows(DataFormatException.class, () -> run(cfg2.toString()));
    assertTrue(shape.getMessage().contains("[61, dim]"), shape.getMessage());
    assertTrue(Files.notExists(dir.resolve("out").resolve(SemanticIdFile.FILE_NAME)));
  }
}
