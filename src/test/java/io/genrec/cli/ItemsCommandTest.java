package io.genrec.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import io.genrec.config.ConfigReader;
import io.genrec.embed.TextEncoder;
import io.genrec.experiment.NewItemsExport;
import io.genrec.experiment.RunDirectory;
import io.genrec.model.tiger.TigerServeProbe;
import io.genrec.semid.SemanticIdLayout;
import io.genrec.tokenize.SemanticIdFile;
import io.genrec.tokenize.SemanticIds;
import io.genrec.train.FreshJvm;
import io.genrec.train.TinyRuns;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.apache.commons.cli.DefaultParser;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code genrec items add} on a tiny TIGER run whose IDs come from {@code genrec embed} and
 * {@code genrec tokenize} (rq-kmeans, 2 × 4 codes + collision level over 40 items): the new
 * SavedModel, served by a fresh JVM, returns the new items, and every old item keeps its ID and its
 * score; bad inputs fail with one clear error and write nothing.
 */
class ItemsCommandTest {
  private static final int ITEMS = 40;
  /** Beam above the catalog size: every valid ID survives the search, so a call returns the whole catalog. */
  private static final int BEAM = 64;

  @TempDir static Path dir;
  private static Path runDir;
  private static SemanticIds runIds;
  private static int collisionCodes;
  /** The main run's codebook sizes: its catalog is every item the tokenizer coded. */
  private static int[] runSizes;

  /** Each text's vector is drawn from a seed of the text, so equal texts get equal codes. */
  private static final class HashEncoder implements TextEncoder {
    @Override
    public String name() {
      return "hash-4";
    }

    @Override
    public int dim() {
      return 4;
    }

    @Override
    public float[][] encode(List<String> texts) {
      float[][] out = new float[texts.size()][4];
      for (int i = 0; i < texts.size(); i++) {
        Random random = new Random(texts.get(i).hashCode());
        for (int j = 0; j < 4; j++) out[i][j] = (float) random.nextGaussian();
      }
      return out;
    }

    @Override
    public void close() {}
  }

  private static TextEncoder encoder(String name) {
    if (!name.equals("hash-4")) throw new IllegalArgumentException("unknown text encoder '" + name + "'");
    return new HashEncoder();
  }

  @BeforeAll
  static void trainATinyTigerRunOnTokenizedText() throws Exception {
    Path data = TinyRuns.writeSequences(dir, 80, ITEMS, 1);
    StringBuilder meta = new StringBuilder("item_id\ttitle\n");
    for (int i = 0; i < ITEMS; i++) meta.append(101 + i).append("\titem ").append(101 + i).append('\n');
    Path items = dir.resolve("items.tsv");
    Files.writeString(items, meta.toString());
    Path npy = dir.resolve("emb").resolve("items.npy");
    PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    EmbedCommand embed = new EmbedCommand(ItemsCommandTest::encoder, quiet);
    embed.run(new DefaultParser().parse(embed.options(), new String[] {"--items", items.toString(), "--out",
        npy.toString(), "--data", data.toString(), "--model", "hash-4", "--template", "{title}"}));
    Path tokenized = dir.resolve("tok");
    Path tokenizeConfig = dir.resolve("tokenize.json");
    Files.writeString(tokenizeConfig, """
        {"items_embeddings": ["%s"], "data": {"path": "%s"}, "tokenizer": "rq-kmeans",
         "params": {"levels": 2, "codebook_size": 4}, "seed": 3, "out": "%s"}
        """.formatted(slash(npy), slash(data), slash(tokenized)));
    TokenizeCommand tokenize = new TokenizeCommand(quiet);
    tokenize.run(new DefaultParser().parse(tokenize.options(), new String[] {tokenizeConfig.toString()}));

    runDir = train(dir.resolve("runs"), "");
    runIds = SemanticIdFile.readTsv(runDir.resolve(SemanticIdFile.FILE_NAME));
    int[] sizes = SemanticIdLayout.besides(runDir.resolve(SemanticIdFile.FILE_NAME)).orElseThrow().sizes();
    assertEquals(3, sizes.length, "2 rq-kmeans levels + the collision level");
    collisionCodes = sizes[2];
    runSizes = sizes;
  }

