package io.genrec.model.diffsasrec;

import io.genrec.model.catalog.ModelCatalog;


import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.genrec.config.ConfigException;
import io.genrec.config.ConfigReader;
import io.genrec.config.RunConfig;
import io.genrec.eval.RankingHead;
import io.genrec.nn.Embedding;
import io.genrec.nn.Params;
import io.genrec.nn.TfRun;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/** DiffSASRec's graph: the weighted loss and the single- and multi-step heads. */
class DiffSasRecTest {
  private static DiffSasRecConfig config(DiffSasRecConfig.DiffusionType type, int numRecs, double threshold,
      double dropout) {
    return new DiffSasRecConfig("diffsasrec", 8, 1, 2, dropout, numRecs, type, threshold, 0.5, false);
  }

  private static DiffSasRec multi(int numItems, int maxLength, int numRecs, double threshold) {
    return new DiffSasRec(config(DiffSasRecConfig.DiffusionType.MULTI, numRecs, threshold, 0.1),
        numItems, maxLength, null);
  }

  /** Feeds by tensor, fetches by operand; closes everything. */
  private static int[][] runInts(Session s, List<Operand<?>> fetches, Object... feeds) {
    Session.Runner runner = s.runner();
    for (int i = 0; i < feeds.length; i += 2) runner.feed((Operand<?>) feeds[i], (Tensor) feeds[i + 1]);
    fetches.forEach(runner::fetch);
    try (Result r = runner.run()) {
      int[][] out = new int[fetches.size()][];
      for (int i = 0; i < fetches.size(); i++) {
        Tensor t = r.get(i);
        if (t instanceof TInt32 ints) {
          out[i] = new int[Math.toIntExact(ints.shape().size())];
          ints.asRawTensor().data().asInts().read(out[i]);
        } else {
          float[] f = TfRun.read((TFloat32) t);
          out[i] = new int[f.length];
          for (int j = 0; j < f.length; j++) out[i][j] = Float.isInfinite(f[j]) ? Integer.MIN_VALUE : 0;
        }
      }
      return out;
    } finally {
      for (int i = 1; i < feeds.length; i += 2) ((Tensor) feeds[i]).close();
    }
  }

  private static float loss(Session s, int numItems, int[] input, int[] target, float[] weight, Operand<TFloat32> fetch) {
    int width = input.length;
    try (TInt32 in = TfRun.ints(Shape.of(1, width), input);
        TInt32 tg = TfRun.ints(Shape.of(1, width), target);
        TFloat32 wt = TfRun.floats(Shape.of(1, width), weight);
        Result r = s.runner().feed("diffsasrec_input", in).feed("diffsasrec_target", tg)
            .feed("diffsasrec_weight", wt).fetch(fetch).run()) {
      return ((TFloat32) r.get(0)).getFloat();
    }
  }

  @Test
  void lossIsTheWeightedCrossEntropySummedOverMaskedPositions() {
    int numItems = 20;
    int mask = numItems + 1;
    DiffSasRec model = new DiffSasRec(config(DiffSasRecConfig.DiffusionType.SINGLE, 1, 0.9, 0), numItems, 6, null);
    try (Graph g = new Graph()) {
      Params params = new Params(Ops.create(g), 3, true);
      Operand<TFloat32> loss = model.buildLoss(params);
      Operand<TFloat32> maskedCe = model.diagnostics().get("masked_ce");
      Operand<TFloat32> maskRate = model.diagnostics().get("mask_rate");
      try (Session s = TfRun.singleThreaded(g)) {
        int[] input = {0, 3, mask, 5, mask, 7};
        float a = loss(s, numItems, input, new int[] {0, 0, 4, 0, 0, 0}, new float[] {0, 0, 0.5f, 0, 0, 0}, loss);
        float b = loss(s, numItems, input, new int[] {0, 0, 0, 0, 6, 0}, new float[] {0, 0, 0, 0, 0.25f, 0}, loss);
        float both = loss(s, numItems, input, new int[] {0, 0, 4, 0, 6, 0}, new float[] {0, 0, 0.5f, 0, 0.25f, 0}, loss);
        float doubled = loss(s, numItems, input, new int[] {0, 0, 4, 0, 6, 0}, new float[] {0, 0, 1f, 0, 0.5f, 0}, loss);
        assertTrue(a > 0 && b > 0);
        assertEquals(a + b, both, 1e-5f * both, "a sum over masked positions");
        assertEquals(2 * both, doubled, 1e-5f * doubled, "linear in the weights");
        float ceA = loss(s, numItems, input, new int[] {0, 0, 4, 0, 0, 0}, new float[] {0, 0, 0.5f, 0, 0, 0}, maskedCe);
        assertEquals(a, 0.5f * ceA, 1e-5f * a, "each term is weight × cross-entropy");
        float rate = loss(s, numItems, input, new int[] {0, 0, 4, 0, 6, 0}, new float[] {0, 0, 1f, 0, 0.5f, 0}, maskRate);
        assertEquals(2f / 5f, rate, 1e-6f, "two of five real positions are masked");
        float none = loss(s, numItems, new int[] {0, 3, 4, 5, 6, 7}, new int[6], new float[6], loss);
        assertEquals(0f, none, "no masked position, no loss (and no NaN)");
      }
    }
  }

