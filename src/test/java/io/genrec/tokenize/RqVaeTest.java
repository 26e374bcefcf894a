package io.genrec.tokenize;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.genrec.config.TrainConfig;
import io.genrec.data.DataFormatException;
import io.genrec.data.FileTrees;
import io.genrec.nn.Param;
import io.genrec.nn.Params;
import io.genrec.train.FeedBatch;
import io.genrec.train.Trainer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.Graph;
import org.tensorflow.Output;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;

class RqVaeTest {
  private static final int CLUSTERS = 8;
  private static Synthetic.Clustered data;
  private static RqVae fitted;
  private static Path trainingDir;

  @TempDir static Path shared;
  @TempDir Path dir;

  /** 8 well-separated clusters of 40 items in 16-d; a 2-level RQ-VAE with 8 codes per level. */
  static RqVae.Config tiny(int epochs, int codebookSize) {
    TrainConfig train = new TrainConfig(
        epochs, 64, 3e-3, TrainConfig.Optimizer.ADAM, 0, 0.9, 0.999, 1e-8, TrainConfig.Schedule.CONSTANT, 0, 0, 0,
        0, 1, 1, 1, false);
    return new RqVae.Config(new int[] {32}, 8, 2, codebookSize, 0.25, true, true, 1, train);
  }

  @BeforeAll
  static void fitOnce() throws IOException {
    data = Synthetic.clusters(CLUSTERS, 40, 16, 1, 0.03, 11);
    fitted = new RqVae(tiny(20, CLUSTERS));
    trainingDir = shared.resolve("training");
    fitted.fit(data.table(), 3, trainingDir);
  }

  /** Codes of one quantizer pass over 64 rows that are all nearest to code 0 of a fixed 4-code book. */
  private static int[] oneLevelCodes(boolean training, double epsilon) {
    RqVae.Config base = tiny(1, 4);
    RqVae.Config cfg = new RqVae.Config(new int[] {32}, 2, 1, 4, 0.25, false, false, 1, epsilon, 50, base.train());
    try (Graph g = new Graph()) {
      org.tensorflow.op.Ops tf = org.tensorflow.op.Ops.create(g);
      float[][] z = new float[64][2];
      java.util.Random rng = new java.util.Random(4);
      for (float[] row : z) { row[0] = 0.05f * (float) rng.nextGaussian(); row[1] = 0.05f * (float) rng.nextGaussian(); }
      RqVaeNetwork.Quantization q = RqVaeNetwork.quantize(new Params(tf, 1, training), cfg, tf.constant(z));
      org.tensorflow.Operand<org.tensorflow.types.TFloat32> book = tf.constant(new float[][] {{0, 0}, {1, 1}, {1, -1}, {-1, 1}});
      org.tensorflow.Operand<org.tensorflow.types.TFloat32> set = tf.assign(q.codebooks().get(0).variable(), book);
      try (Session s = new Session(g)) {
        s.runner().addTarget(set).run();
        try (Result r = s.runner().fetch(q.codes()).run()) {
          org.tensorflow.types.TInt64 t = (org.tensorflow.types.TInt64) r.get(0);
          int[] codes = new int[64];
          for (int i = 0; i < 64; i++) codes[i] = (int) t.getLong(i, 0);
          return codes;
        }
      }
    }
  }

  @Test
  void sinkhornSpreadsATrainingBatchThatNearestCodesPutOnOneCodeAndLeavesInferenceAlone() {
    int[] counts = new int[4];
    for (int c : oneLevelCodes(true, 0.003)) counts[c]++;
    for (int c : counts) assertTrue(c > 0 && c <= 32, "balanced in training: " + Arrays.toString(counts));
    assertArrayEquals(new int[64], oneLevelCodes(true, 0), "without Sinkhorn every row takes code 0");
    assertArrayEquals(new int[64], oneLevelCodes(false, 0.003), "inference builds take the nearest code");
    assertThrows(IllegalArgumentException.class, () -> new RqVae.Config(new int[] {4}, 2, 1, 4, 0.25, false, false, 1,
        0.003, 0, tiny(1, 4).train()));
  }

  @Test
  void codesRecoverTheClusters() {
    int[][] codes = fitted.codes();
    assertArrayEquals(new int[2], codes[0]);
    assertEquals(1.0, Synthetic.purity(codes, 0, data.labels(), CLUSTERS, CLUSTERS), 1e-12);
    TokenizerReport report = fitted.report();
    assertEquals(1.0, report.usage()[0], 1e-12, report.summary());
    assertTrue(report.relativeError() < 0.5, report.summary());
    assertEquals(2, report.errorAfterLevel().length);
    assertEquals(report.errorAfterLevel()[1], report.reconstructionMse(), 1e-12);
  }

