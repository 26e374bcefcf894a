package io.genrec.model.tiger;

import io.genrec.train.FreshJvm;
import io.genrec.model.catalog.ModelCatalog;

import io.genrec.semid.ItemSemanticIds;
import io.genrec.train.FeedBatch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.genrec.config.ConfigException;
import io.genrec.config.ConfigReader;
import io.genrec.config.RunConfig;
import io.genrec.data.Datasets;
import io.genrec.data.EvalCase;
import io.genrec.data.History;
import io.genrec.data.SplitDataset;
import io.genrec.experiment.RunDirectory;
import io.genrec.train.Trainer;
import io.genrec.experiment.TrainingRun;
import io.genrec.serve.ServingModel;
import io.genrec.train.TinyRuns;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.Result;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * TIGER end to end on a tiny catalog: config, semantic IDs with a collision level, training with
 * validation and test, export, and a fresh JVM serving the SavedModel exactly as the in-process
 * beam search ranks.
 */
class TigerTest {
  @TempDir Path dir;

  /** Items 101..140: 3 × 4 codes for 40 items, so TIGER's collision level is needed. */
  static Path writeSemanticIds(Path dir, int items) throws Exception {
    StringBuilder sb = new StringBuilder("item_id\tcodes\n");
    for (int i = 0; i < items; i++) sb.append(101 + i).append('\t').append(i % 3).append(' ').append((i / 3) % 4).append('\n');
    Path f = dir.resolve("semantic_ids.tsv");
    Files.writeString(f, sb.toString());
    return f;
  }

  static RunConfig config(Path data, Path ids, Path exports, String modelExtra) {
    return config(data, "{\"source\": \"file\", \"path\": \"" + slash(ids) + "\"}", exports, modelExtra);
  }

  static RunConfig config(Path data, String semanticIds, Path exports, String modelExtra) {
    return config(data, semanticIds, exports, modelExtra, "[5]", 5, true);
  }

  /** With {@code eval.ks} (JSON list), {@code export.k} and {@code export.enabled} given. */
  static RunConfig config(Path data, String semanticIds, Path exports, String modelExtra, String ks, int exportK,
      boolean export) {
    JsonObject o = JsonParser.parseString("""
        {"experiment": "tiny", "seed": 7,
         "data": {"path": "%s", "max_length": 6},
         "model": {"name": "tiger", "semantic_ids": %s, "user_buckets": 5,
                   "d_model": 16, "num_heads": 2, "head_dim": 8, "ff_dim": 32, "encoder_layers": 1,
                   "decoder_layers": 1, "dropout": 0.1, "beam": 8 %s},
         "train": {"epochs": 3, "batch_size": 16, "lr": 0.01, "patience": 0, "progress": false},
         "eval": {"ks": %s, "batch_size": 32, "beyond_accuracy": false},
         "export": {"dir": "%s", "k": %d, "enabled": %b}}
        """.formatted(slash(data), semanticIds, modelExtra, ks, slash(exports), exportK, export)).getAsJsonObject();
    return new ConfigReader(ModelCatalog.INSTANCE).resolve(o).config();
  }

  private static String slash(Path p) {
    return p.toString().replace("\\", "/");
  }

  @Test
  void defaultsAreThePapersSettingsAndBadKeysFailAtLoad() {
    TigerConfig d = TigerConfig.defaults();
    assertEquals(128, d.dModel());
    assertEquals(6 * 64, d.numHeads() * d.headDim());
    assertEquals(1024, d.ffDim());
    assertEquals(4, d.encoderLayers());
    assertEquals(4, d.decoderLayers());
    assertEquals(2000, d.userBuckets());
    assertEquals(20, d.beam());
    Path data = Path.of("x.txt");
    assertThrows(ConfigException.class, () -> config(data, data, data, ", \"beam_size\": 3"));
    assertThrows(ConfigException.class, () -> config(data, data, data, ", \"dropout\": 1.5"));
    assertThrows(ConfigException.class, () -> config(data, "{\"source\": \"rq-kmeans\"}", data, ""),
        "rq-kmeans needs embeddings");
  }

  @Test
  void collidingIdsGetTigersExtraLevelAndEveryItemItsOwnId() throws Exception {
    int[][] codes = new int[41][];
    codes[0] = new int[2];
    for (int i = 0; i < 40; i++) codes[i + 1] = new int[] {i % 3, (i / 3) % 4};
    ItemSemanticIds ids = ItemSemanticIds.of(codes);
    assertEquals(3, ids.levels());
    assertEquals(40, ids.trie().size());
    assertArrayEquals(new int[] {3, 4, 4}, ids.radices(), "largest group: 40 items over 12 tuples");
  }

