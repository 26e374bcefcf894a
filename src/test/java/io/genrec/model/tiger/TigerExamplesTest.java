package io.genrec.model.tiger;

import io.genrec.semid.SemanticIdTokens;
import io.genrec.train.FeedBatch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TInt32;

/** TIGER's training examples: sliding-window prefixes, token layout, length bucketing. */
class TigerExamplesTest {
  /** 6 items with 2-level IDs; codes[i] = {i % 3, i / 3}. */
  private static final int[][] CODES = {{0, 0}, {1, 0}, {2, 0}, {0, 1}, {1, 1}, {2, 1}, {0, 2}};
  private static final SemanticIdTokens TOKENS = new SemanticIdTokens(new int[] {3, 3}, 4);

  private static TigerExamples examples(int[][] train, int maxItems, int batch, boolean bucket) {
    int[] users = new int[train.length];
    for (int u = 0; u < users.length; u++) users[u] = TOKENS.user(u % 4);
    return new TigerExamples(train, users, CODES, TOKENS, maxItems, batch, 5, 0.0, bucket);
  }

  @Test
  void everyPrefixOfEveryTrainingSequenceIsOneExample() {
    TigerExamples ex = examples(new int[][] {{1, 2, 3, 4}, {5}, {6, 1}}, 2, 4, false);
    assertEquals(3 + 0 + 1, ex.examples());
    List<int[]> plan = ex.plan(1);
    assertEquals(1, plan.size());
    int[] all = plan.stream().flatMapToInt(Arrays::stream).sorted().toArray();
    assertArrayEquals(new int[] {0, 1, 2, 3}, all);
  }

  @Test
  void tokensAreTheWindowsCodesThenTheUserAndLabelsTheTargetsCodes() throws Exception {
    // User 0 trains on items 1 2 3 4; with a window of 2 the example predicting item 4 reads 2 3.
    TigerExamples ex = examples(new int[][] {{1, 2, 3, 4}}, 2, 8, false);
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      Placeholder<TInt32> enc = tf.placeholder(TInt32.class);
      Placeholder<TInt32> dec = tf.placeholder(TInt32.class);
      Placeholder<TInt32> lab = tf.placeholder(TInt32.class);
      // Example ids follow (user, target) order: 0 → item 2, 1 → item 3, 2 → item 4.
      try (FeedBatch b = ex.batch(new int[] {2, 0}, new Random(1), enc, dec, lab);
          Session s = new Session(g);
          Result r = b.feed(s.runner()).fetch(tf.identity(enc)).fetch(tf.identity(dec)).fetch(tf.identity(lab)).run()) {
        TInt32 e = (TInt32) r.get(0);
        assertArrayEquals(new long[] {2, 2 * 2 + 1}, e.shape().asArray(), "cut to the longest window");
        int user = TOKENS.user(0);
        int[] row0 = {TOKENS.code(0, 2), TOKENS.code(1, 0), TOKENS.code(0, 0), TOKENS.code(1, 1), user};
        int[] row1 = {0, 0, 0, 0, user};
        row1[2] = TOKENS.code(0, 1);
        row1[3] = TOKENS.code(1, 0);
        for (int j = 0; j < 5; j++) {
          assertEquals(row0[j], e.getInt(0, j), "row 0 col " + j);
          assertEquals(row1[j], e.getInt(1, j), "row 1 col " + j);
        }
        TInt32 d = (TInt32) r.get(1);
        assertEquals(SemanticIdTokens.BOS, d.getInt(0, 0));
        assertEquals(TOKENS.code(0, 1), d.getInt(0, 1), "item 4's first code");
        TInt32 l = (TInt32) r.get(2);
        assertEquals(TOKENS.column(0, 1), l.getInt(0, 0));
        assertEquals(TOKENS.column(1, 1), l.getInt(0, 1));
        assertEquals(TOKENS.column(0, 2), l.getInt(1, 0), "item 2's codes");
      }
    }
  }

  @Test
  void lengthBucketingKeepsEveryExampleOnceAndGroupsSimilarLengths() {
    Random rng = new Random(9);
    int[][] train = new int[200][];
    for (int u = 0; u < train.length; u++) {
      train[u] = new int[2 + rng.nextInt(30)];
      for (int i = 0; i < train[u].length; i++) train[u][i] = 1 + rng.nextInt(6);
    }
    TigerExamples bucketed = examples(train, 20, 16, true);
    TigerExamples plain = examples(train, 20, 16, false);
    List<int[]> a = bucketed.plan(3);
    assertEquals(bucketed.batchesPerEpoch(), a.size());
    assertArrayEquals(plain.plan(3).stream().flatMapToInt(Arrays::stream).sorted().toArray(),
        a.stream().flatMapToInt(Arrays::stream).sorted().toArray());
    assertEquals(a.size(), bucketed.plan(3).size());
    assertTrue(Arrays.deepEquals(a.toArray(), bucketed.plan(3).toArray()), "same epoch, same plan");
    assertTrue(cost(a, train) < 0.8 * cost(plain.plan(3), train), "bucketing shortens batches");
  }

  /** Sum over batches of batch size × longest window: the encoder tokens a plan feeds. */
  private static long cost(List<int[]> plan, int[][] train) {
    List<Integer> targets = new ArrayList<>();
    for (int[] s : train) for (int t = 1; t < s.length; t++) targets.add(Math.min(20, t));
    long total = 0;
    for (int[] batch : plan) {
      int longest = 0;
      for (int e : batch) longest = Math.max(longest, targets.get(e));
      total += (long) batch.length * longest;
    }
    return total;
  }

  @Test
  void epochIteratorYieldsEveryBatch() {
    TigerExamples ex = examples(new int[][] {{1, 2, 3, 4, 5, 6}}, 3, 2, true);
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      Placeholder<TInt32> p = tf.placeholder(TInt32.class);
      Iterator<FeedBatch> it = ex.epoch(1, p, p, p);
      int n = 0;
      while (it.hasNext()) {
        try (FeedBatch b = it.next()) {
          n += b.size();
        }
      }
      assertEquals(5, n);
    }
  }
}
