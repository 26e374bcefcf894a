package io.genrec.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

class LayerNormTest {

  @Test
  void normalisesEachRowToZeroMeanUnitVariance() {
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      Params p = new Params(tf, 1, false);
      Placeholder<TFloat32> x = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(2, 4)));
      Operand<TFloat32> y = LayerNorm.of(4).apply(p, "norm", x);
      TfRun.assertShape(y, 2, 4);
      assertEquals(List.of("norm/gain", "norm/bias"), p.trainable().stream().map(Param::name).toList());
      assertEquals(List.of(false, false), p.trainable().stream().map(Param::decay).toList());
      try (Session s = TfRun.session(g); Feeds f = new Feeds().floats(x, Shape.of(2, 4), 1, 2, 3, 4, 10, 10, 10, 14)) {
        float[] out = TfRun.eval(s, y, f);
        for (int row = 0; row < 2; row++) {
          double mean = 0;
          double square = 0;
          for (int i = 0; i < 4; i++) {
            mean += out[row * 4 + i] / 4.0;
            square += out[row * 4 + i] * out[row * 4 + i] / 4.0;
          }
          assertEquals(0, mean, 1e-5);
          assertEquals(1, square, 1e-3);
        }
        // Hand-computed: row 0 has mean 2.5, variance 1.25.
        assertEquals((1 - 2.5) / Math.sqrt(1.25 + 1e-5), out[0], 1e-5);
      }
    }
  }

  @Test
  void gradientsMatchFiniteDifferences() {
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      Params p = new Params(tf, 1, false);
      Placeholder<TFloat32> x = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(3, 5)));
      Operand<TFloat32> y = LayerNorm.of(5).apply(p, "norm", x);
      List<Operand<TFloat32>> xs = new ArrayList<>(GradientCheck.values(p));
      xs.add(x);
      GradientCheck check = GradientCheck.of(g, tf, y, xs);
      try (Session s = TfRun.session(g); Feeds f = new Feeds().floats(x, Shape.of(3, 5), TfRun.random(2, 15, 2f))) {
        check.assertMatches(s, f, 15);
      }
    }
  }
}
