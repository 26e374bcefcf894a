package io.genrec.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
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

class FeedForwardTest {

  @Test
  void geluIsTheExactErfForm() {
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      Operand<TFloat32> y = Activation.GELU.apply(tf, tf.constant(new float[] {-2f, -0.5f, 0f, 1f, 3f}));
      try (Session s = TfRun.session(g)) {
        // x·Φ(x) with Φ from tables: Φ(-2)=0.0227501, Φ(-0.5)=0.3085375, Φ(1)=0.8413447, Φ(3)=0.9986501.
        assertArrayEquals(new float[] {-0.0455003f, -0.1542688f, 0f, 0.8413447f, 2.9959502f},
            TfRun.eval(s, y), 2e-6f);
      }
    }
  }

  @Test
  void shapesNamesAndGradients() {
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      Params p = new Params(tf, 4, false);
      Placeholder<TFloat32> x = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(2, 3, 4)));
      Operand<TFloat32> y = FeedForward.of(4, 6, Activation.GELU).withDropout(0.3f).apply(p, "ffn", x);
      TfRun.assertShape(y, 2, 3, 4);
      assertEquals(List.of("ffn/hidden/kernel", "ffn/hidden/bias", "ffn/output/kernel", "ffn/output/bias"),
          p.trainable().stream().map(Param::name).toList());
      List<Operand<TFloat32>> xs = new ArrayList<>(GradientCheck.values(p));
      xs.add(x);
      GradientCheck check = GradientCheck.of(g, tf, y, xs);
      try (Session s = TfRun.session(g); Feeds f = new Feeds().floats(x, Shape.of(2, 3, 4), TfRun.random(3, 24, 1f))) {
        check.assertMatches(s, f, 30);
      }
    }
  }
}
