package io.genrec.model.vqrec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.genrec.config.RunConfig;
import io.genrec.data.Datasets;
import io.genrec.data.SplitDataset;
import io.genrec.model.SequentialRecommender;
import io.genrec.model.catalog.ModelCatalog;
import io.genrec.nn.TfRun;
import io.genrec.train.FeedBatch;
import io.genrec.train.TinyRuns;
import io.genrec.train.Trainer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * Fine-tuning pieces on a tiny model: fix_enc freezes the encoder bit for bit; the random re-mapping
 * hook; the learned permutation's reassign steps and its write into the table.
 */
class VqRecFineTuneTest {
  static final String TABLE = CodeItemTable.TABLE;
  static final List<String> ENCODER = List.of("vqrec/positions/table", "vqrec/block_0/self_attention/qkv/kernel",
      "vqrec/block_0/feed_forward/hidden/kernel", "vqrec/block_0/self_attention_norm/gain");
  static final List<String> TRAINED = List.of(TABLE, "vqrec/input_norm/gain", "vqrec/input_norm/bias");

  @TempDir Path dir;

  private RunConfig config(String extra) throws Exception {
    Path data = TinyRuns.writeSequences(dir, 40, 20, 2);
    StringBuilder codes = new StringBuilder("item_id\tcodes\n");
    for (int i = 0; i < 20; i++) codes.append(101 + i).append('\t').append(i % 4).append(' ').append((i / 4) % 4)
        .append(' ').append((i * 7) % 4).append('\n');
    Path file = Files.writeString(dir.resolve("codes.tsv"), codes.toString());
    return TinyRuns.sasrec(data, dir.resolve("exports"), """
        {"model": {"name": "vqrec", "codes": {"path": "%s"}, "codebook_size": 4, "hidden": 16, "ff_dim": 32,
                   "num_blocks": 1 %s}, "train": {"lr": 0.05, "param_groups": {"encoder": {"frozen": true}}}}
        """.formatted(file.toString().replace("\\", "/"), extra));
  }

  @Test
  void fixEncLeavesTheEncoderBitIdenticalWhileTheCodeTableAndInputNormTrain() throws Exception {
    RunConfig cfg = config("");
    SplitDataset split = Datasets.split(Datasets.load(cfg.data()), cfg.data());
    SequentialRecommender model = ModelCatalog.create(cfg, split, true);
    try (Trainer trainer = new Trainer(model, cfg.train(), cfg.seed(), model::buildValidationHead)) {
      Map<String, float[]> before = read(trainer.session(), ENCODER, TRAINED);
      Iterator<FeedBatch> batches = model.batches(1);
      for (int s = 0; s < 3 && batches.hasNext(); s++) {
        try (FeedBatch b = batches.next()) {
          trainer.step(b, 0.05);
        }
      }
      Map<String, float[]> after = read(trainer.session(), ENCODER, TRAINED);
      for (String name : ENCODER) assertArrayEquals(before.get(name), after.get(name), name);
      for (String name : TRAINED) assertFalse(Arrays.equals(before.get(name), after.get(name)), name + " trains");
    }
  }

  @Test
  void randomPermutationRemapsTheCodeTableOnceAtTheFirstEpoch() throws Exception {
    RunConfig cfg = config(", \"permutation\": \"random\"");
    SplitDataset split = Datasets.split(Datasets.load(cfg.data()), cfg.data());
    SequentialRecommender model = ModelCatalog.create(cfg, split, true);
    try (Trainer trainer = new Trainer(model, cfg.train(), cfg.seed(), model::buildValidationHead)) {
      float[] before = read(trainer.session(), List.of(TABLE), List.of()).get(TABLE);
      model.onEpochStart(trainer.session(), 2);
      assertArrayEquals(before, read(trainer.session(), List.of(TABLE), List.of()).get(TABLE), "only epoch 1");
      model.onEpochStart(trainer.session(), 1);
      float[] after = read(trainer.session(), List.of(TABLE), List.of()).get(TABLE);
      int[] source = CodePermutation.random(3, 4, cfg.seed());
      int h = 16;
      for (int r = 0; r < source.length; r++) {
        assertArrayEquals(Arrays.copyOfRange(before, source[r] * h, source[r] * h + h),
            Arrays.copyOfRange(after, r * h, r * h + h), "row " + r + " holds row " + source[r]);
      }
      assertFalse(Arrays.equals(before, after));
    }
  }

