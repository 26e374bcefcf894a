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

/** Fine-tuning pieces on a tiny model: fix_enc freezes the encoder bit for bit; the re-mapping hook. */
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