  /** A tiny TIGER run over the tokenized items, {@code dataExtra} added to its data section. */
  private static Path train(Path runs, String dataExtra) throws Exception {
    Path runConfig = dir.resolve("tiger.json");
    Files.writeString(runConfig, """
        {"experiment": "tiny", "seed": 7, "data": {"path": "%s", "max_length": 8 %s},
         "model": {"name": "tiger", "semantic_ids": {"source": "file", "path": "%s"}, "user_buckets": 0,
                   "d_model": 16, "num_heads": 2, "head_dim": 8, "ff_dim": 32, "encoder_layers": 1,
                   "decoder_layers": 1, "dropout": 0.1, "beam": %d},
         "train": {"epochs": 3, "batch_size": 16, "lr": 0.01, "patience": 0, "progress": false},
         "eval": {"ks": [5], "batch_size": 32, "beyond_accuracy": false},
         "export": {"dir": "%s"}}
        """.formatted(slash(dir.resolve("tiny.txt")), dataExtra,
        slash(dir.resolve("tok").resolve(SemanticIdFile.FILE_NAME)), BEAM, slash(dir.resolve("exports"))));
    assertEquals(ExitCode.OK, Main.run(new String[] {"run", runConfig.toString(), "--runs-dir", runs.toString()}));
    try (Stream<Path> found = Files.list(runs.resolve("tiny"))) {
      return found.filter(Files::isDirectory).findFirst().orElseThrow();
    }
  }

  private static String slash(Path p) {
    return p.toString().replace("\\", "/");
  }

  private static String run(String... args) throws Exception {
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    ItemsCommand command = new ItemsCommand(ItemsCommandTest::encoder,
        new PrintStream(printed, true, StandardCharsets.UTF_8));
    assertEquals(ExitCode.OK, command.run(new DefaultParser().parse(command.options(), args)));
    return printed.toString(StandardCharsets.UTF_8);
  }

  /** The run's items whose code tuple has room for {@code extra} more items in the collision level. */
  private static List<String> itemsWithRoom(int extra) {
    Map<String, Integer> groupSize = new HashMap<>();
    for (String item : runIds.itemIds()) groupSize.merge(prefix(runIds.get(item).orElseThrow()), 1, Integer::sum);
    List<String> out = new ArrayList<>();
    for (String item : runIds.itemIds()) {
      if (groupSize.get(prefix(runIds.get(item).orElseThrow())) + extra <= collisionCodes) out.add(item);
    }
    return out;
  }

  private static String prefix(int[] codes) {
    return codes[0] + "." + codes[1];
  }

  private static Path newItems(String name, String... rows) throws IOException {
    Path file = dir.resolve(name);
    Files.writeString(file, "item_id\ttitle\n" + String.join("\n", rows) + "\n");
    return file;
  }

  /** Ranked ids and their scores per history, from a fresh JVM serving {@code model}. */
  private static List<Map<Long, Float>> serve(Path model, int k, List<String> histories) throws Exception {
    List<String> args = new ArrayList<>(List.of(model.toString(), Integer.toString(k), "-"));
    args.addAll(histories);
    List<Map<Long, Float>> out = new ArrayList<>();
    for (String line : FreshJvm.run(TigerServeProbe.class, args)) {
      String[] parts = line.split(" \\| ");
      String[] ids = parts[0].trim().split(" ");
      String[] scores = parts[1].trim().split(" ");
      Map<Long, Float> ranked = new HashMap<>();
      for (int j = 0; j < ids.length; j++) ranked.put(Long.parseLong(ids[j]), Float.parseFloat(scores[j]));
      out.add(ranked);
    }
    return out;
  }

