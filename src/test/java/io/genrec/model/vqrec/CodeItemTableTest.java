package io.genrec.model.vqrec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.genrec.data.IdMap;
import io.genrec.nn.Params;
import io.genrec.nn.TfRun;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Session;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/** An item's vector is the mean of its D code embeddings, computed from its codes only. */
class CodeItemTableTest {
  static final int D = 3;
  static final int K = 4;
  static final int H = 5;

  /** Items a, b, c (dense 1..3); c has b's codes; d has no codes. */
  static ItemCodes codes() {
    IdMap items = IdMap.of(List.of("a", "b", "c", "d"));
    return ItemCodes.of(Map.of("a", new int[] {0, 3, 1}, "b", new int[] {2, 2, 0}, "c", new int[] {2, 2, 0}),
        D, K, items, "test");
  }

  @Test
  void rowsAreOffsetPerSubVectorAndCodelessItemsGetTheReservedRow() {
    ItemCodes codes = codes();
    assertEquals(D * (K + 1), codes.tableRows());
    assertArrayEquals(new int[] {0, 0, 0}, codes.rows()[0]);
    assertArrayEquals(new int[] {1, 5 + 4, 10 + 2}, codes.rows()[1]);
    assertArrayEquals(new int[] {0, 5, 10}, codes.rows()[4], "reserved row d(K+1) of every sub-vector");
    assertEquals(1, codes.missing());
  }

  @Test
  void itemVectorIsTheMeanOfItsCodeEmbeddingsAndPaddingIsZero() {
    ItemCodes codes = codes();
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      Params params = new Params(tf, 3, false);
      CodeItemTable items = CodeItemTable.create(params, codes, H);
      Operand<TFloat32> table = items.param().value();
      try (Session s = TfRun.session(g)) {
        List<float[]> got = TfRun.evalAll(s, List.of(table, items.table(), items.lookup(tf.constant(new int[] {2, 0}))));
        float[] e = got.get(0);
        float[] all = got.get(1);
        for (int item = 0; item <= 4; item++) {
          for (int h = 0; h < H; h++) {
            float sum = 0;
            for (int r : codes.rows()[item]) sum += r == 0 ? 0 : e[r * H + h];
            assertEquals(sum / D, all[item * H + h], 1e-6, "item " + item + " dim " + h);
          }
        }
        for (int h = 0; h < H; h++) {
          assertEquals(0f, all[h], "padding item");
          assertEquals(all[2 * H + h], got.get(2)[h], 1e-7, "lookup = table row");
          assertEquals(all[2 * H + h], all[3 * H + h], "same codes, same vector");
          assertNotEquals(all[1 * H + h], all[2 * H + h]);
        }
      }
    }
  }
}
