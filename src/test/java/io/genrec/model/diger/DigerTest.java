package io.genrec.model.diger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.genrec.config.ConfigException;
import io.genrec.config.RunConfig;
import io.genrec.data.Datasets;
import io.genrec.data.SplitDataset;
import io.genrec.eval.RankingHead;
import io.genrec.model.catalog.ModelCatalog;
import io.genrec.train.FeedBatch;
import io.genrec.train.Trainer;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;

/** DIGER's model in the trainer: every assignment mode builds and steps, and the recommendation loss reaches the tokenizer. */
class DigerTest {
  @TempDir static Path shared;
  static DigerFixture fixture;

  @BeforeAll
  static void fixture() throws Exception {
    fixture = DigerFixture.create(shared);
  }

  private static SplitDataset split(RunConfig cfg) throws Exception {
    return Datasets.split(Datasets.load(cfg.data()), cfg.data());
  }

  @Test
  void badKeysFailAtLoadNamingTheKey() {
    ConfigException e = assertThrows(ConfigException.class,
        () -> fixture.config(shared.resolve("x"), ", \"assignment\": \"gumble\""));
    assertTrue(e.getMessage().contains("assignment"), e.getMessage());
    e = assertThrows(ConfigException.class, () -> fixture.config(shared.resolve("x"), ", \"gumbel_tau\": 0"));
    assertTrue(e.getMessage().contains("model.gumbel_tau"), e.getMessage());
    e = assertThrows(ConfigException.class, () -> fixture.config(shared.resolve("x"), ", \"sinkhorn_rows\": \"items\""));
    assertTrue(e.getMessage().contains("model.sinkhorn_rows"), e.getMessage());
    e = assertThrows(ConfigException.class, () -> fixture.config(shared.resolve("x"), ", \"tokenizer_init\": \"\""));
    assertTrue(e.getMessage().contains("model.tokenizer_init"), e.getMessage());
  }

  @Test
  void cutOffsAboveTheBeamAreRefusedAtLoadNamingBothKeys() {
    ConfigException e = assertThrows(ConfigException.class, () -> fixture.config(shared.resolve("x"), ", \"beam\": 4"));
    assertTrue(e.getMessage().contains("eval.ks goes up to 5") && e.getMessage().contains("model.beam = 4"),
        e.getMessage());
  }

  /**
   * The training graph's search reads the IDs of the last refresh (the shared search over variable
   * tables), leaves each user's excluded items out inside the search so the beam still fills, and
   * returns every item under its current ID.
   */
  @Test
  void afterARefreshTheSearchRanksUnderTheNewIdsAndExcludesInsideTheBeam() throws Exception {
    RunConfig cfg = fixture.config(shared.resolve("x"), ", \"assignment\": \"ste\"");
    Diger model = (Diger) ModelCatalog.create(cfg, split(cfg), true);
    assertEquals(8, model.maxK(), "the beam caps a call");
    try (Trainer trainer = new Trainer(model, cfg.train(), cfg.seed(), model::buildValidationHead)) {
      try (FeedBatch batch = model.batches(1).next()) {
        trainer.step(batch, 0.05);
      }
      model.beforeRanking(trainer.session());
      assertTrue(model.rankingStats().get("changed_items") > 0, "the refresh moved IDs: " + model.rankingStats());
      int[][] ids = model.semanticIds();
      int users = 3;
      int h = model.historyLength();
      int[] history = new int[users * h];
      int[] exclude = new int[users * 4];
      for (int u = 0; u < users; u++) {
        for (int j = 0; j < 4; j++) {
          history[u * h + h - 1 - j] = 1 + u * 4 + j;
          exclude[u * 4 + j] = 1 + u * 4 + j;
        }
      }
      RankingHead head = trainer.head();
      try (TInt32 ht = TInt32.tensorOf(Shape.of(users, h), DataBuffers.of(history, false, false));
          TInt32 et = TInt32.tensorOf(Shape.of(users, 4), DataBuffers.of(exclude, false, false));
          TInt32 kt = TInt32.scalarOf(8);
          Result r = trainer.session().runner().feed(head.history(), ht).feed(head.exclude(), et).feed(head.k(), kt)
              .fetch(head.ids()).fetch(model.servingOutputs().get(Diger.TOP_K_CODES)).run()) {
        TInt32 items = (TInt32) r.get(0);
        TInt64 codes = (TInt64) r.get(1);
        for (int u = 0; u < users; u++) {
          Set<Integer> seen = new HashSet<>();
          for (int j = 0; j < 8; j++) {
            int item = items.getInt(u, j);
            assertTrue(item > 0 && seen.add(item), "user " + u + ": 8 distinct real items, got " + item + " at " + j);
            assertTrue(item < 1 + u * 4 || item > 4 + u * 4, "user " + u + ": excluded item " + item + " returned");
            for (int l = 0; l < ids[item].length; l++) {
              assertEquals(ids[item][l], codes.getLong(u, j, l), "item " + item + " under its refreshed ID");
            }
          }
        }
      }
    }
  }