  @Test
  void theNewSavedModelReturnsTheNewItemsAndKeepsEveryOldIdAndScore() throws Exception {
    List<String> roomy = itemsWithRoom(2);
    assertFalse(roomy.isEmpty(), "some code tuple has room for two more items");
    String twin = roomy.get(0);
    String other = roomy.get(roomy.size() - 1);
    // Same text as an old item: same content codes, so the collision level must number them apart.
    Path file = newItems("new.tsv", "201\titem " + twin, "202\titem " + twin, "203\titem " + other);
    String printed = run("add", runDir.toString(), "--items", file.toString());
    Path out = NewItemsExport.defaultOut(runDir, 3);
    assertTrue(printed.contains(out.toString()), printed);
    assertTrue(Files.isRegularFile(out.resolve("saved_model.pb")));

    SemanticIds extended = SemanticIdFile.readTsv(
        out.resolve(NewItemsExport.ASSETS_EXTRA).resolve(SemanticIdFile.FILE_NAME));
    assertEquals(ITEMS + 3, extended.size());
    for (String item : runIds.itemIds()) {
      assertArrayEquals(runIds.get(item).orElseThrow(), extended.get(item).orElseThrow(), "old item " + item);
    }
    int[] twinId = runIds.get(twin).orElseThrow();
    // The collision values the twin's group leaves free, smallest first, go to the new items in file order.
    Set<Integer> taken = new TreeSet<>();
    runIds.itemIds().stream().map(i -> runIds.get(i).orElseThrow())
        .filter(c -> c[0] == twinId[0] && c[1] == twinId[1]).forEach(c -> taken.add(c[2]));
    List<Integer> free = new ArrayList<>();
    for (int v = 0; free.size() < 2; v++) if (!taken.contains(v)) free.add(v);
    assertArrayEquals(new int[] {twinId[0], twinId[1], free.get(0)}, extended.get("201").orElseThrow());
    assertArrayEquals(new int[] {twinId[0], twinId[1], free.get(1)}, extended.get("202").orElseThrow());
    Set<String> distinct = new TreeSet<>();
    for (String item : extended.itemIds()) distinct.add(Arrays.toString(extended.get(item).orElseThrow()));
    assertEquals(ITEMS + 3, distinct.size(), "every ID unique");

    List<String> histories = List.of("101,102,103", "120,121", "133,134,135,136", "203");
    List<Map<Long, Float>> before = serve(runDir.resolve(RunDirectory.SAVEDMODEL), ITEMS, histories);
    List<Map<Long, Float>> after = serve(out, ITEMS + 3, histories);
    Set<Long> oldCatalog = new TreeSet<>();
    for (int i = 0; i < ITEMS; i++) oldCatalog.add(101L + i);
    Set<Long> newCatalog = new TreeSet<>(oldCatalog);
    newCatalog.addAll(List.of(201L, 202L, 203L));
    for (int h = 0; h < histories.size(); h++) {
      assertEquals(oldCatalog, before.get(h).keySet(), "the run's SavedModel returns its catalog");
      assertEquals(newCatalog, after.get(h).keySet(), "history " + histories.get(h) + ": the new items too");
      // A new item in the history is read now (the run's model ignored it), so only old histories score as before.
      if (histories.get(h).contains("203")) continue;
      for (long item : oldCatalog) {
        assertEquals(before.get(h).get(item), after.get(h).get(item), 1e-5f,
            "history " + histories.get(h) + ": item " + item + " scores as before");
      }
    }
  }

