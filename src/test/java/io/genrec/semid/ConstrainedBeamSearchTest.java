package io.genrec.semid;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.genrec.tokenize.SemanticIdTrie;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * The in-graph constrained beam search against Java references: with a beam wide enough to keep
 * every prefix it must equal exhaustive scoring of all items; with a narrow beam, a plain Java beam
 * search. The scorer is a fixed function of (user, level, prefix, code), so no model is needed.
 */
class ConstrainedBeamSearchTest {
  private static final int[] RADICES = {4, 5, 3};

  /** 30 random distinct IDs over RADICES: many prefixes are missing, so constraints matter. */
  private static int[][] codes() {
    return codes(3, RADICES[0] - 1);
  }

  /** 30 random distinct IDs whose first code is below {@code firstCodes}. */
  private static int[][] codes(long seed, int firstCodes) {
    Random rng = new Random(seed);
    List<int[]> ids = new ArrayList<>();
    while (ids.size() < 30) {
      int[] c = {rng.nextInt(firstCodes), rng.nextInt(RADICES[1]), rng.nextInt(RADICES[2])};
      if (ids.stream().noneMatch(x -> Arrays.equals(x, c))) ids.add(c);
    }
    int[][] table = new int[ids.size() + 1][];
    table[0] = new int[3];
    for (int i = 0; i < ids.size(); i++) table[i + 1] = ids.get(i);
    return table;
  }

  /** The scorer's logit for a code after a prefix (key) for user b. */
  private static double logit(int b, int level, long prefixKey, int code) {
    return Math.sin(1.7 * (prefixKey * RADICES[level] + code) + level + 0.3 * b);
  }

  private static double logProb(int b, int level, long prefixKey, int code) {
    double max = Double.NEGATIVE_INFINITY;
    for (int c = 0; c < RADICES[level]; c++) max = Math.max(max, logit(b, level, prefixKey, c));
    double sum = 0;
    for (int c = 0; c < RADICES[level]; c++) sum += Math.exp(logit(b, level, prefixKey, c) - max);
    return logit(b, level, prefixKey, code) - max - Math.log(sum);
  }

  /** The same scorer in the graph. */
  private static Operand<TFloat32> graphLogProbs(Ops tf, int level, Operand<TInt32> prefixes, int width) {
    Operand<TInt32> key;
    if (level == 0) {
      key = tf.fill(tf.stack(List.of(io.genrec.nn.Dims.size(tf, prefixes, 0), tf.constant(width))), tf.constant(0));
    } else {
      int[] weights = new int[level];
      int w = 1;
      for (int l = level - 1; l >= 0; l--) {
        weights[l] = w;
        w *= RADICES[l];
      }
      key = tf.reduceSum(tf.math.mul(prefixes, tf.constant(weights)), tf.constant(2));
    }
    Operand<TInt32> x = tf.math.add(tf.math.mul(tf.expandDims(key, tf.constant(-1)), tf.constant(RADICES[level])),
        tf.range(tf.constant(0), tf.constant(RADICES[level]), tf.constant(1)));
    Operand<TInt32> batch = io.genrec.nn.Dims.size(tf, prefixes, 0);
    Operand<TFloat32> user = tf.reshape(tf.dtypes.cast(tf.range(tf.constant(0), batch, tf.constant(1)), TFloat32.class),
        tf.constant(new int[] {-1, 1, 1}));
    Operand<TFloat32> logits = tf.math.sin(tf.math.add(tf.math.add(
        tf.math.mul(tf.dtypes.cast(x, TFloat32.class), tf.constant(1.7f)), tf.constant((float) level)),
        tf.math.mul(user, tf.constant(0.3f))));
    return tf.nn.logSoftmax(logits);
  }

  private record Ranked(int[][] items, float[][] scores, int[][][] codes) {}

