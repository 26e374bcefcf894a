package io.genrec.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TBool;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

class MultiHeadAttentionTest {

  private static final int B = 2;
  private static final int L = 4;
  private static final int D = 8;

  /** Rows [b, position] of a [B, L, D] output. */
  private static float[] row(float[] out, int b, int position) {
    int start = (b * L + position) * D;
    return Arrays.copyOfRange(out, start, start + D);
  }

  @Test
  void selfAttentionIsCausalAndIgnoresPaddedKeys() {
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      Params p = new Params(tf, 3, false);
      Placeholder<TFloat32> x = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, L, D)));
      Placeholder<TInt32> ids = tf.placeholder(TInt32.class, Placeholder.shape(Shape.of(-1, L)));
      Operand<TBool> mask = Masks.both(tf, Masks.causal(tf, L), Masks.keyPadding(tf, ids));
      Operand<TFloat32> y = MultiHeadAttention.of(D, 2).self(p, "attn", x, mask);
      TfRun.assertShape(y, -1, L, D);
      assertEquals(List.of("attn/qkv/kernel", "attn/qkv/bias", "attn/output/kernel", "attn/output/bias"),
          p.trainable().stream().map(Param::name).toList());
      // Sequence 0 is left-padded at position 0; sequence 1 has no padding.
      int[] idValues = {0, 5, 6, 7, 1, 2, 3, 4};
      float[] base = TfRun.random(1, B * L * D, 1f);
      float[] changed = base.clone();
      for (int d = 0; d < D; d++) {
        changed[d] += 3f;                    // padded position 0 of sequence 0
        changed[(L + 3) * D + d] -= 2f;      // last (future) position of sequence 1
      }
      try (Session s = TfRun.session(g);
          Feeds f1 = new Feeds().floats(x, Shape.of(B, L, D), base).ints(ids, Shape.of(B, L), idValues);
          Feeds f2 = new Feeds().floats(x, Shape.of(B, L, D), changed).ints(ids, Shape.of(B, L), idValues)) {
        float[] a = TfRun.eval(s, y, f1);
        float[] b = TfRun.eval(s, y, f2);
        for (int pos = 1; pos < L; pos++) {
          assertArrayEquals(row(a, 0, pos), row(b, 0, pos), 1e-6f, "padding leaked into position " + pos);
        }
        for (int pos = 0; pos < L - 1; pos++) {
          assertArrayEquals(row(a, 1, pos), row(b, 1, pos), 1e-6f, "future leaked into position " + pos);
        }
        assertFalse(Arrays.equals(row(a, 1, L - 1), row(b, 1, L - 1)), "the changed position itself must change");
        // Padded query row 0 of sequence 0 attends to nothing: finite, not NaN.
        for (float v : row(a, 0, 0)) {
          assertTrue(Float.isFinite(v));
        }
      }
    }
  }

  @Test
  void crossAttentionHasQueryShapeAndIgnoresPaddedMemory() {
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      Params p = new Params(tf, 3, false);
      Placeholder<TFloat32> q = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(B, 3, D)));
      Placeholder<TFloat32> memory = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(B, 5, 6)));
      Operand<TBool> mask = Masks.keyPadding(tf, tf.constant(new int[][] {{1, 2, 3, 0, 0}, {1, 1, 1, 1, 1}}));
      Operand<TFloat32> y = MultiHeadAttention.of(D, 2).withHeadDim(3).apply(p, "cross", q, memory, mask);
      TfRun.assertShape(y, B, 3, D);
      assertEquals(Shape.of(D, 6), p.find("cross/query/kernel").orElseThrow().shape());
      assertEquals(Shape.of(6, 12), p.find("cross/key_value/kernel").orElseThrow().shape());
      float[] qs = TfRun.random(4, B * 3 * D, 1f);
      float[] m1 = TfRun.random(5, B * 5 * 6, 1f);
      float[] m2 = m1.clone();
      m2[3 * 6] = 9f;   // memory position 3 of sequence 0 is padding
      m2[4 * 6 + 2] = -9f;
      try (Session s = TfRun.session(g);
          Feeds f1 = new Feeds().floats(q, Shape.of(B, 3, D), qs).floats(memory, Shape.of(B, 5, 6), m1);
          Feeds f2 = new Feeds().floats(q, Shape.of(B, 3, D), qs).floats(memory, Shape.of(B, 5, 6), m2)) {
        assertArrayEquals(TfRun.eval(s, y, f1), TfRun.eval(s, y, f2), 1e-6f);
      }
    }
  }

  @Test
  void aFullyMaskedRowGivesFiniteOutputAndGradients() {
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      Params p = new Params(tf, 3, false);
      Placeholder<TFloat32> x = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(1, 3, 4)));
      Operand<TBool> nothing = tf.constant(new boolean[3][3]);
      Operand<TFloat32> y = MultiHeadAttention.of(4, 1).self(p, "attn", x, nothing);
      Operand<TFloat32> loss = tf.sum(tf.math.square(y), tf.constant(new int[] {0, 1, 2}));
      org.tensorflow.Output<?>[] grad = g.addGradients(loss.asOutput(), new org.tensorflow.Output<?>[] {x.asOutput()});
      try (Session s = TfRun.session(g); Feeds f = new Feeds().floats(x, Shape.of(1, 3, 4), TfRun.random(6, 12, 1f))) {
        for (float v : TfRun.eval(s, y, f)) {
          assertTrue(Float.isFinite(v));
        }
        @SuppressWarnings("unchecked")
        Operand<TFloat32> dx = (Operand<TFloat32>) grad[0];
        for (float v : TfRun.eval(s, dx, f)) {
          assertTrue(Float.isFinite(v));
        }
      }
    }
  }

  @Test
  void gradientsMatchFiniteDifferences() {
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      Params p = new Params(tf, 8, false);
      Placeholder<TFloat32> x = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(B, 3, D)));
      Placeholder<TFloat32> memory = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(B, 4, D)));
      Operand<TBool> selfMask = Masks.causal(tf, 3);
      Operand<TBool> memoryMask = Masks.keyPadding(tf, tf.constant(new int[][] {{1, 2, 0, 0}, {1, 1, 1, 1}}));
      MultiHeadAttention attention = MultiHeadAttention.of(D, 2);
      Operand<TFloat32> h = attention.self(p, "self", x, selfMask);
      Operand<TFloat32> y = attention.apply(p, "cross", h, memory, memoryMask);
      List<Operand<TFloat32>> xs = new ArrayList<>(GradientCheck.values(p));
      xs.add(x);
      xs.add(memory);
      GradientCheck check = GradientCheck.of(g, tf, y, xs);
      try (Session s = TfRun.session(g);
          Feeds f = new Feeds().floats(x, Shape.of(B, 3, D), TfRun.random(7, B * 3 * D, 1f))
              .floats(memory, Shape.of(B, 4, D), TfRun.random(8, B * 4 * D, 1f))) {
        check.assertMatches(s, f, 30);
      }
    }
  }
}