  @Test
  void theItemsARunHeldOutAreAddedBackWithTheirTextFromTheWholeCatalog() throws Exception {
    Path held = train(dir.resolve("held-runs"), ", \"holdout_items\": {\"share\": 0.1, \"seed\": 2}");
    List<String> heldOut = Files.readAllLines(held.resolve("holdout_items.tsv")).subList(1, 5);
    assertTrue(Files.isRegularFile(held.resolve("cold_start_cases.tsv")));
    SemanticIds kept = SemanticIdFile.readTsv(held.resolve(SemanticIdFile.FILE_NAME));
    assertEquals(ITEMS - 4, kept.size(), "the run's catalog has no held-out item");
    for (String id : heldOut) assertTrue(kept.get(id).isEmpty(), id);
    // Its token layout still covers the held-out items' codes, so adding them back cannot overflow a level.
    assertArrayEquals(runSizes,
        SemanticIdLayout.besides(held.resolve(SemanticIdFile.FILE_NAME)).orElseThrow().sizes());

    run("add", held.toString(), "--items", dir.resolve("items.tsv").toString(), "--held-out");
    Path out = NewItemsExport.defaultOut(held, 4);
    Set<Long> all = new TreeSet<>();
    for (int i = 0; i < ITEMS; i++) all.add(101L + i);
    for (Map<Long, Float> served : serve(out, ITEMS, List.of("101,102", "130,131,132"))) {
      assertEquals(all, served.keySet(), "the held-out items are back in the catalog");
    }

    // Cold-start cases: a top K as large as the grown catalog holds every target; the run's own model none.
    long cases = Files.readAllLines(held.resolve("cold_start_cases.tsv")).size() - 1;
    assertTrue(cases > 0, "some test target was held out");
    String grown = run("eval", held.toString(), "--model", out.toString(), "--metrics", "recall@" + ITEMS);
    assertTrue(grown.contains("cold-start test cases: " + cases + "  recall@" + ITEMS + " 1.0000"), grown);
    String before = run("eval", held.toString(), "--model", held.resolve(RunDirectory.SAVEDMODEL).toString(),
        "--metrics", "recall@" + (ITEMS - 4) + ",ndcg@10");
    assertTrue(before.contains("recall@" + (ITEMS - 4) + " 0.0000  ndcg@10 0.0000"), before);
    // The content-only baseline ranks the whole catalog but the history: K = catalog size finds every target.
    String content = run("eval", held.toString(), "--content", dir.resolve("emb").resolve("items.npy").toString(),
        "--metrics", "recall@" + ITEMS + ",ndcg@5");
    assertTrue(content.contains("cold-start test cases: " + cases + "  recall@" + ITEMS + " 1.0000  ndcg@5 "), content);

    // TIGER's epsilon: with no room for new items the grown model finds no held-out target; with all
    // the room it is the unrestricted model; each share gets its own line.
    String shares = run("eval", held.toString(), "--model", out.toString(), "--metrics", "recall@" + ITEMS,
        "--new-share", "0,1");
    assertTrue(shares.contains("new-share 0  recall@" + ITEMS + " 0.0000"), shares);
    assertTrue(shares.contains("new-share 1  recall@" + ITEMS + " 1.0000"), shares);
    String contentNone = run("eval", held.toString(), "--content", dir.resolve("emb").resolve("items.npy").toString(),
        "--metrics", "recall@" + ITEMS, "--new-share", "0");
    assertTrue(contentNone.contains("new-share 0  recall@" + ITEMS + " 0.0000"), contentNone);

    // TIGER's prefix matching: every generated item brings in the held-out items of its prefix; with a
    // beam as large as the catalog every target is then found, and --prefix-levels needs --model.
    String matched = run("eval", held.toString(), "--model", out.toString(), "--metrics", "recall@" + ITEMS,
        "--prefix-levels", "1", "--new-share", "1");
    assertTrue(matched.contains("new-share 1  recall@" + ITEMS + " 1.0000"), matched);
    assertTrue(assertThrows(UsageException.class, () -> run("eval", held.toString(), "--content",
        dir.resolve("emb").resolve("items.npy").toString(), "--prefix-levels", "2")).getMessage().contains("--model"));

    // The run's own test cases (every user but the cold-start ones): the grown model kept to old items
    // (share 0) ranks them as the run's own SavedModel does, since old items keep their scores.
    String own = run("eval", held.toString(), "--model", held.resolve(RunDirectory.SAVEDMODEL).toString(),
        "--cases", "test", "--metrics", "recall@5,ndcg@5");
    assertTrue(own.startsWith("run test cases: ") && !own.startsWith("run test cases: 0 "), own);
    String grownOld = run("eval", held.toString(), "--model", out.toString(), "--cases", "test",
        "--metrics", "recall@5,ndcg@5", "--new-share", "0");
    assertEquals(own.strip().replace("run test cases", "x"),
        grownOld.strip().replace("  new-share 0", "").replace("run test cases", "x"));
    assertTrue(assertThrows(UsageException.class, () -> run("eval", held.toString(), "--model", out.toString(),
        "--cases", "warm")).getMessage().contains("--cases"));
    assertTrue(assertThrows(UsageException.class, () -> run("eval", held.toString(), "--model", out.toString(),
        "--new-share", "2")).getMessage().contains("[0, 1]"));
  }

