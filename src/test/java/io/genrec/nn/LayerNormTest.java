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

  /**
   * A frozen build (gain and bias constants, as an export writes them) gives what the training build
   * gives, even on rows of small variance where ε matters: oneDNN's _MklLayerNorm fusion, which takes
   * ε = 1e-3 whatever the graph says, must not rewrite it.
   */
  @Test
  void aFrozenBuildGivesTheTrainingBuildsValuesUnfused() {
    float[] gain = TfRun.random(3, 8, 1f);
    float[] bias = TfRun.random(4, 8, 1f);
    float[] input = TfRun.random(5, 2 * 3 * 8, 0.01f);
    float[] expected;
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      Params p = new Params(tf, 1, false);
      Placeholder<TFloat32> x = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, 3, 8)));
      Operand<TFloat32> y = new LayerNorm(8, 1e-6f).apply(p, "norm", x);
      try (Session s = TfRun.session(g);
          Feeds f = new Feeds().floats(p.trainable().get(0).value(), Shape.of(8), gain)
              .floats(p.trainable().get(1).value(), Shape.of(8), bias).floats(x, Shape.of(2, 3, 8), input)) {
        expected = TfRun.eval(s, y, f);
      }
    }
    try (Graph g = new Graph(); TFloat32 gainValue = TfRun.floats(Shape.of(8), gain);
        TFloat32 biasValue = TfRun.floats(Shape.of(8), bias)) {
      Ops tf = Ops.create(g);
      Params p = Params.frozen(tf, 1, java.util.Map.of("norm/gain", gainValue, "norm/bias", biasValue));
      Placeholder<TFloat32> x = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, 3, 8)));
      Operand<TFloat32> y = new LayerNorm(8, 1e-6f).apply(p, "norm", x);
      try (Session s = TfRun.session(g); Feeds f = new Feeds().floats(x, Shape.of(2, 3, 8), input)) {
        float[] frozen = TfRun.eval(s, y, f);
        for (int i = 0; i < frozen.length; i++) assertEquals(expected[i], frozen[i], 1e-4, "element " + i);
        assertEquals(List.of(), TfRun.tracedOpTypes(s, y, f).stream().filter(t -> t.contains("LayerNorm")).toList());
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