  @Test
  void everyPositionModeWithAndWithoutUserTokensBuildsOnRqKMeansIds() throws Exception {
    Path data = TinyRuns.writeSequences(dir, 30, 40, 2);
    // Embeddings by original id (items 101..140), so rows 0..100 are unused.
    float[][] rows = new float[141][6];
    java.util.Random rng = new java.util.Random(4);
    for (float[] row : rows) for (int j = 0; j < row.length; j++) row[j] = (float) rng.nextGaussian();
    Path npy = dir.resolve("items.npy");
    io.genrec.data.Npy.write(npy, io.genrec.data.NpyArray.matrix(rows));
    for (String extra : List.of(
        ", \"positions\": \"token\", \"user_buckets\": 0",
        ", \"positions\": \"none\"",
        ", \"positions\": \"item\", \"bucket_by_length\": false")) {
      String source = "{\"source\": \"rq-kmeans\", \"embeddings\": \"" + slash(npy)
          + "\", \"levels\": 2, \"codebook_size\": 4}";
      RunConfig cfg = config(data, source, dir.resolve("exports"), extra);
      SplitDataset split = Datasets.split(Datasets.load(cfg.data()), cfg.data());
      Tiger model = (Tiger) ModelCatalog.create(cfg, split, true);
      assertEquals(3, model.semanticIds().levels(), "2 k-means levels + the collision level");
      // Builds loss, gradients of every weight and the beam-search head; one step must be finite.
      try (Trainer trainer = new Trainer(model, cfg.train(), cfg.seed(), model::buildValidationHead);
          FeedBatch batch = model.batches(1).next()) {
        float loss = trainer.step(batch, 0.01);
        assertTrue(Float.isFinite(loss), extra + ": loss " + loss);
      }
    }
  }

  @Test
  void trainsEvaluatesAndExportsASavedModelThatAFreshJvmServesIdentically() throws Exception {
    Path data = TinyRuns.writeSequences(dir, 80, 40, 1);
    Path ids = writeSemanticIds(dir, 40);
    RunConfig cfg = config(data, ids, dir.resolve("exports"), "");
    Files.createDirectories(dir.resolve("run"));
    RunDirectory run = new RunDirectory(dir.resolve("run"));
    new TrainingRun().execute(cfg, run);

    JsonObject metrics = ConfigReader.gson().fromJson(
        Files.readString(run.directory().resolve("metrics.json")), JsonObject.class);
    double recall = metrics.getAsJsonObject("test").get("recall@5").getAsDouble();
    // The walk (item i, then i + 1) is learnable: far above the 5/40 of a random guess.
    assertTrue(recall > 0.3, "test recall@5 " + recall);
    assertEquals(3, run.epochLines().size());

    SplitDataset split = Datasets.split(Datasets.load(cfg.data()), cfg.data());
    List<EvalCase> cases = split.test().subList(0, 12);
    Tiger model = (Tiger) ModelCatalog.create(cfg, split, true);
    int k = 5;
    int[][] expectedIds = new int[cases.size()][];
    float[][] expectedScores = new float[cases.size()][];
    try (Trainer trainer = new Trainer(model, cfg.train(), cfg.seed(), model::buildValidationHead)) {
      trainer.restoreBest(run.checkpointDir());
      int h = model.historyLength();
      int[] hist = new int[cases.size() * h];
      for (int i = 0; i < cases.size(); i++) {
        int[] t = History.truncate(cases.get(i).history(), h);
        System.arraycopy(t, 0, hist, i * h + h - t.length, t.length);
      }
      try (TInt32 ht = TInt32.tensorOf(Shape.of(cases.size(), h), DataBuffers.of(hist, false, false));
          TInt32 et = TInt32.tensorOf(Shape.of(cases.size(), 1), DataBuffers.of(new int[cases.size()], false, false));
          TInt32 kt = TInt32.scalarOf(k);
          Result r = trainer.session().runner().feed(trainer.head().history(), ht).feed(trainer.head().exclude(), et)
              .feed(trainer.head().k(), kt).fetch(trainer.head().ids()).fetch(trainer.head().scores()).run()) {
        for (int i = 0; i < cases.size(); i++) {
          expectedIds[i] = new int[k];
          expectedScores[i] = new float[k];
          for (int j = 0; j < k; j++) {
            expectedIds[i][j] = ((TInt32) r.get(0)).getInt(i, j);
            expectedScores[i][j] = ((TFloat32) r.get(1)).getFloat(i, j);
          }
        }
      }
    }

    List<String> served = probe(run.savedModelDir(), k, "-", cases, split);
    assertEquals(cases.size(), served.size(), "one line per history");
    for (int i = 0; i < cases.size(); i++) {
      String[] parts = served.get(i).split(" \\| ");
      String[] gotIds = parts[0].trim().split(" ");
      String[] gotScores = parts[1].trim().split(" ");
      String[] gotCodes = parts[2].trim().split(" ");
      for (int j = 0; j < k; j++) {
        int item = expectedIds[i][j];
        assertTrue(item > 0, "a real item");
        assertEquals(split.data().items().original(item), gotIds[j], "user " + cases.get(i).user() + " rank " + j);
        assertEquals(expectedScores[i][j], Float.parseFloat(gotScores[j]), 1e-5f);
        StringBuilder want = new StringBuilder();
        int[] c = model.semanticIds().codes(item);
        for (int l = 0; l < c.length; l++) want.append(l == 0 ? "" : ".").append(c[l]);
        assertEquals(want.toString(), gotCodes[j], "top_k_codes are the returned items' IDs");
      }
    }

    // A known user id switches the user token from "unknown" to the user's bucket: still real items.
    StringBuilder users = new StringBuilder();
    for (int i = 0; i < cases.size(); i++) users.append(i == 0 ? "" : ",").append(i + 3);
    List<String> withUsers = probe(run.savedModelDir(), k, users.toString(), cases, split);
    for (String line : withUsers) {
      for (String id : line.split(" \\| ")[0].trim().split(" ")) {
        assertTrue(split.data().items().contains(id), "served id " + id + " is a catalog item");
      }
    }
  }

