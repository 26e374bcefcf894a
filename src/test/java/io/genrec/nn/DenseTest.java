package io.genrec.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

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

class DenseTest {

  @Test
  void computesXTimesKernelPlusBiasOnTheLastAxisOfRank3() {
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      Params p = new Params(tf, 1, false);
      Placeholder<TFloat32> x = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, 2, 3)));
      Operand<TFloat32> y = Dense.of(3, 2).withInit(Init.constant(0.5f)).apply(p, "proj", x);
      TfRun.assertShape(y, -1, 2, 2);
      assertEquals(List.of("proj/kernel", "proj/bias"), p.trainable().stream().map(Param::name).toList());
      try (Session s = TfRun.session(g);
          Feeds f = new Feeds().floats(x, Shape.of(1, 2, 3), 1, 2, 3, -1, 0, 1)) {
        assertArrayEquals(new float[] {3, 3, 0, 0}, TfRun.eval(s, y, f), 1e-6f);
      }
    }
  }

  @Test
  void activationAndNoBias() {
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      Params p = new Params(tf, 1, false);
      Placeholder<TFloat32> x = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(2, 2)));
      Operand<TFloat32> y = Dense.of(2, 1).withoutBias().withActivation(Activation.RELU)
          .withInit(Init.ones()).apply(p, "relu", x);
      assertEquals(1, p.trainable().size());
      try (Session s = TfRun.session(g); Feeds f = new Feeds().floats(x, Shape.of(2, 2), 1, 2, -3, 1)) {
        assertArrayEquals(new float[] {3, 0}, TfRun.eval(s, y, f));
      }
    }
  }

  @Test
  void rejectsAMismatchedInputDim() {
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      Params p = new Params(tf, 1, false);
      Placeholder<TFloat32> x = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(2, 4)));
      assertThrows(IllegalArgumentException.class, () -> Dense.of(3, 2).apply(p, "d", x));
    }
  }

  @Test
  void gradientsMatchFiniteDifferences() {
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      Params p = new Params(tf, 5, false);
      Placeholder<TFloat32> x = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(2, 3, 4)));
      Operand<TFloat32> y = Dense.of(4, 5).withActivation(Activation.GELU).apply(p, "d", x);
      List<Operand<TFloat32>> xs = new ArrayList<>(GradientCheck.values(p));
      xs.add(x);
      GradientCheck check = GradientCheck.of(g, tf, y, xs);
      try (Session s = TfRun.session(g); Feeds f = new Feeds().floats(x, Shape.of(2, 3, 4), TfRun.random(1, 24, 1f))) {
        check.assertMatches(s, f, 40);
      }
    }
  }
}
