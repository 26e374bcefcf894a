package io.genrec.model.tiger;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.genrec.cli.ExitCode;
import io.genrec.cli.Main;
import io.genrec.config.ConfigException;
import io.genrec.config.RunConfig;
import io.genrec.data.Datasets;
import io.genrec.data.EvalCase;
import io.genrec.data.History;
import io.genrec.data.IdMap;
import io.genrec.data.SplitDataset;
import io.genrec.eval.CatalogEvaluator;
import io.genrec.eval.RankingHead;
import io.genrec.model.catalog.ModelCatalog;
import io.genrec.nn.Params;
import io.genrec.semid.ItemSemanticIds;
import io.genrec.serve.ItemIdTable;
import io.genrec.serve.SavedModelExport;
import io.genrec.serve.ServingModel;
import io.genrec.train.FeedBatch;
import io.genrec.train.TinyRuns;
import io.genrec.train.Trainer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.Graph;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;

/**
 * What TIGER's ranking promises, on tiny data: cut-offs above the beam are refused at config load
 * (and k above the beam when serving); evaluation sees users as training does; filtering the history
 * still gives k items; refreshable semantic IDs rank what was last assigned and a frozen export bakes
 * what they held.
 */
class TigerRankingTest {
  @TempDir Path dir;

  private static final int BEAM = 8;

  /** TigerTest's tiny config (beam 8, user_buckets 5), the given model keys merged over it. */
  private RunConfig config(Path data, String modelExtra) throws Exception {
    return TigerTest.config(data, TigerTest.writeSemanticIds(dir, 40), dir.resolve("exports"), modelExtra);
  }

  @Test
  void cutOffsAboveTheBeamAreRefusedAtConfigLoadNamingBothNumbers() throws Exception {
    Path data = TinyRuns.writeSequences(dir, 20, 40, 1);
    Path ids = TigerTest.writeSemanticIds(dir, 40);
    ConfigException ks = assertThrows(ConfigException.class, () -> TigerTest.config(data,
        "{\"source\": \"file\", \"path\": \"" + ids.toString().replace("\\", "/") + "\"}", dir, "", "[5, 10]", 5, true));
    assertTrue(ks.getMessage().contains("eval.ks goes up to 10") && ks.getMessage().contains("model.beam = 8"),
        ks.getMessage());
    ConfigException k = assertThrows(ConfigException.class, () -> TigerTest.config(data,
        "{\"source\": \"file\", \"path\": \"" + ids.toString().replace("\\", "/") + "\"}", dir, "", "[5]", 9, true));
    assertTrue(k.getMessage().contains("export.k = 9") && k.getMessage().contains("model.beam = 8"), k.getMessage());
    // Without an export at the end of the run, export.k is checked when a later export asks for it.
    RunConfig noExport = TigerTest.config(data,
        "{\"source\": \"file\", \"path\": \"" + ids.toString().replace("\\", "/") + "\"}", dir, "", "[8]", 9, false);
    assertEquals(BEAM, noExport.eval().maxK());
  }

  /**
   * Every user has the same history and a next item of their own, so only the user token tells them
   * apart: the evaluator's rankings must be those of a run fed the users' real ids, not of unknown users.
   */
  @Test
  void theEvaluatorFeedsEachUsersRealIdAsTrainingDoes() throws Exception {
    StringBuilder sb = new StringBuilder();
    for (int u = 0; u < 8; u++) {
      sb.append(10 + u);
      for (int rep = 0; rep < 3; rep++) sb.append(" 101 102 103 ").append(110 + u);
      sb.append('\n');
    }
    Path data = Files.writeString(dir.resolve("users.txt"), sb.toString());
    RunConfig cfg = config(data, ", \"user_buckets\": 8, \"user_dropout\": 0.0");
    SplitDataset split = Datasets.split(Datasets.load(cfg.data()), cfg.data());
    Tiger model = (Tiger) ModelCatalog.create(cfg, split, true);
    List<EvalCase> cases = split.test();
    int k = 5;
    try (Trainer trainer = new Trainer(model, cfg.train(), cfg.seed(), model::buildValidationHead)) {
      for (int epoch = 1; epoch <= 25; epoch++) {
        for (var it = model.batches(epoch); it.hasNext(); ) {
          try (FeedBatch batch = it.next()) {
            trainer.step(batch, 0.01);
          }
        }
      }
      RankingHead head = trainer.head();
      assertNotNull(head.users(), "TIGER with user tokens reads users");
      int[][] evaluated = new CatalogEvaluator(trainer.session(), head, model.historyLength(), 32, false).rank(cases, k);
      IdMap users = split.data().users();
      long[] realIds = new long[cases.size()];
      for (int i = 0; i < cases.size(); i++) realIds[i] = Long.parseLong(users.original(cases.get(i).user()));
      Ranked known = rank(trainer.session(), head, model.historyLength(), cases, k, realIds);
      Ranked unknown = rank(trainer.session(), head, model.historyLength(), cases, k, null);
      int differ = 0;
      for (int i = 0; i < cases.size(); i++) {
        assertArrayEquals(known.ids()[i], evaluated[i], "user " + users.original(cases.get(i).user()));
        // Scores, not only the order: a tiny model may rank the same five items either way.
        boolean moved = !Arrays.equals(unknown.ids()[i], known.ids()[i]);
        for (int j = 0; j < k && !moved; j++) moved = Math.abs(unknown.scores()[i][j] - known.scores()[i][j]) > 1e-4;
        if (moved) differ++;
      }
      assertTrue(differ > 0, "the user token changes what an unknown user would get");
    }
    RunConfig noUsers = config(data, ", \"user_buckets\": 0");
    Tiger plain = (Tiger) ModelCatalog.create(noUsers, split, true);
    try (Trainer trainer = new Trainer(plain, noUsers.train(), noUsers.seed(), plain::buildValidationHead)) {
      assertNull(trainer.head().users(), "no user token, no user input");
    }
  }