  @Test
  void tooManyFrozenEncoderLayersIsAClearError() throws Exception {
    RunConfig cfg = fixture.config(shared.resolve("x"), ", \"frozen_encoder_layers\": 3");
    SplitDataset split = split(cfg);
    ConfigException e = assertThrows(ConfigException.class, () -> ModelCatalog.create(cfg, split, true));
    assertTrue(e.getMessage().contains("frozen_encoder_layers") && e.getMessage().contains("only 2"), e.getMessage());
  }

  @Test
  void aRefreshBeforeAnyStepReproducesTheTokenizersCodesWhateverTheFrozenLayers() throws Exception {
    // Frozen layers run once over the catalog (a constant table), the rest in the graph: codes must not move.
    for (int frozen = 0; frozen <= 2; frozen++) {
      RunConfig cfg = fixture.config(shared.resolve("x"), ", \"assignment\": \"frqud\", \"frozen_encoder_layers\": "
          + frozen);
      Diger model = (Diger) ModelCatalog.create(cfg, split(cfg), true);
      int[][] start = model.semanticIds();
      try (Trainer trainer = new Trainer(model, cfg.train(), cfg.seed(), model::buildValidationHead)) {
        model.beforeRanking(trainer.session());
      }
      org.junit.jupiter.api.Assertions.assertEquals(0.0, model.rankingStats().get("changed_items"),
          "frozen_encoder_layers " + frozen);
      assertTrue(java.util.Arrays.deepEquals(start, model.semanticIds()), "frozen_encoder_layers " + frozen);
    }
  }

  /** The modes' plain runs are DigerRunTest's; here Sinkhorn-balanced codes, which it does not train with. */
  /**
   * With Sinkhorn on, the tokenizer's nearest-code IDs are not what a refresh computes; a fresh run
   * switches to the refresh's IDs before its first step, so the first validation changes none of them.
   */
  @Test
  void aFreshSinkhornRunTrainsFromTheRefreshsIdsFromTheFirstStep() throws Exception {
    RunConfig cfg = fixture.config(shared.resolve("x"),
        ", \"assignment\": \"sdud\", \"sinkhorn_epsilon\": 0.003, \"sinkhorn_iters\": 5");
    Diger untouched = (Diger) ModelCatalog.create(cfg, split(cfg), true);
    try (Trainer trainer = new Trainer(untouched, cfg.train(), cfg.seed(), untouched::buildValidationHead)) {
      untouched.beforeRanking(trainer.session());
      assertTrue(untouched.rankingStats().get("changed_items") > 0,
          "the fixture's Sinkhorn codes equal its nearest codes, so this test shows nothing");
    }
    Diger started = (Diger) ModelCatalog.create(cfg, split(cfg), true);
    try (Trainer trainer = new Trainer(started, cfg.train(), cfg.seed(), started::buildValidationHead)) {
      started.onStart(trainer.session());
      started.beforeRanking(trainer.session());
      assertEquals(0.0, started.rankingStats().get("changed_items"));
    }
  }