  private static Ranked run(int[][] codes, int beam, int users, int k, int[][] exclude) {
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      Placeholder<TInt32> excl = tf.placeholder(TInt32.class, Placeholder.shape(Shape.of(-1, -1)));
      ConstrainedBeamSearch.Result r = new ConstrainedBeamSearch(SemanticIdTables.constants(tf, codes, RADICES), beam)
          .search(tf,
          io.genrec.nn.Dims.size(tf, excl, 0), (level, prefixes, parents, width) -> graphLogProbs(tf, level, prefixes, width),
          excl, tf.constant(k));
      int width = exclude[0].length;
      int[] flat = new int[users * width];
      for (int b = 0; b < users; b++) System.arraycopy(exclude[b], 0, flat, b * width, width);
      try (Session s = new Session(g);
          TInt32 e = TInt32.tensorOf(Shape.of(users, width), DataBuffers.of(flat, false, false));
          Result out = s.runner().feed(excl, e).fetch(r.items()).fetch(r.scores()).fetch(r.codes()).run()) {
        TInt32 items = (TInt32) out.get(0);
        TFloat32 scores = (TFloat32) out.get(1);
        TInt32 c = (TInt32) out.get(2);
        int kk = (int) items.shape().get(1);
        int[][] it = new int[users][kk];
        float[][] sc = new float[users][kk];
        int[][][] cc = new int[users][kk][RADICES.length];
        for (int b = 0; b < users; b++) {
          for (int j = 0; j < kk; j++) {
            it[b][j] = items.getInt(b, j);
            sc[b][j] = scores.getFloat(b, j);
            for (int l = 0; l < RADICES.length; l++) cc[b][j][l] = c.getInt(b, j, l);
          }
        }
        return new Ranked(it, sc, cc);
      }
    }
  }

  /** Reads a search's results for {@code users} users (nothing excluded). */
  private static Ranked fetch(Session s, Placeholder<TInt32> excl, ConstrainedBeamSearch.Result r, int users) {
    try (TInt32 e = TInt32.tensorOf(Shape.of(users, 1), DataBuffers.of(new int[users], false, false));
        Result out = s.runner().feed(excl, e).fetch(r.items()).fetch(r.scores()).fetch(r.codes()).run()) {
      TInt32 items = (TInt32) out.get(0);
      TFloat32 scores = (TFloat32) out.get(1);
      TInt32 c = (TInt32) out.get(2);
      int kk = (int) items.shape().get(1);
      int[][] it = new int[users][kk];
      float[][] sc = new float[users][kk];
      int[][][] cc = new int[users][kk][RADICES.length];
      for (int b = 0; b < users; b++) {
        for (int j = 0; j < kk; j++) {
          it[b][j] = items.getInt(b, j);
          sc[b][j] = scores.getFloat(b, j);
          for (int l = 0; l < RADICES.length; l++) cc[b][j][l] = c.getInt(b, j, l);
        }
      }
      return new Ranked(it, sc, cc);
    }
  }

  /**
   * Over variables, the search ranks exactly as over constants holding the same IDs, before and after
   * {@link SemanticIdTables#assign} replaces them in the session with IDs that use a first code the old
   * ones never did: afterwards every returned item carries its new ID, and the ranking is the new IDs'.
   */
  @Test
  void variableTablesRankTheIdsLastAssigned() {
    int[][] before = codes();
    int[][] after = codes(8, RADICES[0]);
    int users = 3;
    int beam = 6;
    Ranked expectedBefore = run(before, beam, users, beam, new int[users][1]);
    Ranked expectedAfter = run(after, beam, users, beam, new int[users][1]);
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      Placeholder<TInt32> excl = tf.placeholder(TInt32.class, Placeholder.shape(Shape.of(-1, -1)));
      SemanticIdTables tables = SemanticIdTables.variables(new io.genrec.nn.Params(tf, 1, false), "ids", before, RADICES);
      assertTrue(tables.refreshable());
      ConstrainedBeamSearch.Result r = new ConstrainedBeamSearch(tables, beam).search(tf,
          io.genrec.nn.Dims.size(tf, excl, 0), (level, prefixes, parents, width) -> graphLogProbs(tf, level, prefixes, width),
          excl, tf.constant(beam));
      try (Session s = new Session(g)) {
        Ranked first = fetch(s, excl, r, users);
        tables.assign(s, after);
        Ranked second = fetch(s, excl, r, users);
        boolean changed = false;
        for (int b = 0; b < users; b++) {
          assertArrayEquals(expectedBefore.items()[b], first.items()[b], "before: user " + b);
          assertArrayEquals(expectedBefore.scores()[b], first.scores()[b], 1e-6f);
          assertArrayEquals(expectedAfter.items()[b], second.items()[b], "after: user " + b);
          assertArrayEquals(expectedAfter.scores()[b], second.scores()[b], 1e-6f);
          for (int j = 0; j < beam; j++) assertArrayEquals(after[second.items()[b][j]], second.codes()[b][j]);
          changed |= !Arrays.equals(first.items()[b], second.items()[b]);
        }
        assertTrue(changed, "the new IDs rank differently");
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
            () -> tables.assign(s, Arrays.copyOf(after, 20)));
        assertTrue(e.getMessage().contains("19 items, the tables 30"), e.getMessage());
        int[][] tooWide = Arrays.stream(after).map(int[]::clone).toArray(int[][]::new);
        tooWide[5][1] = RADICES[1];
        e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> tables.assign(s, tooWide));
        assertTrue(e.getMessage().contains("codebook sizes [4, 5, 3]"), e.getMessage());
      }
    }
  }

  private static double sequenceLogProb(int b, int[] id) {
    double total = 0;
    long key = 0;
    for (int level = 0; level < id.length; level++) {
      total += logProb(b, level, key, id[level]);
      key = key * RADICES[level] + id[level];
    }
    return total;
  }

  @Test
  void wideBeamEqualsExhaustiveScoringOfAllItems() {
    int[][] codes = codes();
    int users = 3;
    int k = 7;
    Ranked r = run(codes, 64, users, k, new int[users][1]);
    for (int b = 0; b < users; b++) {
      final int user = b;
      Integer[] order = new Integer[codes.length - 1];
      for (int i = 0; i < order.length; i++) order[i] = i + 1;
      Arrays.sort(order, Comparator.comparingDouble(i -> -sequenceLogProb(user, codes[i])));
      for (int j = 0; j < k; j++) {
        assertEquals(order[j], r.items()[b][j], "user " + b + " rank " + j);
        assertEquals(sequenceLogProb(b, codes[order[j]]), r.scores()[b][j], 1e-4);
        assertArrayEquals(codes[order[j]], r.codes()[b][j]);
      }
    }
  }

  @Test
  void narrowBeamMatchesJavaBeamSearchAndReturnsOnlyRealItems() {
    int[][] codes = codes();
    SemanticIdTrie trie = new SemanticIdTrie(codes, RADICES);
    int beam = 4;
    int users = 4;
    Ranked r = run(codes, beam, users, beam, new int[users][1]);
    for (int b = 0; b < users; b++) {
      List<int[]> expected = javaBeamSearch(trie, b, beam);
      assertEquals(expected.size(), r.items()[b].length);
      for (int j = 0; j < expected.size(); j++) {
        int item = trie.item(expected.get(j));
        assertTrue(item > 0);
        assertEquals(item, r.items()[b][j], "user " + b + " rank " + j);
        assertArrayEquals(codes[item], r.codes()[b][j]);
      }
    }
  }

  @Test
  void kAboveTheBeamGivesTheBeamWidthAndAnEmptyExcludeListIsNone() {
    Ranked r = run(codes(), 6, 2, 50, new int[2][1]);
    assertEquals(6, r.items()[0].length);
    for (int item : r.items()[1]) assertTrue(item > 0, "a real item");
    Ranked noExclusions = run(codes(), 6, 2, 50, new int[2][0]);
    for (int b = 0; b < 2; b++) assertArrayEquals(r.items()[b], noExclusions.items()[b], "an empty exclude list");
  }

  /**
   * Excluded items are left out inside the search, so every user still gets the beam's worth of
   * items: the result is a plain beam search over the catalog without that user's excluded items.
   * Exclusions repeat items and pad with 0; one user excludes every item under a first code.
   */
  @Test
  void excludedItemsAreLeftOutInsideTheSearchSoTheBeamStaysFull() {
    int[][] codes = codes();
    SemanticIdTrie trie = new SemanticIdTrie(codes, RADICES);
    int beam = 4;
    Ranked all = run(codes, beam, 4, beam, new int[4][1]);
    List<Integer> underFirst = new ArrayList<>();
    int firstCode = codes[all.items()[2][0]][0];
    for (int i = 1; i < codes.length; i++) if (codes[i][0] == firstCode) underFirst.add(i);
    int width = Math.max(underFirst.size(), 2 * beam);
    int[][] exclude = new int[4][width];
    for (int j = 0; j < beam; j++) exclude[0][j] = all.items()[0][j];          // the whole unfiltered list
    exclude[1][0] = all.items()[1][1];
    exclude[1][1] = all.items()[1][1];                                         // a repeat
    for (int j = 0; j < underFirst.size(); j++) exclude[2][j] = underFirst.get(j);
    Ranked r = run(codes, beam, 4, beam, exclude);
    for (int b = 0; b < 4; b++) {
      java.util.Set<Integer> excluded = new java.util.HashSet<>();
      for (int item : exclude[b]) if (item > 0) excluded.add(item);
      List<int[]> expected = javaBeamSearch(trieWithout(codes, excluded), b, beam);
      assertEquals(beam, expected.size(), "the catalog has enough items left");
      java.util.Set<Integer> seen = new java.util.HashSet<>();
      for (int j = 0; j < beam; j++) {
        int item = r.items()[b][j];
        assertEquals(trie.item(expected.get(j)), item, "user " + b + " rank " + j);
        assertTrue(!excluded.contains(item) && seen.add(item), "user " + b + ": " + item + " excluded or repeated");
        assertTrue(r.scores()[b][j] > Float.NEGATIVE_INFINITY);
      }
    }
    assertArrayEquals(all.items()[3], r.items()[3], "nothing excluded, nothing changes");
  }

  /** A trie over the items not in {@code excluded} (renumbered; look items up by ID in the full trie). */
  private static SemanticIdTrie trieWithout(int[][] codes, java.util.Set<Integer> excluded) {
    List<int[]> kept = new ArrayList<>();
    kept.add(new int[RADICES.length]);
    for (int i = 1; i < codes.length; i++) if (!excluded.contains(i)) kept.add(codes[i]);
    return new SemanticIdTrie(kept.toArray(new int[0][]), RADICES);
  }

  /** Plain beam search: keep the best `beam` valid prefixes at each level, by summed log-prob. */
  private static List<int[]> javaBeamSearch(SemanticIdTrie trie, int b, int beam) {
    record Beam(int[] prefix, long key, double score) {}
    List<Beam> beams = List.of(new Beam(new int[0], 0, 0));
    for (int level = 0; level < RADICES.length; level++) {
      List<Beam> next = new ArrayList<>();
      for (Beam x : beams) {
        for (int code : trie.validNextCodes(x.prefix())) {
          int[] p = Arrays.copyOf(x.prefix(), level + 1);
          p[level] = code;
          next.add(new Beam(p, x.key() * RADICES[level] + code, x.score() + logProb(b, level, x.key(), code)));
        }
      }
      next.sort(Comparator.comparingDouble(x -> -x.score()));
      beams = next.subList(0, Math.min(beam, next.size()));
    }
    return beams.stream().map(Beam::prefix).toList();
  }
}
