package io.genrec.serve;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.genrec.data.IdMap;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TString;

class ItemIdTableTest {
  @Test
  void kindFollowsTheDatasetsIds() {
    assertEquals(ItemIdTable.Kind.INT64, new ItemIdTable(IdMap.of(List.of("12", "7", "301"))).kind());
    assertEquals(ItemIdTable.Kind.STRING, new ItemIdTable(IdMap.of(List.of("12", "B000IBPD76"))).kind());
    // Not representable as distinct non-padding int64 ids, so served as the strings they are.
    assertEquals(ItemIdTable.Kind.STRING, new ItemIdTable(IdMap.of(List.of("7", "07"))).kind());
    assertEquals(ItemIdTable.Kind.STRING, new ItemIdTable(IdMap.of(List.of("0", "1"))).kind());
  }

  @Test
  void stringIdsMapToDenseAndBackWithUnknownsAndPaddingAsZero() {
    ItemIdTable table = new ItemIdTable(IdMap.of(List.of("B0C", "B0A", "B0B", "X")));
    try (Graph g = new Graph(); Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      var ids = NdArrays.ofObjects(String.class, Shape.of(2, 3));
      String[][] rows = {{"B0B", "nope", "X"}, {"", "B0C", "B0A"}};
      for (int i = 0; i < 2; i++) for (int j = 0; j < 3; j++) ids.setObject(rows[i][j], i, j);
      Operand<TString> history = tf.constant(UTF_8, ids);
      Operand<TInt32> dense = table.toDense(tf, history);
      Operand<TInt32> compact = table.toDenseHistory(tf, history, 4);
      @SuppressWarnings("unchecked")
      Operand<TString> back = (Operand<TString>) table.toOriginal(tf, tf.constant(new int[] {4, 1, 2}));
      try (Result r = s.runner().fetch(dense).fetch(compact).fetch(back).run()) {
        TInt32 d = (TInt32) r.get(0);
        assertArrayEquals(new int[] {3, 0, 4, 0, 1, 2}, flat(d, 2, 3));
        assertArrayEquals(new int[] {0, 0, 3, 4, 0, 0, 1, 2}, flat((TInt32) r.get(1), 2, 4));
        TString o = (TString) r.get(2);
        assertArrayEquals(new String[] {"X", "B0C", "B0A"}, new String[] {o.getObject(0), o.getObject(1), o.getObject(2)});
      }
    }
  }

  private static int[] flat(TInt32 t, int rows, int cols) {
    int[] out = new int[rows * cols];
    for (int i = 0; i < rows; i++) for (int j = 0; j < cols; j++) out[i * cols + j] = t.getInt(i, j);
    return out;
  }
}
