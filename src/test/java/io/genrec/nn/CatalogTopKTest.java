package io.genrec.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.op.Ops;
import org.tensorflow.op.nn.TopK;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/** Padding never ranks, excluded history items never rank, K past the catalog returns it all. */
class CatalogTopKTest {
  private static int[][] topK(float[][] scores, int[][] exclude, int k, float[][] outScores) {
    try (Graph g = new Graph(); Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      TopK<TFloat32, TInt32> top = CatalogTopK.select(tf, tf.constant(scores), tf.constant(exclude), tf.constant(k));
      try (Result r = s.runner().fetch(top.indices()).fetch(top.values()).run()) {
        TInt32 ids = (TInt32) r.get(0);
        TFloat32 vals = (TFloat32) r.get(1);
        int rows = (int) ids.shape().get(0);
        int cols = (int) ids.shape().get(1);
        int[][] out = new int[rows][cols];
        for (int i = 0; i < rows; i++) {
          for (int j = 0; j < cols; j++) {
            out[i][j] = ids.getInt(i, j);
            if (outScores != null) outScores[i][j] = vals.getFloat(i, j);
          }
        }
        return out;
      }
    }
  }

  @Test
  void paddingAndExcludedItemsNeverRankAboveRealOnes() {
    // Column 0 (padding) has the highest raw score; user 0 excludes items 3 and 1.
    float[][] scores = {{9f, 5f, 1f, 7f, 3f}, {9f, 1f, 2f, 3f, 4f}};
    int[][] exclude = {{3, 1}, {0, 0}};
    int[][] top = topK(scores, exclude, 2, null);
    // user 0: items by score 3(7) 1(5) 4(3) 2(1); 3 and 1 excluded -> 4, 2
    assertArrayEquals(new int[] {4, 2}, top[0]);
    // user 1: nothing excluded (0 entries are padding) -> 4(4), 3(3)
    assertArrayEquals(new int[] {4, 3}, top[1]);
  }

  @Test
  void kBeyondTheCatalogReturnsEveryColumnWithMaskedOnesLast() {
    float[][] scores = {{9f, 5f, 1f}};
    float[][] vals = new float[1][3];
    int[][] top = topK(scores, new int[][] {{2}}, 10, vals);
    assertEquals(3, top[0].length);
    assertEquals(1, top[0][0]);
    assertEquals(Float.NEGATIVE_INFINITY, vals[0][1]);
    assertEquals(Float.NEGATIVE_INFINITY, vals[0][2]);
  }
}