  @Test
  void sinkhornAssignmentStepsWithAFiniteLossAndRefreshes() throws Exception {
    for (String rows : new String[] {"targets", "batch"}) {
      RunConfig cfg = fixture.config(shared.resolve("x"), ", \"assignment\": \"frqud\", \"sinkhorn_epsilon\": 0.003, "
          + "\"sinkhorn_iters\": 5, \"sinkhorn_rows\": \"" + rows + "\"");
      Diger model = (Diger) ModelCatalog.create(cfg, split(cfg), true);
      try (Trainer trainer = new Trainer(model, cfg.train(), cfg.seed(), model::buildValidationHead)) {
        for (int step = 0; step < 2; step++) {
          try (FeedBatch batch = model.batches(1).next()) {
            float loss = trainer.step(batch, 0.01);
            assertTrue(Float.isFinite(loss), rows + ": loss " + loss);
          }
        }
        model.beforeRanking(trainer.session());
        assertTrue(model.rankingStats().containsKey("codes_used_0"), model.rankingStats().toString());
      }
    }
  }

  /**
   * rec_codes table trains the recommender on the catalog's IDs (the ones it is ranked with) while
   * noise shapes only the tokenizer; assigned trains it on this step's noisy codes, which at Gumbel
   * scale 1 over centred logits mostly differ from them.
   */
  @Test
  void theRecommendersLabelsAreTheCatalogIdsUnderTableAndTheNoisyCodesUnderAssigned() throws Exception {
    double table = labelAgreement("table");
    double assigned = labelAgreement("assigned");
    assertEquals(1.0, table, 1e-6);
    assertTrue(assigned < 0.9, "noisy codes agreed with the IDs on " + assigned + " of the labels");
  }

  private double labelAgreement(String recCodes) throws Exception {
    RunConfig cfg = fixture.config(shared.resolve("x"), ", \"assignment\": \"gumbel\", \"rec_codes\": \"" + recCodes
        + "\", \"sinkhorn_epsilon\": 0.003, \"sinkhorn_iters\": 5, \"dropout\": 0");
    Diger model = (Diger) ModelCatalog.create(cfg, split(cfg), true);
    try (Trainer trainer = new Trainer(model, cfg.train(), cfg.seed(), model::buildValidationHead);
        FeedBatch batch = model.batches(1).next();
        org.tensorflow.Result r = batch.feed(trainer.session().runner())
            .fetch(model.diagnostics().get("label_agreement")).run()) {
      return ((org.tensorflow.types.TFloat32) r.get(0)).getFloat();
    }
  }

  @Test
  void oneStepOfTheRecommendationLossAloneChangesTheTokenizerEncoderAndCodebooks() throws Exception {
    for (String mode : List.of("ste", "gumbel")) {
      RunConfig cfg = fixture.config(shared.resolve("x"), ", \"assignment\": \"" + mode
          + "\", \"reconstruction_weight\": 0, \"codebook_weight\": 0, \"dropout\": 0");
      Diger model = (Diger) ModelCatalog.create(cfg, split(cfg), true);
      List<String> tokenizer = List.of("rqvae/encoder/layer_1/kernel", "rqvae/encoder/layer_2/kernel",
          "rqvae/codebook_1", "rqvae/codebook_2");
      try (Trainer trainer = new Trainer(model, cfg.train(), cfg.seed(), model::buildValidationHead)) {
        List<float[]> before = read(trainer.session(), tokenizer);
        try (FeedBatch batch = model.batches(1).next()) {
          trainer.step(batch, 0.01);
        }
        List<float[]> after = read(trainer.session(), tokenizer);
        for (int i = 0; i < tokenizer.size(); i++) {
          double moved = 0;
          for (int j = 0; j < before.get(i).length; j++) moved = Math.max(moved, Math.abs(after.get(i)[j] - before.get(i)[j]));
          assertTrue(moved > 1e-4, mode + ": " + tokenizer.get(i) + " moved by at most " + moved);
        }
      }
    }
  }