  @Test
  void everyEpochLogsLossesUsagePerplexityAndCollisions() throws IOException {
    List<String> lines = Files.readAllLines(trainingDir.resolve(TokenizerRunOutputs.EPOCHS));
    assertEquals(20, lines.size());
    JsonObject last = JsonParser.parseString(lines.get(19)).getAsJsonObject();
    assertTrue(last.has("reconstruction_loss") && last.has("quantization_loss"), last.toString());
    JsonObject valid = last.getAsJsonObject("valid");
    for (String key : List.of("reconstruction_mse", "usage_1", "usage_2", "perplexity_1", "perplexity_2",
        "collision_rate")) {
      assertTrue(valid.has(key), key + " in " + valid);
    }
    assertTrue(Files.isDirectory(trainingDir.resolve("checkpoints").resolve("best")));
  }

  @Test
  void savedStateLoadsAndTheSavedModelCodesNewItemsAlike() throws IOException {
    Path saved = dir.resolve("tokenizer");
    fitted.save(saved);
    Tokenizer loaded = Tokenizers.load(saved);
    assertEquals(RqVae.NAME, loaded.name());
    assertArrayEquals(fitted.codes(), loaded.codes());
    assertArrayEquals(fitted.codebook(1), ((RqVae) loaded).codebook(1));
    assertEquals(fitted.report(), loaded.report());

    float[][] items = Arrays.copyOfRange(data.table(), 1, data.table().length);
    int[][] expected = Arrays.copyOfRange(fitted.codes(), 1, items.length + 1);
    assertArrayEquals(expected, ((RqVae) loaded).encode(items));
    float[] flat = new float[items.length * 16];
    for (int i = 0; i < items.length; i++) System.arraycopy(items[i], 0, flat, i * 16, 16);
    try (SavedModelBundle bundle = SavedModelBundle.load(RqVae.savedModelDir(saved).toString(), RqVaeSignature.TAG);
        TFloat32 input = TFloat32.tensorOf(Shape.of(items.length, 16), DataBuffers.of(flat, true, false));
        Result result = bundle.function(RqVaeSignature.KEY).call(Map.of(RqVaeSignature.EMBEDDING, input))) {
      TInt64 codes = (TInt64) result.get(RqVaeSignature.CODES).orElseThrow();
      assertArrayEquals(new long[] {items.length, 2}, codes.shape().asArray());
      for (int i = 0; i < items.length; i++) {
        for (int level = 0; level < 2; level++) assertEquals(expected[i][level], codes.getLong(i, level));
      }
    }
  }