  @Test
  void learnedReassignStepsTrainTheLogitsHoldTheTableAndTheLastWritesThePermutationIntoIt() throws Exception {
    RunConfig cfg = config(", \"permutation\": \"learned\", \"reassign_epochs\": 2");
    SplitDataset split = Datasets.split(Datasets.load(cfg.data()), cfg.data());
    SequentialRecommender model = ModelCatalog.create(cfg, split, true);
    String logits = LearnedPermutation.LOGITS;
    try (Trainer trainer = new Trainer(model, cfg.train(), cfg.seed(), model::buildValidationHead)) {
      Session session = trainer.session();
      Map<String, float[]> before = read(session, List.of(TABLE, logits, "vqrec/input_norm/gain"));
      model.onEpochStart(session, 1);
      steps(trainer, model.batches(1), 3);
      Map<String, float[]> during = read(session, List.of(TABLE, logits, "vqrec/input_norm/gain"));
      assertFalse(Arrays.equals(before.get(logits), during.get(logits)), "the gradient reaches the logits");
      assertArrayEquals(before.get(TABLE), during.get(TABLE), "the code table holds still while reassigning");
      assertFalse(Arrays.equals(before.get("vqrec/input_norm/gain"), during.get("vqrec/input_norm/gain")),
          "the rest trains as configured");

      model.onEpochEnd(session, 1);
      int[] shown = source(session);
      PermutationMatchingTest.assertBijection(shown, 3, 4);
      assertFalse(Arrays.equals(PermutationMatching.identity(3, 4), shown), "trained logits move some code");
      assertArrayEquals(before.get(TABLE), read(session, List.of(TABLE)).get(TABLE), "not written before the last");

      model.onEpochEnd(session, 2);
      float[] written = read(session, List.of(TABLE)).get(TABLE);
      int h = 16;
      for (int r = 0; r < shown.length; r++) {
        assertArrayEquals(Arrays.copyOfRange(before.get(TABLE), shown[r] * h, shown[r] * h + h),
            Arrays.copyOfRange(written, r * h, r * h + h), "row " + r + " holds pre-trained row " + shown[r]);
      }
      assertArrayEquals(PermutationMatching.identity(3, 4), source(session), "ranking reads the table as it is");

      model.onEpochStart(session, 3);
      model.onEpochEnd(session, 3);
      assertArrayEquals(written, read(session, List.of(TABLE)).get(TABLE), "written once");
      steps(trainer, model.batches(3), 2);
      assertFalse(Arrays.equals(written, read(session, List.of(TABLE)).get(TABLE)), "the table trains afterwards");
    }
  }

  private static void steps(Trainer trainer, Iterator<FeedBatch> batches, int n) {
    for (int s = 0; s < n && batches.hasNext(); s++) {
      try (FeedBatch b = batches.next()) {
        trainer.step(b, 0.05);
      }
    }
  }

  private static int[] source(Session session) {
    try (Result r = session.runner().fetch(LearnedPermutation.SOURCE).run()) {
      TInt32 t = (TInt32) r.get(0);
      int[] values = new int[(int) t.shape().size()];
      t.asRawTensor().data().asInts().read(values);
      return values;
    }
  }

  @SafeVarargs
  private static Map<String, float[]> read(Session session, List<String>... names) {
    Map<String, float[]> values = new LinkedHashMap<>();
    Session.Runner runner = session.runner();
    List<String> all = Arrays.stream(names).flatMap(List::stream).toList();
    all.forEach(runner::fetch);
    try (Result r = runner.run()) {
      for (int i = 0; i < all.size(); i++) values.put(all.get(i), TfRun.read((TFloat32) r.get(i)));
    }
    return values;
  }
}
