package io.genrec.train;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.genrec.config.RunConfig;
import io.genrec.data.Datasets;
import io.genrec.data.SplitDataset;
import io.genrec.model.catalog.ModelCatalog;
import io.genrec.model.SequentialRecommender;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Builds every registered model's training graph and adds gradients (the Trainer does both), so a
 * model using an op without a registered gradient fails here, not in a user's run.
 */
class GradientCoverageTest {
  @TempDir static Path dir;

  /**
   * Per model: config overrides that make it build on the tiny dataset (variants of one model too).
   * TIGER reads its semantic IDs from {@code ids.tsv}, written by {@link #writeSemanticIds}.
   */
  static final Map<String, List<String>> VARIANTS = Map.of(
      "sasrec", List.of("{\"model\": {\"loss\": \"softmax\"}}", "{\"model\": {\"loss\": \"bce\", \"norm\": \"post\"}}"),
      "diffsasrec", List.of(
          "{\"model\": {\"name\": \"diffsasrec\", \"hidden\": 16, \"num_blocks\": 1, \"num_heads\": 2, \"diffusion_type\": \"single\"}}",
          "{\"model\": {\"name\": \"diffsasrec\", \"hidden\": 16, \"num_blocks\": 1, \"num_heads\": 2, \"diffusion_type\": \"multi\", \"num_recs\": 3}, \"eval\": {\"ks\": [3]}}",
          "{\"model\": {\"name\": \"diffsasrec\", \"hidden\": 16, \"num_blocks\": 1, \"num_heads\": 2, \"sft\": true}}"),
      "tiger", List.of(
          "{\"model\": {\"name\": \"tiger\", \"semantic_ids\": {\"source\": \"file\", \"path\": \"IDS\"},"
              + " \"user_buckets\": 5, \"d_model\": 16, \"num_heads\": 2, \"head_dim\": 8, \"ff_dim\": 32,"
              + " \"encoder_layers\": 1, \"decoder_layers\": 1, \"beam\": 5}, \"eval\": {\"ks\": [5]},"
              + " \"export\": {\"k\": 5}}"),
      "vqrec", List.of(
          "{\"model\": {\"name\": \"vqrec\", \"codes\": {\"path\": \"IDS\"}, \"codebook_size\": 4,"
              + " \"hidden\": 16, \"ff_dim\": 32}}",
          "{\"model\": {\"name\": \"vqrec\", \"codes\": {\"path\": \"IDS\"}, \"codebook_size\": 4,"
              + " \"hidden\": 16, \"ff_dim\": 32, \"objective\": \"pretrain\"}}",
          "{\"model\": {\"name\": \"vqrec\", \"codes\": {\"path\": \"IDS\"}, \"codebook_size\": 4,"
              + " \"hidden\": 16, \"ff_dim\": 32, \"permutation\": \"learned\"},"
              + " \"train\": {\"param_groups\": {\"permutation\": {\"lr_multiplier\": 10}}}}"),
      "s3rec", List.of(
          "{\"model\": {\"name\": \"s3rec\", \"hidden\": 16, \"num_blocks\": 1, \"objective\": \"pretrain\","
              + " \"attributes\": \"ATTR\"}}",
          "{\"model\": {\"name\": \"s3rec\", \"hidden\": 16, \"num_blocks\": 1, \"objective\": \"pretrain\","
              + " \"attributes\": \"ATTR\", \"weights\": {\"aap\": 1, \"mip\": 0, \"map\": 0, \"sp\": 0}}}",
          "{\"model\": {\"name\": \"s3rec\", \"hidden\": 16, \"num_blocks\": 1, \"loss\": \"bce\"}}",
          "{\"model\": {\"name\": \"s3rec\", \"hidden\": 16, \"num_blocks\": 1, \"loss\": \"softmax\"}}"),
      // DIGER reads a tokenizer and embeddings written by writeDigerInputs (EMB, TOK).
      "diger", List.of(
          "{\"model\": {\"name\": \"diger\", \"item_embeddings\": \"EMB\", \"tokenizer_init\": \"TOK\","
              + " \"assignment\": \"frqud\", \"sinkhorn_epsilon\": 0.003, \"sinkhorn_iters\": 3,"
              + " \"collision_codes\": 20, \"d_model\": 16, \"num_heads\": 2, \"head_dim\": 8, \"ff_dim\": 32,"
              + " \"encoder_layers\": 1, \"decoder_layers\": 1, \"beam\": 5}, \"eval\": {\"ks\": [5]},"
              + " \"export\": {\"k\": 5}}",
          "{\"model\": {\"name\": \"diger\", \"item_embeddings\": \"EMB\", \"tokenizer_init\": \"TOK\","
              + " \"assignment\": \"sdud\", \"frozen_encoder_layers\": 1,"
              + " \"collision_codes\": 20, \"d_model\": 16, \"num_heads\": 2, \"head_dim\": 8, \"ff_dim\": 32,"
              + " \"encoder_layers\": 1, \"decoder_layers\": 1, \"beam\": 5}, \"eval\": {\"ks\": [5]},"
              + " \"export\": {\"k\": 5}, \"train\": {\"param_groups\": {\"tokenizer\": {\"lr_multiplier\": 0.01}, \"sigma\": {\"clip_norm\": 0}}}}"));

