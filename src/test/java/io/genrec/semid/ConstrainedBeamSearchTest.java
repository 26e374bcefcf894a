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
    Random rng = new Random(3);
    List<int[]> ids = new ArrayList<>();
    while (ids.size() < 30) {
      int[] c = {rng.nextInt(RADICES[0] - 1), rng.nextInt(RADICES[1]), rng.nextInt(RADICES[2])};
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
    SemanticIdTrie trie = new SemanticIdTrie(codes, RADICES);
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      Placeholder<TInt32> excl = tf.placeholder(TInt32.class, Placeholder.shape(Shape.of(-1, -1)));
      ConstrainedBeamSearch.Result r = new ConstrainedBeamSearch(trie, beam).search(tf,
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
  void excludedItemsAreDroppedAndKIsCappedByTheBeam() {
    int[][] codes = codes();
    Ranked all = run(codes, 6, 2, 6, new int[2][1]);
    int[][] exclude = {{all.items()[0][0], all.items()[0][2]}, {0, 0}};
    Ranked r = run(codes, 6, 2, 50, exclude);
    assertEquals(6, r.items()[0].length, "k above the beam gives the beam width");
    List<Integer> kept = new ArrayList<>();
    for (int j = 0; j < 6; j++) if (j != 0 && j != 2) kept.add(all.items()[0][j]);
    for (int j = 0; j < 4; j++) assertEquals(kept.get(j), r.items()[0][j]);
    assertEquals(Float.NEGATIVE_INFINITY, r.scores()[0][4]);
    assertEquals(0, r.items()[0][5], "no item behind a -inf score");
    assertArrayEquals(all.items()[1], r.items()[1]);
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
