package io.genrec.train.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.genrec.nn.Param;
import io.genrec.nn.Params;
import io.genrec.nn.TfRun;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;

class AdamTest {

  private static final float[] C = {0.5f, 2f, 1f};
  private static final float[] D = {1f, -3f, 0.25f};
  private static final float[] W0 = {1f, -0.5f, 2f};
  private static final float[] RATES = {0.1f, 0.05f, 0.02f};

  /** loss = Σ c·w² + d·w, so ∂loss/∂w = 2c·w + d. */
  private static Operand<TFloat32> quadratic(Ops tf, Operand<TFloat32> w) {
    Operand<TFloat32> terms = tf.math.add(tf.math.mul(tf.constant(C), tf.math.square(w)),
        tf.math.mul(tf.constant(D), w));
    return tf.sum(terms, tf.constant(0));
  }

  /** Adam as written in Kingma & Ba, Algorithm 1, in double precision. */
  static double[] referenceAdam(double[] w, float[] rates, double weightDecay) {
    double b1 = 0.9;
    double b2 = 0.999;
    double eps = 1e-8;
    double[] m = new double[w.length];
    double[] v = new double[w.length];
    for (int t = 1; t <= rates.length; t++) {
      double lr = rates[t - 1];
      for (int i = 0; i < w.length; i++) {
        double g = 2 * C[i] * w[i] + D[i];
        w[i] *= 1 - lr * weightDecay;
        m[i] = b1 * m[i] + (1 - b1) * g;
        v[i] = b2 * v[i] + (1 - b2) * g * g;
        double mHat = m[i] / (1 - Math.pow(b1, t));
        double vHat = v[i] / (1 - Math.pow(b2, t));
        w[i] -= lr * mHat / (Math.sqrt(vHat) + eps);
      }
    }
    return w;
  }

  @Test
  void matchesAHandWrittenAdamForThreeStepsWithAFedLearningRate() {
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      Params p = new Params(tf, 1, true);
      Adam adam = Adam.attach(p, AdamConfig.defaults());
      Param w = p.variable("w", Shape.of(3), TrainingSteps.fixed(W0), true);
      Op train = adam.minimize(quadratic(tf, w.value()));
      try (Session s = TfRun.session(g)) {
        for (float rate : RATES) {
          TrainingSteps.step(s, train, quadratic(tf, w.value()), rate);
        }
        double[] expected = referenceAdam(new double[] {W0[0], W0[1], W0[2]}, RATES, 0);
        float[] actual = TrainingSteps.value(s, w.value());
        for (int i = 0; i < 3; i++) {
          assertEquals(expected[i], actual[i], 1e-5);
        }
        try (Result r = s.runner().fetch(adam.step()).run()) {
          assertEquals(3L, ((TInt64) r.get(0)).getLong());
        }
      }
    }
  }

  @Test
  void convergesOnAQuadratic() {
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      Params p = new Params(tf, 1, true);
      Adam adam = Adam.attach(p, AdamConfig.defaults());
      Param w = p.variable("w", Shape.of(3), TrainingSteps.fixed(W0), true);
      Operand<TFloat32> loss = quadratic(tf, w.value());
      Op train = adam.minimize(loss);
      try (Session s = TfRun.session(g)) {
        float first = TrainingSteps.step(s, train, loss, 0.05f);
        float last = first;
        for (int step = 1; step < 400; step++) {
          last = TrainingSteps.step(s, train, loss, 0.05f);
        }
        float[] optimum = new float[3];
        for (int i = 0; i < 3; i++) {
          optimum[i] = -D[i] / (2 * C[i]);
        }
        assertArrayEquals(optimum, TrainingSteps.value(s, w.value()), 1e-2f);
        assertTrue(last < first);
      }
    }
  }

  @Test
  void slotsSitUnderTheOptimizerScopeAndAreNotTrainable() {
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      Params p = new Params(tf, 1, true);
      Adam.attach(p, AdamConfig.defaults());
      p.variable("encoder/w", Shape.of(2), TrainingSteps.fixed(1, 2), true);
      assertEquals(1, p.trainable().size());
      assertTrue(g.operation("optimizer/m/encoder/w") != null);
      assertTrue(g.operation("optimizer/v/encoder/w") != null);
      assertTrue(g.operation(Optimizer.STEP) != null);
      assertTrue(g.operation(Optimizer.LEARNING_RATE) != null);
    }
  }
}