  /**
   * DIGER's inputs for the tiny catalog: 6-d random embeddings per dense item and a 2-level x 4-code
   * RQ-VAE fitted on them for one epoch, saved as genrec tokenize saves it.
   */
  static String[] writeDigerInputs(Path dir, RunConfig cfg) throws java.io.IOException {
    int n = io.genrec.data.Datasets.load(cfg.data()).items().size();
    float[][] rows = new float[n + 1][6];
    java.util.Random rng = new java.util.Random(3);
    for (int i = 1; i <= n; i++) for (int j = 0; j < 6; j++) rows[i][j] = (float) rng.nextGaussian();
    Path npy = dir.resolve("diger-items.npy");
    io.genrec.data.Npy.write(npy, io.genrec.data.NpyArray.matrix(rows));
    io.genrec.config.TrainConfig train = new io.genrec.config.TrainConfig(1, 16, 1e-3,
        io.genrec.config.TrainConfig.Optimizer.ADAM, 0, 0.9, 0.999, 1e-8, io.genrec.config.TrainConfig.Schedule.CONSTANT,
        0, 0, 0, 0, 1, 1, 1, false);
    io.genrec.tokenize.RqVae rqvae = new io.genrec.tokenize.RqVae(
        new io.genrec.tokenize.RqVae.Config(new int[] {8}, 4, 2, 4, 0.25, true, false, 1, train));
    rqvae.fit(rows, 3);
    Path tokenizer = dir.resolve("diger-rqvae");
    rqvae.save(tokenizer);
    return new String[] {npy.toString().replace("\\", "/"), tokenizer.toString().replace("\\", "/")};
  }

  /** S3-Rec attributes: items 102..100 + items - 1 get one or two of 0..6, item 101 and the last none. */
  static Path writeAttributes(Path dir, int items) throws java.io.IOException {
    StringBuilder sb = new StringBuilder("{");
    for (int i = 1; i < items; i++) {
      sb.append(i == 1 ? "" : ", ").append("\"").append(101 + i).append("\": [").append(i % 7);
      if (i % 2 == 0) sb.append(", ").append((i / 2) % 7);
      sb.append(']');
    }
    return java.nio.file.Files.writeString(dir.resolve("attributes.json"), sb.append('}').toString());
  }

  /** Items 101..120 with 2-level codes that collide, so TIGER's collision level is exercised. */
  static Path writeSemanticIds(Path dir, int items) throws java.io.IOException {
    StringBuilder sb = new StringBuilder("item_id\tcodes\n");
    for (int i = 0; i < items; i++) sb.append(101 + i).append('\t').append(i % 3).append(' ').append((i / 3) % 4).append('\n');
    return java.nio.file.Files.writeString(dir.resolve("ids.tsv"), sb.toString());
  }

  static Stream<String> models() {
    return ModelCatalog.INSTANCE.names().stream();
  }

  @ParameterizedTest
  @MethodSource("models")
  void everyModelsTrainingGraphHasGradients(String name) throws Exception {
    List<String> variants = VARIANTS.get(name);
    assertFalse(variants == null || variants.isEmpty(),
        "model " + name + " is registered but GradientCoverageTest has no config for it: add one");
    Path data = TinyRuns.writeSequences(dir, 30, 20, 3);
    String ids = writeSemanticIds(dir, 20).toString().replace("\\", "/");
    String[] diger = name.equals("diger") ? writeDigerInputs(dir, TinyRuns.sasrec(data, dir.resolve("exports"), "{}"))
        : new String[] {"", ""};
    for (String variant : variants) {
      String attributes = writeAttributes(dir, 20).toString().replace("\\", "/");
      String extra = variant.replace("IDS", ids).replace("ATTR", attributes).replace("EMB", diger[0]).replace("TOK", diger[1]);
      RunConfig cfg = TinyRuns.sasrec(data, dir.resolve("exports"), extra);
      SplitDataset split = Datasets.split(Datasets.load(cfg.data()), cfg.data());
      SequentialRecommender model = ModelCatalog.create(cfg, split, true);
      // The constructor builds loss, ranking head and optimizer (Graph.addGradients over every
      // trainable variable); a missing gradient throws here.
      try (Trainer t = new Trainer(model, cfg.train(), cfg.seed(), model::buildValidationHead)) {
        assertTrue(t.head() != null);
      }
    }
  }

  @Test
  void catalogListsSasRec() {
    assertTrue(ModelCatalog.INSTANCE.names().contains("sasrec"));
  }
}
