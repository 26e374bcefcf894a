package io.genrec.model.vqrec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.genrec.nn.Params;
import io.genrec.nn.TfRun;
import io.genrec.train.FeedBatch;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/** Batches cut to their longest history give the full-width outputs; bucketing narrows batches, keeps every row. */
class VqRecEncoderTest {
  private static final int MAX = 6;

  @Test
  void aBatchCutToItsLongestHistoryGivesTheFullWidthUserVectors() {
    ItemCodes codes = CodeItemTableTest.codes();
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      Params params = new Params(tf, 3, false);
      CodeItemTable items = CodeItemTable.create(params, codes, 8);
      VqRecEncoder encoder = new VqRecEncoder(8, 2, 2, 16, 0f, MAX);
      Placeholder<TInt32> ids = tf.placeholder(TInt32.class, Placeholder.shape(Shape.of(-1, -1)));
      Operand<TFloat32> users = encoder.encode(params, items, ids);
      int[][] full = {{0, 0, 0, 1, 2, 3}, {0, 0, 0, 0, 3, 1}, {0, 0, 0, 0, 0, 2}};
      int[][] cut = {{1, 2, 3}, {0, 3, 1}, {0, 0, 2}};
      try (Session s = TfRun.session(g); TInt32 a = TInt32.tensorOf(org.tensorflow.ndarray.StdArrays.ndCopyOf(full));
          TInt32 b = TInt32.tensorOf(org.tensorflow.ndarray.StdArrays.ndCopyOf(cut));
          var ra = s.runner().feed(ids, a).fetch(users).run(); var rb = s.runner().feed(ids, b).fetch(users).run()) {
        TFloat32 fa = (TFloat32) ra.get(0);
        TFloat32 fb = (TFloat32) rb.get(0);
        assertEquals(Shape.of(3, 8), fa.shape());
        for (int i = 0; i < 3; i++) {
          for (int j = 0; j < 8; j++) assertEquals(fa.getFloat(i, j), fb.getFloat(i, j), 1e-5, "user " + i + " dim " + j);
        }
      }
    }
  }

  @Test
  void bucketedBatchesHoldEveryRowOnceAndAreNarrowerThanRandomOnes() {
    Random rng = new Random(4);
    int[][] sequences = new int[300][];
    for (int u = 0; u < sequences.length; u++) {
      sequences[u] = new int[2 + rng.nextInt(u % 10 == 0 ? 30 : 4)];
      for (int i = 0; i < sequences[u].length; i++) sequences[u][i] = 1 + rng.nextInt(4);
    }
    ItemCodes codes = CodeItemTableTest.codes();
    SemiSyntheticCodes synthetic = new SemiSyntheticCodes(4, 0.75);
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      Placeholder<TInt32> history = tf.placeholder(TInt32.class);
      Placeholder<TInt32> target = tf.placeholder(TInt32.class);
      Placeholder<TInt32> fake = tf.placeholder(TInt32.class);
      Operand<TInt32> historyOut = tf.identity(history);
      Operand<TInt32> targetOut = tf.identity(target);
      long[] widthSum = new long[2];
      for (int bucketed = 0; bucketed < 2; bucketed++) {
        VqRecBatches batches = new VqRecBatches(sequences, MAX, 16, 7, codes, synthetic, bucketed == 1);
        List<String> seen = new ArrayList<>();
        for (Iterator<FeedBatch> it = batches.epoch(1, history, target, fake); it.hasNext(); ) {
          try (FeedBatch b = it.next(); Session s = TfRun.session(g);
              var r = b.feed(s.runner()).fetch(historyOut).fetch(targetOut).run()) {
            TInt32 h = (TInt32) r.get(0);
            TInt32 t = (TInt32) r.get(1);
            int width = (int) h.shape().get(1);
            assertTrue(width <= MAX, "width " + width);
            widthSum[bucketed] += width;
            for (int i = 0; i < b.size(); i++) {
              StringBuilder key = new StringBuilder();
              for (int j = 0; j < width; j++) if (h.getInt(i, j) != 0) key.append(h.getInt(i, j)).append(',');
              // The newest history item sits in the last column: left padding only.
              assertTrue(h.getInt(i, width - 1) != 0, "row " + i + " ends in padding");
              seen.add(key + ">" + t.getInt(i));
            }
          }
        }
        // Every prefix of every sequence (its last MAX items) with the item after it, once.
        List<String> expected = new ArrayList<>();
        for (int[] seq : sequences) {
          for (int t = 1; t < seq.length; t++) {
            StringBuilder key = new StringBuilder();
            for (int j = Math.max(0, t - MAX); j < t; j++) key.append(seq[j]).append(',');
            expected.add(key + ">" + seq[t]);
          }
        }
        java.util.Collections.sort(expected);
        java.util.Collections.sort(seen);
        assertEquals(expected, seen, "every row once, with its own history and target");
      }
      assertTrue(widthSum[1] < widthSum[0], "bucketed widths " + widthSum[1] + " vs random " + widthSum[0]);
    }
  }
}