  /**
   * DIGER: the new items are coded by the trained tokenizer through the run's SavedModel and get the
   * next collision code of their prefix; old items keep their IDs and scores.
   */
  @Test
  void aDigerRunServesNewItemsCodedByItsTrainedTokenizer() throws Exception {
    PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    Path rqvae = dir.resolve("tok-rqvae");
    Path tokenizeConfig = dir.resolve("tokenize-rqvae.json");
    Files.writeString(tokenizeConfig, """
        {"items_embeddings": ["%s"], "data": {"path": "%s"}, "tokenizer": "rq-vae",
         "params": {"hidden": [8], "latent_dim": 4, "levels": 2, "codebook_size": 4, "threads": 1},
         "train": {"epochs": 3, "batch_size": 16, "lr": 0.003, "patience": 0, "progress": false},
         "seed": 3, "out": "%s"}
        """.formatted(slash(dir.resolve("emb").resolve("items.npy")), slash(dir.resolve("tiny.txt")), slash(rqvae)));
    TokenizeCommand tokenize = new TokenizeCommand(quiet);
    tokenize.run(new DefaultParser().parse(tokenize.options(), new String[] {tokenizeConfig.toString()}));
    Path runConfig = dir.resolve("diger.json");
    Files.writeString(runConfig, """
        {"experiment": "tiny", "seed": 7, "data": {"path": "%s", "max_length": 8},
         "model": {"name": "diger", "item_embeddings": "%s", "tokenizer_init": "%s", "assignment": "frozen",
                   "collision_codes": 16, "d_model": 16, "num_heads": 2, "head_dim": 8, "ff_dim": 32,
                   "encoder_layers": 1, "decoder_layers": 1, "dropout": 0.1, "beam": %d},
         "train": {"epochs": 2, "batch_size": 16, "lr": 0.01, "patience": 0, "progress": false},
         "eval": {"ks": [5], "batch_size": 32, "beyond_accuracy": false},
         "export": {"dir": "%s", "k": 5}}
        """.formatted(slash(dir.resolve("tiny.txt")), slash(dir.resolve("emb").resolve("items.npy")), slash(rqvae), BEAM,
        slash(dir.resolve("exports"))));
    Path runs = dir.resolve("diger-runs");
    assertEquals(ExitCode.OK, Main.run(new String[] {"run", runConfig.toString(), "--runs-dir", runs.toString()}));
    Path digerRun;
    try (Stream<Path> found = Files.list(runs.resolve("tiny"))) {
      digerRun = found.filter(Files::isDirectory).findFirst().orElseThrow();
    }

    Path file = newItems("diger-new.tsv", "801\titem 101", "802\titem 120");
    run("add", digerRun.toString(), "--items", file.toString());
    Path out = NewItemsExport.defaultOut(digerRun, 2);
    SemanticIds extended = SemanticIdFile.readTsv(
        out.resolve(NewItemsExport.ASSETS_EXTRA).resolve(SemanticIdFile.FILE_NAME));
    assertEquals(ITEMS + 2, extended.size());
    int[] twin = extended.get("101").orElseThrow();
    int[] added = extended.get("801").orElseThrow();
    assertArrayEquals(Arrays.copyOf(twin, 2), Arrays.copyOf(added, 2), "same text, same tokenizer prefix");
    assertTrue(added[2] > twin[2], "the next collision code of the prefix");

    List<String> histories = List.of("101,102,103", "125,126");
    List<Map<Long, Float>> before = serve(digerRun.resolve(RunDirectory.SAVEDMODEL), ITEMS, histories);
    List<Map<Long, Float>> after = serve(out, ITEMS + 2, histories);
    for (int h = 0; h < histories.size(); h++) {
      assertTrue(after.get(h).keySet().containsAll(List.of(801L, 802L)), "history " + histories.get(h));
      for (Map.Entry<Long, Float> e : before.get(h).entrySet()) {
        assertEquals(e.getValue(), after.get(h).get(e.getKey()), 1e-5f, "item " + e.getKey() + " scores as before");
      }
    }
  }

