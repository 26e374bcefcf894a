package io.genrec.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TInt32;

/** Next-item examples as fed: shifted by one, left-padded, negatives outside the user's items. */
class NextItemBatchesTest {
  private static final int[][] TRAIN = {{1, 2, 3, 4, 5}, {6, 7}, {8}};

  @Test
  void inputIsTheHistoryTargetTheNextItemNegativesUnseen() {
    NextItemBatches batches = new NextItemBatches(TRAIN, 9, 3, 8, 5);
    assertEquals(2, batches.examples(), "a single item has no next item");
    assertEquals(1, batches.batchesPerEpoch());
    Map<Integer, int[][]> byFirstTarget = new HashMap<>();
    try (Graph g = new Graph(); Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      Placeholder<TInt32> in = tf.placeholder(TInt32.class);
      Placeholder<TInt32> tg = tf.placeholder(TInt32.class);
      Placeholder<TInt32> ng = tf.placeholder(TInt32.class);
      Iterator<FeedBatch> it = batches.epoch(0, in, tg, ng);
      try (FeedBatch batch = it.next();
           Result r = batch.feed(s.runner()).fetch(tf.identity(in)).fetch(tf.identity(tg)).fetch(tf.identity(ng)).run()) {
        assertEquals(2, batch.size());
        for (int row = 0; row < 2; row++) {
          int[][] rows = new int[3][3];
          for (int k = 0; k < 3; k++) {
            for (int p = 0; p < 3; p++) rows[k][p] = ((TInt32) r.get(k)).getInt(row, p);
          }
          byFirstTarget.put(rows[1][2], rows);
        }
      }
      assertFalse(it.hasNext());
    }
    int[][] long5 = byFirstTarget.get(5);
    assertArrayEquals(new int[] {2, 3, 4}, long5[0], "the most recent maxLength inputs");
    assertArrayEquals(new int[] {3, 4, 5}, long5[1]);
    int[][] short2 = byFirstTarget.get(7);
    assertArrayEquals(new int[] {0, 0, 6}, short2[0], "left-padded");
    assertArrayEquals(new int[] {0, 0, 7}, short2[1]);
    assertArrayEquals(new int[] {0, 0}, new int[] {short2[2][0], short2[2][1]}, "no negative at padding");
    for (int n : long5[2]) assertTrue(n >= 6 && n <= 9, "unseen item, got " + n);
    int negative = short2[2][2];
    assertTrue(negative >= 1 && negative <= 9 && negative != 6 && negative != 7, "unseen item, got " + negative);
  }

  /**
   * Bucketed: every user once an epoch, a batch as wide as its longest input, each row the user's
   * own shifted suffix, left-padded; similar lengths share a batch (here, lengths sort into batches).
   */
  @Test
  void bucketedBatchesAreCutToTheirLongestInputAndHoldEveryUserOnce() {
    int users = 40;
    int[][] train = new int[users][];
    for (int u = 0; u < users; u++) {
      train[u] = new int[2 + (u * 7) % 9];
      for (int p = 0; p < train[u].length; p++) train[u][p] = 1 + u * 10 + p;
    }
    int maxLength = 6;
    NextItemBatches batches = new NextItemBatches(train, 400, maxLength, 8, 5, true);
    int seen = 0;
    int totalWidth = 0;
    Map<Integer, Integer> firstItemCounts = new HashMap<>();
    try (Graph g = new Graph(); Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      Placeholder<TInt32> in = tf.placeholder(TInt32.class);
      Placeholder<TInt32> tg = tf.placeholder(TInt32.class);
      Iterator<FeedBatch> it = batches.epoch(3, in, tg, null);
      while (it.hasNext()) {
        try (FeedBatch batch = it.next();
             Result r = batch.feed(s.runner()).fetch(tf.identity(in)).fetch(tf.identity(tg)).run()) {
          TInt32 input = (TInt32) r.get(0);
          TInt32 target = (TInt32) r.get(1);
          int width = (int) input.shape().get(1);
          int longest = 0;
          int shortest = Integer.MAX_VALUE;
          for (int row = 0; row < batch.size(); row++) {
            int real = 0;
            for (int p = 0; p < width; p++) if (target.getInt(row, p) != 0) real++;
            longest = Math.max(longest, real);
            shortest = Math.min(shortest, real);
            // Which user: the one whose sequence ends with this row's targets.
            int last = target.getInt(row, width - 1);
            int match = -1;
            for (int u = 0; u < users; u++) {
              int[] q = train[u];
              int n = Math.min(maxLength, q.length - 1);
              if (n != real || q[q.length - 1] != last) continue;
              boolean same = true;
              for (int p = 0; p < n && same; p++) {
                same = input.getInt(row, width - n + p) == q[q.length - 1 - n + p]
                    && target.getInt(row, width - n + p) == q[q.length - n + p];
              }
              for (int p = 0; p < width - n && same; p++) same = input.getInt(row, p) == 0;
              if (same) match = u;
            }
            assertTrue(match >= 0, "row " + row + " is some user's left-padded, shifted suffix");
            firstItemCounts.merge(match, 1, Integer::sum);
          }
          assertEquals(longest, width, "a batch is as wide as its longest input");
          assertTrue(longest - shortest <= 2, "similar lengths share a batch: " + shortest + ".." + longest);
          seen += batch.size();
          totalWidth += width;
        }
      }
    }
    assertEquals(users, seen);
    assertEquals(users, firstItemCounts.size(), "every user once");
    assertTrue(totalWidth < batches.batchesPerEpoch() * maxLength, "narrower than full width overall");
  }
}