  /** The head run directly: {@code userIds} fed to TIGER's user_id input, or nothing (unknown users). */
  private record Ranked(int[][] ids, float[][] scores) {}

  private static Ranked rank(Session session, RankingHead head, int length, List<EvalCase> cases, int k,
      long[] userIds) {
    int b = cases.size();
    int[] hist = new int[b * length];
    for (int i = 0; i < b; i++) {
      int[] h = History.truncate(cases.get(i).history(), length);
      System.arraycopy(h, 0, hist, i * length + length - h.length, h.length);
    }
    try (TInt32 h = TInt32.tensorOf(Shape.of(b, length), DataBuffers.of(hist, false, false));
        TInt32 e = TInt32.tensorOf(Shape.of(b, 1), DataBuffers.of(new int[b], false, false));
        TInt32 kt = TInt32.scalarOf(k);
        TInt64 u = userIds == null ? null : TInt64.vectorOf(userIds)) {
      Session.Runner runner = session.runner().feed(head.history(), h).feed(head.exclude(), e).feed(head.k(), kt);
      if (u != null) runner.feed(head.users().input(), u);
      try (Result r = runner.fetch(head.ids()).fetch(head.scores()).run()) {
        TInt32 ids = (TInt32) r.get(0);
        org.tensorflow.types.TFloat32 scores = (org.tensorflow.types.TFloat32) r.get(1);
        int[][] out = new int[b][k];
        float[][] outScores = new float[b][k];
        for (int i = 0; i < b; i++) {
          for (int j = 0; j < k; j++) {
            out[i][j] = ids.getInt(i, j);
            outScores[i][j] = scores.getFloat(i, j);
          }
        }
        return new Ranked(out, outScores);
      }
    }
  }

  /**
   * Each case's history ends in six items the model reads and starts with the five items it ranks
   * first after them; with filter_history every user still gets five distinct items, none of them
   * from the history.
   */
  @Test
  void filteringTheHistoryStillGivesKItemsOutsideIt() throws Exception {
    Path data = TinyRuns.writeSequences(dir, 30, 40, 2);
    RunConfig cfg = config(data, "");
    SplitDataset split = Datasets.split(Datasets.load(cfg.data()), cfg.data());
    Tiger model = (Tiger) ModelCatalog.create(cfg, split, true);
    int k = 5;
    int length = model.historyLength();
    Random rng = new Random(5);
    List<EvalCase> read = new ArrayList<>();
    for (int u = 1; u <= 12; u++) {
      int[] h = new int[length];
      int start = rng.nextInt(40);
      for (int i = 0; i < length; i++) h[i] = 1 + (start + i) % 40;
      read.add(new EvalCase(u, h, new int[] {1}));
    }
    try (Trainer trainer = new Trainer(model, cfg.train(), cfg.seed(), model::buildValidationHead)) {
      int[][] first = new CatalogEvaluator(trainer.session(), trainer.head(), length, 32, false).rank(read, k);
      List<EvalCase> cases = new ArrayList<>();
      for (int i = 0; i < read.size(); i++) {
        int[] history = new int[k + length];
        System.arraycopy(first[i], 0, history, 0, k);
        System.arraycopy(read.get(i).history(), 0, history, k, length);
        cases.add(new EvalCase(read.get(i).user(), history, new int[] {1}));
      }
      int[][] filtered = new CatalogEvaluator(trainer.session(), trainer.head(), length, 32, true).rank(cases, k);
      for (int i = 0; i < cases.size(); i++) {
        Set<Integer> history = new HashSet<>();
        for (int item : cases.get(i).history()) history.add(item);
        Set<Integer> got = new HashSet<>();
        for (int item : filtered[i]) {
          assertTrue(item > 0 && !history.contains(item), "user " + i + " got " + item + " from its history");
          got.add(item);
        }
        assertEquals(k, got.size(), "user " + i + ": " + Arrays.toString(filtered[i]));
      }
    }
  }