  /** VQ-Rec: the new items' OPQ codes from the run's quantizer; every item scores from its codes alone. */
  @Test
  void aVqRecRunServesNewItemsByTheirQuantizerCodes() throws Exception {
    PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    Path opq = dir.resolve("tok-opq");
    Path tokenizeConfig = dir.resolve("tokenize-opq.json");
    Files.writeString(tokenizeConfig, """
        {"items_embeddings": ["%s"], "data": {"path": "%s"}, "tokenizer": "opq",
         "params": {"subvectors": 2, "codebook_size": 4, "threads": 1}, "seed": 3, "out": "%s"}
        """.formatted(slash(dir.resolve("emb").resolve("items.npy")), slash(dir.resolve("tiny.txt")), slash(opq)));
    TokenizeCommand tokenize = new TokenizeCommand(quiet);
    tokenize.run(new DefaultParser().parse(tokenize.options(), new String[] {tokenizeConfig.toString()}));
    Path runConfig = dir.resolve("vqrec.json");
    Files.writeString(runConfig, """
        {"experiment": "tiny", "seed": 7, "data": {"path": "%s", "max_length": 8},
         "model": {"name": "vqrec", "codes": {"path": "%s"}, "codebook_size": 4, "hidden": 16, "ff_dim": 32,
                   "num_blocks": 1, "dropout": 0.1},
         "train": {"epochs": 2, "batch_size": 16, "lr": 0.01, "patience": 0, "progress": false},
         "eval": {"ks": [5], "batch_size": 32, "beyond_accuracy": false},
         "export": {"dir": "%s", "k": 5}}
        """.formatted(slash(dir.resolve("tiny.txt")), slash(opq.resolve(SemanticIdFile.FILE_NAME)),
        slash(dir.resolve("exports"))));
    Path runs = dir.resolve("vqrec-runs");
    assertEquals(ExitCode.OK, Main.run(new String[] {"run", runConfig.toString(), "--runs-dir", runs.toString()}));
    Path vqrecRun;
    try (Stream<Path> found = Files.list(runs.resolve("tiny"))) {
      vqrecRun = found.filter(Files::isDirectory).findFirst().orElseThrow();
    }

    Path file = newItems("vqrec-new.tsv", "901\titem 107", "902\tbrand new text");
    run("add", vqrecRun.toString(), "--items", file.toString());
    Path out = NewItemsExport.defaultOut(vqrecRun, 2);
    SemanticIds added = SemanticIdFile.readTsv(out.resolve(NewItemsExport.ASSETS_EXTRA).resolve(NewItemsExport.NEW_ITEM_CODES));
    SemanticIds opqIds = SemanticIdFile.readTsv(opq.resolve(SemanticIdFile.FILE_NAME));
    assertArrayEquals(Arrays.copyOf(opqIds.get("107").orElseThrow(), 2), added.get("901").orElseThrow(),
        "same text, same codes");

    List<String> histories = List.of("101,102,103", "125,126");
    try (io.genrec.serve.ServingModel before = new io.genrec.serve.ServingModel(vqrecRun.resolve(RunDirectory.SAVEDMODEL));
        io.genrec.serve.ServingModel after = new io.genrec.serve.ServingModel(out)) {
      long[][] h = {{101, 102, 103}, {125, 126}};
      io.genrec.serve.ServingModel.TopK old = before.recommend(h, ITEMS);
      io.genrec.serve.ServingModel.TopK grown = after.recommend(h, ITEMS + 2);
      for (int u = 0; u < h.length; u++) {
        Map<Long, Float> scores = new HashMap<>();
        for (int j = 0; j < grown.ids()[u].length; j++) scores.put(grown.ids()[u][j], grown.scores()[u][j]);
        assertTrue(scores.keySet().containsAll(List.of(901L, 902L)), "history " + histories.get(u));
        for (int j = 0; j < old.ids()[u].length; j++) {
          assertEquals(old.scores()[u][j], scores.get(old.ids()[u][j]), 1e-5f, "item " + old.ids()[u][j]);
        }
      }
    }
  }

