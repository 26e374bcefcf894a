package io.genrec.train.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.genrec.nn.Param;
import io.genrec.nn.Params;
import io.genrec.nn.TfRun;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

class AdamWTest {

  @Test
  void decaysOnlyParametersMarkedForDecay() {
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      Params p = new Params(tf, 1, true);
      AdamW adamW = AdamW.attach(p, AdamConfig.defaults(), 0.5f);
      Param kernel = p.variable("kernel", Shape.of(2), TrainingSteps.fixed(1f, -2f), true);
      Param bias = p.variable("bias", Shape.of(2), TrainingSteps.fixed(3f, 4f), false);
      // Zero gradients: Adam's own step is exactly 0, so only decay can move a weight.
      Operand<TFloat32> loss = tf.math.mul(tf.constant(0f),
          tf.sum(tf.math.add(kernel.value(), bias.value()), tf.constant(0)));
      Op train = adamW.minimize(loss);
      try (Session s = TfRun.session(g)) {
        for (int step = 0; step < 4; step++) {
          TrainingSteps.step(s, train, loss, 0.1f);
        }
        float shrink = (float) Math.pow(1 - 0.1 * 0.5, 4);
        assertArrayEquals(new float[] {shrink, -2 * shrink}, TrainingSteps.value(s, kernel.value()), 1e-6f);
        assertArrayEquals(new float[] {3f, 4f}, TrainingSteps.value(s, bias.value()), 0f);
      }
    }
  }

  @Test
  void matchesAHandWrittenAdamWWithRealGradients() {
    float[] w0 = {1f, -0.5f, 2f};
    float[] rates = {0.1f, 0.05f, 0.02f};
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      Params p = new Params(tf, 1, true);
      AdamW adamW = AdamW.attach(p, AdamConfig.defaults(), 0.01f);
      Param w = p.variable("w", Shape.of(3), TrainingSteps.fixed(w0), true);
      Operand<TFloat32> loss = tf.sum(tf.math.add(
          tf.math.mul(tf.constant(new float[] {0.5f, 2f, 1f}), tf.math.square(w.value())),
          tf.math.mul(tf.constant(new float[] {1f, -3f, 0.25f}), w.value())), tf.constant(0));
      Op train = adamW.minimize(loss);
      try (Session s = TfRun.session(g)) {
        for (float rate : rates) {
          TrainingSteps.step(s, train, loss, rate);
        }
        double[] expected = AdamTest.referenceAdam(new double[] {w0[0], w0[1], w0[2]}, rates, 0.01);
        float[] actual = TrainingSteps.value(s, w.value());
        for (int i = 0; i < 3; i++) {
          assertEquals(expected[i], actual[i], 1e-5);
        }
      }
    }
  }
}