  /**
   * The run keeps its final semantic IDs ({@code semantic_ids.tsv} with the codebook sizes beside it),
   * and an export of the run rebuilds TIGER from them: after the configured ID file changes, and after
   * it is gone, a re-export answers exactly as the SavedModel the run wrote.
   */
  @Test
  void theRunKeepsItsSemanticIdsAndExportsFromThemWhateverHappensToTheSource() throws Exception {
    Path data = TinyRuns.writeSequences(dir, 40, 40, 4);
    Path source = Files.createDirectories(dir.resolve("source"));
    Path ids = writeSemanticIds(source, 40);
    RunConfig cfg = config(data, ids, dir.resolve("exports"), ", \"user_buckets\": 0");
    RunDirectory run = new RunDirectory(Files.createDirectories(dir.resolve("run")));
    new TrainingRun().execute(cfg, run);

    Path copy = run.directory().resolve(io.genrec.tokenize.SemanticIdFile.FILE_NAME);
    assertTrue(Files.isRegularFile(copy), "semantic_ids.tsv in the run directory");
    SplitDataset split = Datasets.split(Datasets.load(cfg.data()), cfg.data());
    ItemSemanticIds trained = ItemSemanticIds.load(((TigerConfig) cfg.model()).semanticIds(), split.data().items(), 7);
    ItemSemanticIds kept = ItemSemanticIds.load(io.genrec.semid.SemanticIdSource.file(copy.toString()),
        split.data().items(), 7);
    assertArrayEquals(trained.radices(), kept.radices(), "codebook sizes, the collision level included");
    for (int item = 1; item <= trained.numItems(); item++) {
      assertArrayEquals(trained.codes(item), kept.codes(item), "item " + split.data().items().original(item));
    }

    long[][] histories = {{101, 102, 103}, {110, 111}, {125}, {133, 134, 135, 136}};
    StringBuilder other = new StringBuilder("item_id\tcodes\n");
    for (int i = 0; i < 40; i++) other.append(101 + i).append('\t').append((i + 1) % 3).append(' ').append(i % 4).append('\n');
    Files.writeString(ids, other.toString());
    Path changed = dir.resolve("changed");
    io.genrec.experiment.ModelExport.fromRun(cfg, run.checkpointDir(), changed);
    Files.delete(ids);
    Path deleted = dir.resolve("deleted");
    io.genrec.experiment.ModelExport.fromRun(cfg, run.checkpointDir(), deleted);
    try (ServingModel original = new ServingModel(run.savedModelDir());
        ServingModel afterChange = new ServingModel(changed);
        ServingModel afterDelete = new ServingModel(deleted)) {
      ServingModel.TopK want = original.recommend(histories, 5);
      for (ServingModel m : List.of(afterChange, afterDelete)) {
        ServingModel.TopK got = m.recommend(histories, 5);
        for (int u = 0; u < histories.length; u++) {
          assertArrayEquals(want.ids()[u], got.ids()[u], "history " + u);
          assertArrayEquals(want.scores()[u], got.scores()[u], 1e-6f);
        }
      }
    }
  }

  private static List<String> probe(Path savedModel, int k, String users, List<EvalCase> cases, SplitDataset split)
      throws Exception {
    List<String> args = new ArrayList<>(List.of(savedModel.toString(), Integer.toString(k), users));
    args.addAll(TigerServeProbe.histories(cases, split));
    return FreshJvm.run(TigerServeProbe.class, args);
  }

}