  @Test
  void anIdAlreadyInTheCatalogIsOneErrorNamingTheLineAndNothingIsWritten() throws Exception {
    Path file = newItems("clash.tsv", "301\tfresh", "105\titem 105 again");
    Map<String, Long> before = snapshot();
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> run("add", runDir.toString(), "--items", file.toString()));
    assertTrue(e.getMessage().contains(file + ":3") && e.getMessage().contains("'105'")
        && e.getMessage().contains("already in the run's catalog"), e.getMessage());
    assertEquals(before, snapshot(), "nothing written");
  }

  @Test
  void aMissingRunDirectoryIsOneErrorNamingIt() throws Exception {
    Path file = newItems("one.tsv", "401\tsomething");
    Path missing = dir.resolve("no-such-run");
    NoSuchFileException e = assertThrows(NoSuchFileException.class,
        () -> run("add", missing.toString(), "--items", file.toString()));
    assertEquals(missing.toString(), e.getFile());
    assertTrue(Files.notExists(missing));
  }

  @Test
  void anExistingOutIsReplacedOnlyWithForce() throws Exception {
    Path file = newItems("force.tsv", "501\titem " + itemsWithRoom(1).get(0));
    Path out = Files.createDirectories(dir.resolve("mine"));
    Files.writeString(out.resolve("notes.txt"), "keep me");
    Map<String, Long> before = snapshot();
    FileAlreadyExistsException e = assertThrows(FileAlreadyExistsException.class,
        () -> run("add", runDir.toString(), "--items", file.toString(), "--out", out.toString()));
    assertTrue(e.getMessage().contains("--force"), e.getMessage());
    assertEquals(before, snapshot(), "nothing written");
    run("add", runDir.toString(), "--items", file.toString(), "--out", out.toString(), "--force");
    assertTrue(Files.isRegularFile(out.resolve("saved_model.pb")));
    assertTrue(Files.notExists(out.resolve("notes.txt")), "replaced whole");
  }

  @Test
  void aFullCollisionLevelIsOneErrorNamingThePrefix() throws Exception {
    String item = runIds.itemIds().get(0);
    String[] rows = new String[collisionCodes];
    for (int i = 0; i < rows.length; i++) rows[i] = (601 + i) + "\titem " + item;
    Path file = newItems("full.tsv", rows);
    Map<String, Long> before = snapshot();
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> run("add", runDir.toString(), "--items", file.toString()));
    int[] codes = runIds.get(item).orElseThrow();
    assertTrue(e.getMessage().contains("collision level is full for the code prefix [" + codes[0] + ", " + codes[1] + "]"),
        e.getMessage());
    assertEquals(before, snapshot(), "nothing written");
  }

  @Test
  void runsThatCannotCodeNewItemsSayWhy() throws Exception {
    Path file = newItems("why.tsv", "701\tsomething");
    JsonObject config = ConfigReader.parseFile(runDir.resolve(RunDirectory.CONFIG));
    Path plainIds = dir.resolve("plain").resolve(SemanticIdFile.FILE_NAME);
    Files.createDirectories(plainIds.getParent());
    Files.copy(runDir.resolve(SemanticIdFile.FILE_NAME), plainIds);
    config.getAsJsonObject("model").getAsJsonObject("semantic_ids").addProperty("path", plainIds.toString());
    Path fileIdsRun = Files.createDirectories(dir.resolve("file-ids-run"));
    Files.writeString(fileIdsRun.resolve(RunDirectory.CONFIG), config.toString());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> run("add", fileIdsRun.toString(), "--items", file.toString()));
    assertTrue(e.getMessage().contains(plainIds.toString()) && e.getMessage().contains("not the output of genrec tokenize"),
        e.getMessage());

    JsonObject sasrec = ConfigReader.parseFile(runDir.resolve(RunDirectory.CONFIG));
    sasrec.add("model", com.google.gson.JsonParser.parseString("{\"name\": \"sasrec\"}"));
    Path sasrecRun = Files.createDirectories(dir.resolve("sasrec-run"));
    Files.writeString(sasrecRun.resolve(RunDirectory.CONFIG), sasrec.toString());
    e = assertThrows(IllegalArgumentException.class, () -> run("add", sasrecRun.toString(), "--items", file.toString()));
    assertTrue(e.getMessage().contains("a sasrec run; items add supports tiger, diger and vqrec runs"), e.getMessage());
  }

  /** Every file under the temp dir with its size and modification time. */
  private static Map<String, Long> snapshot() throws IOException {
    Map<String, Long> files = new TreeMap<>();
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.toList()) {
        files.put(dir.relativize(p).toString(), Files.isDirectory(p) ? -1 : Files.size(p) * 31 + Files.getLastModifiedTime(p).toMillis());
      }
    }
    return files;
  }
}