  @Test
  void straightThroughGradientsReachTheEncoder() {
    try (Graph graph = new Graph()) {
      Ops tf = Ops.create(graph);
      Params params = new Params(tf, 5, true);
      Placeholder<TFloat32> x = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, 16)));
      RqVaeNetwork.Training network = RqVaeNetwork.build(params, tiny(1, 4), 16, x);
      Param encoderKernel = params.find("rqvae/encoder/layer_1/kernel").orElseThrow();
      Param codebook = params.find(RqVaeNetwork.codebookName(0)).orElseThrow();
      Output<?>[] fromReconstruction =
          graph.addGradients(network.reconstructionLoss().asOutput(), new Output<?>[] {encoderKernel.value().asOutput()});
      Output<?>[] fromLoss = graph.addGradients(network.loss().asOutput(), new Output<?>[] {codebook.value().asOutput()});
      float[] rows = new float[40 * 16];
      for (int i = 1; i <= 40; i++) System.arraycopy(data.table()[i], 0, rows, (i - 1) * 16, 16);
      try (Session session = new Session(graph);
          TFloat32 batch = TFloat32.tensorOf(Shape.of(40, 16), DataBuffers.of(rows, true, false));
          Result result = session.runner().feed(x, batch).fetch(fromReconstruction[0]).fetch(fromLoss[0]).run()) {
        assertTrue(norm((TFloat32) result.get(0)) > 0, "reconstruction gradient at the encoder");
        assertTrue(norm((TFloat32) result.get(1)) > 0, "codebook gradient");
      }
    }
  }

  /** Epoch 1's start sets the codebooks by k-means; drawing an epoch's batches leaves them alone. */
  @Test
  void kmeansInitialisationUsesEveryCodeAndDeadCodesAreReseeded() {
    VectorSet items = VectorSet.ofItems(data.table());
    RqVae.Config config = tiny(1, 16);
    RqVaeTraining training = new RqVaeTraining(config, items, 9);
    try (Trainer trainer = new Trainer(training, config.train(), 9, null)) {
      Session session = trainer.session();
      float[][] random = training.currentCodebooks(session);
      training.onEpochStart(session, 1);
      TokenizerReport initial = usage(training, session, config);
      assertEquals(1.0, initial.usage()[0], 1e-12, initial.summary());
      assertEquals(1.0, initial.usage()[1], 1e-12, initial.summary());
      float[][] codebooks = training.currentCodebooks(session);
      assertFalse(Arrays.deepEquals(random, codebooks), "epoch 1's start replaced the initial codebooks");
      for (Iterator<FeedBatch> batches = training.batches(2); batches.hasNext(); ) batches.next().close();
      assertArrayEquals(codebooks, training.currentCodebooks(session), "batches leave the codebooks alone");

      for (int code = 0; code < 3; code++) Arrays.fill(codebooks[0], code * 8, code * 8 + 8, 1e4f);
      training.assignCodebooks(session, codebooks);
      TokenizerReport broken = usage(training, session, config);
      assertEquals(13 / 16.0, broken.usage()[0], 1e-12, broken.summary());

      int[] reseeded = training.reseedDeadCodes(session, 2);
      assertEquals(3, reseeded[0]);
      TokenizerReport repaired = usage(training, session, config);
      assertTrue(repaired.usage()[0] > broken.usage()[0], repaired.summary());
    }
  }

  @Test
  void theCollisionLevelMakesEveryIdUnique() throws IOException {
    // 2 codes per level for 320 items: most IDs collide before the extra level.
    List<String> ids = new ArrayList<>();
    for (int i = 1; i <= 320; i++) ids.add("item" + i);
    Tokenizer tokenizer = new RqVae(tiny(2, 2));
    Tokenization.Result result = Tokenization.run(tokenizer, data.table(), ids, 1, dir);
    assertTrue(result.report().collisionRate() > 0.9, result.report().summary());
    SemanticIdTrie trie = result.trie();
    int[][] unique = result.collisions().codes();
    for (int i = 1; i <= 320; i++) assertEquals(i, trie.item(unique[i]));
    JsonObject report = JsonParser.parseString(Files.readString(dir.resolve(Tokenization.REPORT_FILE))).getAsJsonObject();
    assertEquals(0.0, report.getAsJsonObject("collisions").get("rate_after").getAsDouble());
    assertTrue(Files.exists(dir.resolve(Tokenization.TRAINING_DIR).resolve(TokenizerRunOutputs.EPOCHS)));
    assertTrue(Files.isDirectory(RqVae.savedModelDir(dir.resolve(Tokenization.TOKENIZER_DIR))));
  }

  @Test
  void oneThreadAndOneSeedGiveTheSameFit() {
    RqVae first = new RqVae(tiny(3, 4));
    RqVae second = new RqVae(tiny(3, 4));
    first.fit(data.table(), 21);
    second.fit(data.table(), 21);
    assertArrayEquals(first.codes(), second.codes());
    assertArrayEquals(first.codebook(0), second.codebook(0));
    assertEquals(first.report().reconstructionMse(), second.report().reconstructionMse());
  }

  @Test
  void malformedInputsGetClearErrors() {
    float[][] table = Synthetic.gaussian(20, new double[] {1, 1, 1}, 2);
    table[7][1] = Float.NaN;
    IllegalArgumentException nan =
        assertThrows(IllegalArgumentException.class, () -> new RqVae(tiny(1, 4)).fit(table, 1));
    assertTrue(nan.getMessage().contains("item row 7"), nan.getMessage());

    IllegalArgumentException list = assertThrows(
        IllegalArgumentException.class, () -> Tokenizers.create("rq-vae", Map.of("hidden", "512,x")));
    assertTrue(list.getMessage().contains("'hidden' must be a list of integers"), list.getMessage());
    IllegalArgumentException levels =
        assertThrows(IllegalArgumentException.class, () -> Tokenizers.create("rq-vae", Map.of("levels", 0)));
    assertTrue(levels.getMessage().contains("levels must be >= 1"), levels.getMessage());
    IllegalArgumentException key =
        assertThrows(IllegalArgumentException.class, () -> Tokenizers.create("rq-vae", Map.of("latent", 8)));
    assertTrue(key.getMessage().contains("latent_dim"), key.getMessage());
    RqVae made = (RqVae) Tokenizers.create("rq-vae", Map.of("hidden", List.of(64, 32), "beta", "0.5"));
    assertArrayEquals(new int[] {64, 32}, made.config().hidden());
    assertEquals(0.5, made.config().beta());

    IllegalArgumentException dim =
        assertThrows(IllegalArgumentException.class, () -> fitted.encode(new float[][] {{1, 2, 3}}));
    assertTrue(dim.getMessage().contains("dim 3"), dim.getMessage());
    assertThrows(IllegalStateException.class, () -> new RqVae(tiny(1, 4)).codes());
  }

  @Test
  void aSavedStateWithoutItsCheckpointNamesTheMissingFile() throws IOException {
    Path saved = dir.resolve("tokenizer");
    fitted.save(saved);
    FileTrees.delete(saved.resolve(RqVae.CHECKPOINT_DIR));
    DataFormatException error = assertThrows(DataFormatException.class, () -> Tokenizers.load(saved));
    assertTrue(error.getMessage().contains("ckpt.index"), error.getMessage());
  }

  private static TokenizerReport usage(RqVaeTraining training, Session session, RqVae.Config config) {
    int[][] codes = training.evaluate(session).codes();
    return TokenizerReport.of(RqVae.NAME, 16, codes, config.codebookSize(), 0, 1, new double[0], 0);
  }

  private static double norm(TFloat32 tensor) {
    float[] values = new float[Math.toIntExact(tensor.size())];
    tensor.copyTo(DataBuffers.of(values, false, false));
    double sum = 0;
    for (float v : values) sum += (double) v * v;
    return Math.sqrt(sum);
  }
}