  /**
   * Over refreshable IDs, ranking after {@link Tiger#assignSemanticIds} equals a TIGER built over the
   * new IDs as constants with the same weights; an export of a checkpoint saved after the assignment,
   * rebuilt from the old IDs as a fresh export would be, serves the new IDs' ranking (it bakes what
   * the variables held), and refuses k above the beam.
   */
  @Test
  void refreshableIdsRankWhatWasAssignedAndAFrozenExportBakesIt() throws Exception {
    Path data = TinyRuns.writeSequences(dir, 30, 40, 3);
    RunConfig cfg = config(data, ", \"user_buckets\": 0");
    SplitDataset split = Datasets.split(Datasets.load(cfg.data()), cfg.data());
    TigerConfig tiger = (TigerConfig) cfg.model();
    Tiger model = Tiger.create(tiger, cfg, split, true, true);
    int[][] before = model.semanticIds().table();
    // Item i takes item i + 7's ID: same codes and codebook sizes, other items behind them.
    int[][] after = new int[before.length][];
    after[0] = before[0].clone();
    for (int i = 1; i < before.length; i++) after[i] = before[1 + (i - 1 + 7) % (before.length - 1)].clone();
    ItemSemanticIds newIds = ItemSemanticIds.of(after);
    assertArrayEquals(model.semanticIds().radices(), newIds.radices());
    List<EvalCase> cases = split.test().subList(0, 12);
    int length = model.historyLength();
    String prefix = dir.resolve("ckpt").resolve("ckpt").toString();
    int[][] old;
    int[][] assigned;
    try (Trainer trainer = new Trainer(model, cfg.train(), cfg.seed(), model::buildValidationHead)) {
      CatalogEvaluator evaluator = new CatalogEvaluator(trainer.session(), trainer.head(), length, 32, false);
      old = evaluator.rank(cases, BEAM);
      assertTrue(model.semanticIdsAssignable());
      model.assignSemanticIds(trainer.session(), newIds);
      assigned = evaluator.rank(cases, BEAM);
      Files.createDirectories(dir.resolve("ckpt"));
      trainer.session().save(prefix);
    }
    boolean changed = false;
    for (int i = 0; i < cases.size(); i++) changed |= !Arrays.equals(old[i], assigned[i]);
    assertTrue(changed, "the new IDs rank differently");

    Tiger constant = new Tiger(tiger, newIds, length, null, null, false);
    try (Graph g = new Graph()) {
      Params params = new Params(Ops.create(g), cfg.seed(), false);
      RankingHead head = constant.buildValidationHead(params);
      try (Session s = new Session(g)) {
        s.restore(prefix);
        int[][] expected = new CatalogEvaluator(s, head, length, 32, false).rank(cases, BEAM);
        for (int i = 0; i < cases.size(); i++) assertArrayEquals(expected[i], assigned[i], "case " + i);
      }
    }

    Path exported = dir.resolve("savedmodel");
    Tiger fresh = Tiger.create(tiger, cfg, split, false, true);
    IllegalArgumentException exportK = assertThrows(IllegalArgumentException.class, () -> SavedModelExport.export(
        fresh, new ItemIdTable(split.data().items()), prefix, exported, BEAM + 1, false, cfg.seed()));
    assertTrue(exportK.getMessage().contains("export k = 9 is above the 8 items"), exportK.getMessage());
    SavedModelExport.export(fresh, new ItemIdTable(split.data().items()), prefix, exported, 5, false, cfg.seed());
    IdMap items = split.data().items();
    long[][] histories = new long[cases.size()][];
    for (int i = 0; i < cases.size(); i++) {
      int[] h = History.truncate(cases.get(i).history(), length);
      histories[i] = new long[h.length];
      for (int j = 0; j < h.length; j++) histories[i][j] = Long.parseLong(items.original(h[j]));
    }
    assertTrue(!fresh.semanticIdsAssignable(), "the frozen graph, built last, has its IDs baked in");
    try (ServingModel served = new ServingModel(exported)) {
      assertEquals(BEAM, served.maxK());
      ServingModel.TopK top = served.recommend(histories, BEAM);
      for (int i = 0; i < cases.size(); i++) {
        for (int j = 0; j < BEAM; j++) {
          assertEquals(Long.parseLong(items.original(assigned[i][j])), top.ids()[i][j], "case " + i + " rank " + j);
        }
      }
      IllegalArgumentException tooMany = assertThrows(IllegalArgumentException.class,
          () -> served.recommend(histories, BEAM + 1));
      assertTrue(tooMany.getMessage().contains("above the 8 items"), tooMany.getMessage());
    }
    PrintStream err = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    int code;
    try {
      System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
      code = Main.run(new String[] {"serve", "--model", exported.toString(), "--history", "101,102", "--k", "9"});
    } finally {
      System.setErr(err);
    }
    assertEquals(ExitCode.USAGE, code);
    assertTrue(captured.toString(StandardCharsets.UTF_8).contains("--k 9: this model returns at most 8 items"),
        captured.toString(StandardCharsets.UTF_8));
  }
}
