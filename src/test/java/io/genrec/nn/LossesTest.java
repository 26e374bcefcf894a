package io.genrec.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;

class LossesTest {

  private static final float[] LOGITS = {1f, 2f, 0.5f, -1f, 0f, 3f, 0.2f, 0.2f, 0.2f};
  private static final int[] LABELS = {1, 0, 2};
  private static final float[] WEIGHTS = {1f, 0.5f, 0f};

  private static double crossEntropy(int row) {
    double max = Double.NEGATIVE_INFINITY;
    for (int c = 0; c < 3; c++) {
      max = Math.max(max, LOGITS[row * 3 + c]);
    }
    double sum = 0;
    for (int c = 0; c < 3; c++) {
      sum += Math.exp(LOGITS[row * 3 + c] - max);
    }
    return -(LOGITS[row * 3 + LABELS[row]] - max - Math.log(sum));
  }

  private static double softmax(int row, int c) {
    double sum = 0;
    for (int k = 0; k < 3; k++) {
      sum += Math.exp(LOGITS[row * 3 + k]);
    }
    return Math.exp(LOGITS[row * 3 + c]) / sum;
  }

  @Test
  @SuppressWarnings("unchecked")
  void softmaxCrossEntropyIsTheWeightedMeanAndItsGradientIsSoftmaxMinusOneHot() {
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      Placeholder<TFloat32> logits = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(3, 3)));
      Operand<TInt32> labels = tf.constant(LABELS);
      Operand<TFloat32> weighted = Losses.softmaxCrossEntropy(tf, logits, labels, tf.constant(WEIGHTS));
      Operand<TFloat32> plain = Losses.softmaxCrossEntropy(tf, logits, labels, null);
      Output<?>[] grad = g.addGradients(weighted.asOutput(), new Output<?>[] {logits.asOutput()});
      GradientCheck check = GradientCheck.of(g, tf, weighted, List.of(logits));
      try (Session s = TfRun.session(g); Feeds f = new Feeds().floats(logits, Shape.of(3, 3), LOGITS)) {
        double expected = (crossEntropy(0) * 1 + crossEntropy(1) * 0.5) / 1.5;
        assertEquals(expected, TfRun.scalar(s, weighted, f), 1e-6);
        assertEquals((crossEntropy(0) + crossEntropy(1) + crossEntropy(2)) / 3, TfRun.scalar(s, plain, f), 1e-6);
        float[] dLogits = TfRun.eval(s, (Operand<TFloat32>) grad[0], f);
        for (int row = 0; row < 3; row++) {
          for (int c = 0; c < 3; c++) {
            double oneHot = c == LABELS[row] ? 1 : 0;
            assertEquals((softmax(row, c) - oneHot) * WEIGHTS[row] / 1.5, dLogits[row * 3 + c], 1e-6);
          }
        }
        check.assertMatches(s, f, 9);
      }
    }
  }

  @Test
  void softmaxCrossEntropyKeepsMaskedColumnsOutAndItsGradientExactFarFromTheLabel() {
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      Placeholder<TFloat32> logits = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(2, 3)));
      Operand<TFloat32> loss = Losses.softmaxCrossEntropy(tf, logits, tf.constant(new long[] {0, 2}), null);
      Output<?>[] grad = g.addGradients(loss.asOutput(), new Output<?>[] {logits.asOutput()});
      // Row 0: column 2 masked as the models mask (−1e9). Row 1: the label 40 nats below the best.
      float[] values = {1f, 2f, -1e9f, 0f, 0f, -40f};
      try (Session s = TfRun.session(g); Feeds f = new Feeds().floats(logits, Shape.of(2, 3), values)) {
        double row0 = Math.log(Math.exp(1) + Math.exp(2)) - 1;
        double row1 = Math.log(2 + Math.exp(-40)) + 40;
        assertEquals((row0 + row1) / 2, TfRun.scalar(s, loss, f), 1e-5);
        float[] d = TfRun.eval(s, (Operand<TFloat32>) grad[0], f);
        double p01 = Math.exp(2) / (Math.exp(1) + Math.exp(2));
        assertEquals((1 - p01 - 1) / 2, d[0], 1e-6);
        assertEquals(p01 / 2, d[1], 1e-6);
        assertEquals(0.0, d[2], 0.0);
        assertEquals(0.25, d[3], 1e-6);
        assertEquals(-0.5, d[5], 1e-6);
      }
    }
  }

  @Test
  void aLabelOutsideTheClassesFailsTheStep() {
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      Placeholder<TFloat32> logits = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(2, 3)));
      Operand<TFloat32> loss = Losses.softmaxCrossEntropy(tf, logits, tf.constant(new int[] {0, 3}), null);
      try (Session s = TfRun.session(g); Feeds f = new Feeds().floats(logits, Shape.of(2, 3), new float[6])) {
        Exception e = assertThrows(Exception.class, () -> TfRun.scalar(s, loss, f));
        assertTrue(e.getMessage().contains("not in [0, 3)"), e.getMessage());
      }
    }
  }

  @Test
  void binaryCrossEntropyOfPositivesAndNegatives() {
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      Placeholder<TFloat32> pos = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(2, 2)));
      Placeholder<TFloat32> neg = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(2, 2)));
      Operand<TFloat32> mask = tf.constant(new float[][] {{1, 1}, {0, 1}});
      Operand<TFloat32> loss = Losses.binaryCrossEntropy(tf, pos, neg, mask);
      Operand<TFloat32> sigmoid = Losses.sigmoidCrossEntropy(tf, pos, tf.constant(new float[][] {{1, 0}, {1, 0}}), null);
      GradientCheck check = GradientCheck.of(g, tf, loss, List.of(pos, neg));
      float[] p = {2f, -1f, 30f, 0.5f};
      float[] n = {-1f, 0f, 4f, 40f};
      try (Session s = TfRun.session(g);
          Feeds f = new Feeds().floats(pos, Shape.of(2, 2), p).floats(neg, Shape.of(2, 2), n)) {
        double expected = 0;
        int[] kept = {0, 1, 3};
        for (int i : kept) {
          expected += Math.log1p(Math.exp(-p[i])) + Math.log1p(Math.exp(n[i]));
        }
        assertEquals(expected / 3, TfRun.scalar(s, loss, f), 1e-5);
        double sig = (Math.log1p(Math.exp(-2)) + Math.log1p(Math.exp(-1)) + Math.log1p(Math.exp(-30))
            + Math.log1p(Math.exp(0.5))) / 4;
        assertEquals(sig, TfRun.scalar(s, sigmoid, f), 1e-6);
        check.assertMatches(s, f, 4);
      }
    }
  }

  @Test
  @SuppressWarnings("unchecked")
  void gatherRowsKeepsOnlyRealPositionsAndRoutesGradientsBack() {
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      Placeholder<TFloat32> hidden = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, 3, 2)));
      Operand<TInt32> targets = tf.constant(new int[][] {{0, 7, 8}, {9, 0, 0}});
      Operand<TInt64> index = Losses.rowIndex(tf, Masks.notPadding(tf, targets));
      Operand<TFloat32> rows = Losses.gatherRows(tf, hidden, index);
      Operand<TInt32> labels = Losses.gatherRows(tf, targets, index);
      TfRun.assertShape(rows, -1, 2);
      Operand<TFloat32> loss = tf.sum(rows, tf.constant(new int[] {0, 1}));
      Output<?>[] grad = g.addGradients(loss.asOutput(), new Output<?>[] {hidden.asOutput()});
      float[] h = {0, 1, 10, 11, 20, 21, 30, 31, 40, 41, 50, 51};
      try (Session s = TfRun.session(g); Feeds f = new Feeds().floats(hidden, Shape.of(2, 3, 2), h)) {
        assertArrayEquals(new float[] {10, 11, 20, 21, 30, 31}, TfRun.eval(s, rows, f));
        assertArrayEquals(new float[] {7, 8, 9}, TfRun.eval(s, tf.dtypes.cast(labels, TFloat32.class), f));
        assertArrayEquals(new float[] {0, 0, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0},
            TfRun.eval(s, (Operand<TFloat32>) grad[0], f));
      }
    }
  }
}
