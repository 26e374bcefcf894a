package io.genrec.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

class PositionsTest {

  @Test
  void sinusoidalValuesAtChosenPositions() {
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      Operand<TFloat32> table = Positions.sinusoidal(tf, 3, 4);
      try (Session s = TfRun.session(g)) {
        float[] v = TfRun.eval(s, table);
        // pos 0: sin 0, cos 0, sin 0, cos 0; pos 2: angle 2 for dims 0/1, 2/100 for dims 2/3.
        assertArrayEquals(new float[] {0, 1, 0, 1}, java.util.Arrays.copyOfRange(v, 0, 4), 1e-7f);
        assertArrayEquals(new float[] {(float) Math.sin(2), (float) Math.cos(2), (float) Math.sin(0.02),
            (float) Math.cos(0.02)}, java.util.Arrays.copyOfRange(v, 8, 12), 1e-7f);
      }
    }
  }

  @Test
  void addUsesTheFirstRowsForShorterSequences() {
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      Params p = new Params(tf, 1, false);
      Operand<TFloat32> table = Positions.learned(p, "positions", 5, 2, Init.normal(1f), false);
      assertEquals("positions/table", p.trainable().get(0).name());
      Placeholder<TFloat32> x = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, 3, 2)));
      Placeholder<TFloat32> dynamic = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, -1, 2)));
      Operand<TFloat32> y = Positions.add(tf, x, table);
      Operand<TFloat32> z = Positions.add(tf, dynamic, table);
      TfRun.assertShape(y, -1, 3, 2);
      try (Session s = TfRun.session(g);
          Feeds f = new Feeds().floats(x, Shape.of(1, 3, 2), new float[6]).floats(dynamic, Shape.of(1, 3, 2), new float[6])) {
        float[] rows = java.util.Arrays.copyOfRange(TfRun.eval(s, table), 0, 6);
        assertArrayEquals(rows, TfRun.eval(s, y, f));
        assertArrayEquals(rows, TfRun.eval(s, z, f));
      }
    }
  }
}