  @Test
  void singleStepRanksTheMaskTokenLogitsWithoutPaddingMaskOrExcludedIds() {
    int numItems = 15;
    DiffSasRec model = new DiffSasRec(config(DiffSasRecConfig.DiffusionType.SINGLE, 1, 0.9, 0.1), numItems, 6, null);
    assertEquals(5, model.historyLength());
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      Placeholder<TInt32> history = tf.placeholder(TInt32.class, Placeholder.shape(Shape.of(-1, 5)));
      Placeholder<TInt32> exclude = tf.placeholder(TInt32.class, Placeholder.shape(Shape.of(-1, -1)));
      Placeholder<TInt32> k = tf.placeholder(TInt32.class, Placeholder.shape(Shape.scalar()));
      RankingHead head = model.buildRanking(new Params(tf, 1, false), history, exclude, k);
      try (Session s = TfRun.session(g)) {
        int[][] out = runInts(s, List.of(head.ids()),
            history, TfRun.ints(Shape.of(2, 5), 0, 0, 1, 2, 3, 4, 5, 6, 7, 8),
            exclude, TfRun.ints(Shape.of(2, 3), 1, 2, 3, 0, 0, 0),
            k, TInt32.scalarOf(numItems - 3));
        int[] first = Arrays.copyOfRange(out[0], 0, numItems - 3);
        assertEquals(Set.of(4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15), asSet(first),
            "every item except the excluded ones, once; never padding (0) or the mask token (16)");
        Set<Integer> second = asSet(Arrays.copyOfRange(out[0], numItems - 3, 2 * (numItems - 3)));
        assertEquals(numItems - 3, second.size());
        assertFalse(second.contains(0) || second.contains(numItems + 1));
      }
    }
  }

  @Test
  void multiStepFillsEveryPositionWithDistinctAllowedItemsEvenWhenNothingPassesTheThreshold() {
    for (double threshold : new double[] {1.0, 0.9, 1e-6}) {
      int numItems = 30;
      int numRecs = 5;
      DiffSasRec model = multi(numItems, 9, numRecs, threshold);
      assertEquals(4, model.historyLength());
      try (Graph g = new Graph()) {
        Ops tf = Ops.create(g);
        Placeholder<TInt32> history = tf.placeholder(TInt32.class, Placeholder.shape(Shape.of(-1, 4)));
        Placeholder<TInt32> exclude = tf.placeholder(TInt32.class, Placeholder.shape(Shape.of(-1, -1)));
        Params params = new Params(tf, 7, false);
        Embedding items = model.encoder().items(params, numItems + 2);
        DiffSasRecUnmasking.Decoded d = model.multiStep().decode(params, items, history, exclude);
        try (Session s = TfRun.session(g)) {
          int users = 3;
          int[][] out = runInts(s, List.of(d.ids(), d.fillStep(), d.scores()),
              history, TfRun.ints(Shape.of(users, 4), 0, 0, 1, 2, 5, 6, 7, 8, 0, 0, 0, 3),
              exclude, TfRun.ints(Shape.of(users, 2), 9, 10, 9, 10, 0, 0));
          for (int u = 0; u < users; u++) {
            int[] ids = Arrays.copyOfRange(out[0], u * numRecs, (u + 1) * numRecs);
            int[] steps = Arrays.copyOfRange(out[1], u * numRecs, (u + 1) * numRecs);
            String what = "threshold " + threshold + ", user " + u + ": " + Arrays.toString(ids);
            assertEquals(numRecs, asSet(ids).size(), "no item twice: " + what);
            for (int id : ids) {
              assertTrue(id >= 1 && id <= numItems, "a catalog item: " + what);
              if (u < 2) assertTrue(id != 9 && id != 10, "excluded ids stay out: " + what);
            }
            // The threshold schedule terminates: every step up to the last one used fills something.
            TreeSet<Integer> used = new TreeSet<>();
            for (int step : steps) used.add(step);
            assertTrue(used.first() == 0 && used.last() == used.size() - 1 && used.last() < numRecs,
                "fill steps " + used + ": " + what);
            for (int j = u * numRecs; j < (u + 1) * numRecs; j++) assertEquals(0, out[2][j], "finite scores");
            if (threshold < 1e-3) {
              // Everything passes at once, yet an untrained model predicts one item at every mask:
              // the twins must wait for later steps.
              assertTrue(used.size() > 1, "duplicates deferred: " + what);
            }
          }
        }
      }
    }
  }

  @Test
  void multiStepUsesUpASmallCatalogWithoutRepeatingAnything() {
    int numItems = 7;
    DiffSasRec model = multi(numItems, 6, 5, 0.9);
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      Placeholder<TInt32> history = tf.placeholder(TInt32.class, Placeholder.shape(Shape.of(-1, 1)));
      Placeholder<TInt32> exclude = tf.placeholder(TInt32.class, Placeholder.shape(Shape.of(-1, -1)));
      Placeholder<TInt32> k = tf.placeholder(TInt32.class, Placeholder.shape(Shape.scalar()));
      // The trainer's path: a training build, then the ranking head through its inference view.
      Params params = new Params(tf, 2, true);
      model.buildLoss(params);
      RankingHead head = model.buildRanking(params.inferenceView(), history, exclude, k);
      try (Session s = TfRun.session(g)) {
        int[][] out = runInts(s, List.of(head.ids()),
            history, TfRun.ints(Shape.of(1, 1), 4),
            exclude, TfRun.ints(Shape.of(1, 2), 2, 6),
            k, TInt32.scalarOf(10));
        assertEquals(Set.of(1, 3, 4, 5, 7), asSet(out[0]), "the five allowed items, each once");
        assertEquals(5, out[0].length, "k above num_recs gives num_recs items");
        int[][] three = runInts(s, List.of(head.ids()),
            history, TfRun.ints(Shape.of(1, 1), 4),
            exclude, TfRun.ints(Shape.of(1, 2), 2, 6),
            k, TInt32.scalarOf(3));
        assertArrayEquals(Arrays.copyOf(out[0], 3), three[0], "k below num_recs: the first k positions");
      }
    }
  }

  @Test
  void multiStepRefusesCutoffsBeyondTheListItReturns() {
    RunConfig cfg = new ConfigReader(ModelCatalog.INSTANCE).resolve(com.google.gson.JsonParser.parseString("""
        {"experiment": "t", "data": {"path": "x.csv"},
         "model": {"name": "diffsasrec", "diffusion_type": "multi", "num_recs": 10},
         "eval": {"ks": [10, 20]}}
        """).getAsJsonObject()).config();
    ConfigException e = assertThrows(ConfigException.class,
        () -> DiffSasRec.create((DiffSasRecConfig) cfg.model(), cfg, null, false));
    assertTrue(e.getMessage().contains("num_recs"), e.getMessage());
  }

  private static Set<Integer> asSet(int[] ids) {
    Set<Integer> set = new HashSet<>();
    for (int id : ids) set.add(id);
    return set;
  }
}