  @Test
  void theDecoderTermAloneTrainsTheTokenizersDecoderAndEncoderAndIsAbsentAtWeightZero() throws Exception {
    RunConfig cfg = fixture.config(shared.resolve("x"), ", \"assignment\": \"ste\", \"rec_weight\": 0,"
        + " \"reconstruction_weight\": 0, \"codebook_weight\": 0, \"decoder_weight\": 1, \"dropout\": 0");
    Diger model = (Diger) ModelCatalog.create(cfg, split(cfg), true);
    List<String> names = List.of("rqvae/decoder/layer_1/kernel", "rqvae/encoder/layer_1/kernel", "tiger/tokens/table");
    try (Trainer trainer = new Trainer(model, cfg.train(), cfg.seed(), model::buildValidationHead)) {
      List<float[]> before = read(trainer.session(), names);
      try (FeedBatch batch = model.batches(1).next()) {
        trainer.step(batch, 0.01);
      }
      List<float[]> after = read(trainer.session(), names);
      assertTrue(!java.util.Arrays.equals(before.get(0), after.get(0)), "the decoder trains");
      assertTrue(!java.util.Arrays.equals(before.get(1), after.get(1)), "the encoder gets the decoder's gradient");
      org.junit.jupiter.api.Assertions.assertArrayEquals(before.get(2), after.get(2), 0f,
          "with rec_weight 0 the recommender's tokens get no gradient");
    }
    RunConfig off = fixture.config(shared.resolve("x"), ", \"assignment\": \"ste\"");
    Diger plain = (Diger) ModelCatalog.create(off, split(off), true);
    try (Trainer trainer = new Trainer(plain, off.train(), off.seed(), plain::buildValidationHead)) {
      assertTrue(trainer.session().graph().operation("rqvae/decoder/layer_1/kernel") == null,
          "decoder_weight 0 (the default) builds no decoder");
    }
  }

  @Test
  void theTokenizerTrainsInItsOwnParameterGroup() throws Exception {
    RunConfig cfg = fixture.config(shared.resolve("x"), ", \"assignment\": \"gumbel\"",
        "{\"tokenizer\": {\"frozen\": true}}");
    Diger model = (Diger) ModelCatalog.create(cfg, split(cfg), true);
    List<String> names = List.of("rqvae/codebook_1", "rqvae/encoder/layer_2/kernel", "tiger/tokens/table");
    try (Trainer trainer = new Trainer(model, cfg.train(), cfg.seed(), model::buildValidationHead)) {
      List<float[]> before = read(trainer.session(), names);
      try (FeedBatch batch = model.batches(1).next()) {
        trainer.step(batch, 0.01);
      }
      List<float[]> after = read(trainer.session(), names);
      org.junit.jupiter.api.Assertions.assertArrayEquals(before.get(0), after.get(0), 0f, "codebook frozen");
      org.junit.jupiter.api.Assertions.assertArrayEquals(before.get(1), after.get(1), 0f, "encoder frozen");
      assertTrue(!java.util.Arrays.equals(before.get(2), after.get(2)), "the recommender (group default) trains");
    }
  }

  @Test
  void theFrozenModeNeverTouchesTheTokenizer() throws Exception {
    RunConfig cfg = fixture.config(shared.resolve("x"), ", \"assignment\": \"frozen\"");
    Diger model = (Diger) ModelCatalog.create(cfg, split(cfg), true);
    int[][] start = model.semanticIds();
    try (Trainer trainer = new Trainer(model, cfg.train(), cfg.seed(), model::buildValidationHead)) {
      assertTrue(trainer.session().graph().operation("rqvae/codebook_1") == null, "no tokenizer variables");
      try (FeedBatch batch = model.batches(1).next()) {
        trainer.step(batch, 0.01);
      }
      model.beforeRanking(trainer.session());
    }
    assertTrue(java.util.Arrays.deepEquals(start, model.semanticIds()), "IDs fixed");
  }

  static List<float[]> read(Session session, List<String> names) {
    Session.Runner runner = session.runner();
    for (String name : names) runner.fetch(name);
    try (Result r = runner.run()) {
      List<float[]> out = new java.util.ArrayList<>();
      for (int i = 0; i < names.size(); i++) {
        TFloat32 t = (TFloat32) r.get(i);
        float[] values = new float[Math.toIntExact(t.size())];
        t.copyTo(DataBuffers.of(values, false, false));
        out.add(values);
      }
      return out;
    }
  }
}
