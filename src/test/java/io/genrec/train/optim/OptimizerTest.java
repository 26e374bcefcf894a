package io.genrec.train.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.genrec.nn.Param;
import io.genrec.nn.Params;
import io.genrec.nn.TfRun;
import java.util.List;
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

class OptimizerTest {

  /** Sgd with lr 1 on loss = Σ c·w: the applied step is exactly the (clipped) gradient c. */
  private static float[] sgdStep(float clipNorm, float[] c, float[] globalNormOut) {
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      Params p = new Params(tf, 1, true);
      Sgd sgd = Sgd.attach(p, clipNorm);
      Param w = p.variable("w", Shape.of(2), TrainingSteps.fixed(0f, 0f), true);
      Param u = p.variable("u", Shape.of(1), TrainingSteps.fixed(0f), true);
      Operand<TFloat32> loss = tf.sum(tf.math.mul(tf.constant(new float[] {c[0], c[1]}), w.value()), tf.constant(0));
      Op train = sgd.minimize(loss);
      assertEquals(List.of(w), sgd.updated());
      try (Session s = TfRun.session(g); TFloat32 rate = TFloat32.scalarOf(1f);
          Result r = s.runner().feed(sgd.learningRate(), rate).addTarget(train).fetch(Optimizer.GLOBAL_NORM).run()) {
        globalNormOut[0] = ((TFloat32) r.get(0)).getFloat();
        float[] after = TrainingSteps.value(s, w.value());
        return new float[] {-after[0], -after[1]};
      }
    }
  }

  @Test
  void clipsToTheGlobalNormAndReportsTheUnclippedNorm() {
    float[] norm = new float[1];
    assertArrayEquals(new float[] {0.6f, 0.8f}, sgdStep(1f, new float[] {6f, 8f}, norm), 1e-6f);
    assertEquals(10f, norm[0], 1e-5f);
    assertArrayEquals(new float[] {6f, 8f}, sgdStep(100f, new float[] {6f, 8f}, norm), 1e-6f);
    assertArrayEquals(new float[] {6f, 8f}, sgdStep(0f, new float[] {6f, 8f}, norm), 1e-6f);
  }

  @Test
  void leavesUnreachableParametersAloneAndCountsSteps() {
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      Params p = new Params(tf, 1, true);
      Adam adam = Adam.attach(p, AdamConfig.defaults().withClipNorm(1f));
      Param used = p.variable("used", Shape.of(2), TrainingSteps.fixed(1f, 1f), true);
      Param unused = p.variable("unused", Shape.of(2), TrainingSteps.fixed(5f, 5f), true);
      Operand<TFloat32> loss = tf.sum(tf.math.square(used.value()), tf.constant(0));
      Op train = adam.minimize(loss);
      assertEquals(List.of(used), adam.updated());
      assertEquals(Optimizer.TRAIN, train.op().name());
      assertEquals(Optimizer.GLOBAL_NORM, adam.globalNorm().op().name());
      assertThrows(IllegalStateException.class, () -> adam.minimize(loss));
      try (Session s = TfRun.session(g)) {
        for (int step = 0; step < 5; step++) {
          TrainingSteps.step(s, train, loss, 0.01f);
        }
        assertArrayEquals(new float[] {5f, 5f}, TrainingSteps.value(s, unused.value()), 0f);
        try (Result r = s.runner().fetch(Optimizer.STEP).run()) {
          assertEquals(5L, ((TInt64) r.get(0)).getLong());
        }
      }
    }
  }

  @Test
  void aLossWithoutParametersIsAnError() {
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      Params p = new Params(tf, 1, true);
      Sgd sgd = Sgd.attach(p, 0f);
      p.variable("w", Shape.of(1), TrainingSteps.fixed(1f), true);
      assertThrows(IllegalArgumentException.class, () -> sgd.minimize(tf.constant(1f)));
    }
  }
}
