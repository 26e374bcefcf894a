package io.genrec.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TBool;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

class TransformerBlocksTest {

  private static final int D = 8;

  private static TransformerBlockConfig config(boolean preNorm) {
    return TransformerBlockConfig.of(D, 2, 12).withActivation(Activation.GELU).withDropout(0.1f, 0.1f)
        .withPreNorm(preNorm);
  }

  private static float[] row(float[] out, int length, int b, int position) {
    int start = (b * length + position) * D;
    return Arrays.copyOfRange(out, start, start + D);
  }

  @ParameterizedTest
  @ValueSource(booleans = {true, false})
  void encoderIgnoresPaddingAndPassesTheGradientCheck(boolean preNorm) {
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      Params p = new Params(tf, 2, false);
      Placeholder<TFloat32> x = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(2, 4, D)));
      Placeholder<TInt32> ids = tf.placeholder(TInt32.class, Placeholder.shape(Shape.of(2, 4)));
      TransformerEncoderBlock block = new TransformerEncoderBlock(config(preNorm));
      Operand<TFloat32> h = block.apply(p, "encoder/block_0", x, Masks.keyPadding(tf, ids));
      Operand<TFloat32> y = block.apply(p, "encoder/block_1", h, Masks.keyPadding(tf, ids));
      TfRun.assertShape(y, 2, 4, D);
      assertTrue(p.find("encoder/block_1/feed_forward_norm/gain").isPresent());
      assertTrue(p.find("encoder/block_0/self_attention/qkv/kernel").isPresent());
      List<Operand<TFloat32>> xs = new ArrayList<>(GradientCheck.values(p));
      xs.add(x);
      GradientCheck check = GradientCheck.of(g, tf, y, xs);
      int[] idValues = {3, 4, 0, 0, 1, 2, 3, 4};
      float[] base = TfRun.random(10, 2 * 4 * D, 1f);
      float[] changed = base.clone();
      for (int d = 0; d < D; d++) {
        changed[3 * D + d] = 5f;   // padded position 3 of sequence 0
      }
      try (Session s = TfRun.session(g);
          Feeds f1 = new Feeds().floats(x, Shape.of(2, 4, D), base).ints(ids, Shape.of(2, 4), idValues);
          Feeds f2 = new Feeds().floats(x, Shape.of(2, 4, D), changed).ints(ids, Shape.of(2, 4), idValues)) {
        float[] a = TfRun.eval(s, y, f1);
        float[] b = TfRun.eval(s, y, f2);
        assertArrayEquals(row(a, 4, 0, 0), row(b, 4, 0, 0), 1e-6f);
        assertArrayEquals(row(a, 4, 0, 1), row(b, 4, 0, 1), 1e-6f);
        assertArrayEquals(Arrays.copyOfRange(a, 4 * D, 8 * D), Arrays.copyOfRange(b, 4 * D, 8 * D), 1e-6f);
        check.assertMatches(s, f1, 12);
      }
    }
  }

  @ParameterizedTest
  @ValueSource(booleans = {true, false})
  void decoderIsCausalIgnoresPaddedMemoryAndPassesTheGradientCheck(boolean preNorm) {
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      Params p = new Params(tf, 2, false);
      Placeholder<TFloat32> x = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(2, 3, D)));
      Placeholder<TFloat32> memory = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(2, 4, D)));
      Operand<TBool> memoryMask = Masks.keyPadding(tf, tf.constant(new int[][] {{5, 6, 0, 0}, {1, 2, 3, 4}}));
      Operand<TFloat32> y = new TransformerDecoderBlock(config(preNorm))
          .apply(p, "decoder/block_0", x, memory, null, memoryMask);
      TfRun.assertShape(y, 2, 3, D);
      assertTrue(p.find("decoder/block_0/cross_attention/key_value/kernel").isPresent());
      assertTrue(p.find("decoder/block_0/cross_attention_norm/bias").isPresent());
      List<Operand<TFloat32>> xs = new ArrayList<>(GradientCheck.values(p));
      xs.add(x);
      xs.add(memory);
      GradientCheck check = GradientCheck.of(g, tf, y, xs);
      float[] xBase = TfRun.random(11, 2 * 3 * D, 1f);
      float[] xChanged = xBase.clone();
      float[] memBase = TfRun.random(12, 2 * 4 * D, 1f);
      float[] memChanged = memBase.clone();
      for (int d = 0; d < D; d++) {
        xChanged[2 * D + d] += 1f;          // last target position of sequence 0
        memChanged[2 * D + d] -= 4f;        // padded memory position 2 of sequence 0
      }
      try (Session s = TfRun.session(g);
          Feeds f1 = new Feeds().floats(x, Shape.of(2, 3, D), xBase).floats(memory, Shape.of(2, 4, D), memBase);
          Feeds f2 = new Feeds().floats(x, Shape.of(2, 3, D), xChanged).floats(memory, Shape.of(2, 4, D), memChanged)) {
        float[] a = TfRun.eval(s, y, f1);
        float[] b = TfRun.eval(s, y, f2);
        assertArrayEquals(row(a, 3, 0, 0), row(b, 3, 0, 0), 1e-6f);
        assertArrayEquals(row(a, 3, 0, 1), row(b, 3, 0, 1), 1e-6f);
        assertFalse(Arrays.equals(row(a, 3, 0, 2), row(b, 3, 0, 2)));
        assertArrayEquals(Arrays.copyOfRange(a, 3 * D, 6 * D), Arrays.copyOfRange(b, 3 * D, 6 * D), 1e-6f);
        check.assertMatches(s, f1, 8);
      }
    }
  }

  @ParameterizedTest
  @ValueSource(booleans = {true, false})
  void dropoutMakesTrainingBuildsStochasticButInferenceBuildsNot(boolean training) {
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      Params p = new Params(tf, 2, training);
      // Masks are drawn per optimizer update (Params.drawSeed): advance the counter between the two runs.
      org.tensorflow.op.core.Variable<org.tensorflow.types.TInt64> step = p.state("step", tf.constant(0L));
      p.stepCounter(step);
      Operand<TFloat32> x = tf.constant(new float[][][] {{{1, 2, 3, 4, 5, 6, 7, 8}, {8, 7, 6, 5, 4, 3, 2, 1}}});
      Operand<TFloat32> y = new TransformerEncoderBlock(config(true).withDropout(0.5f, 0.5f)).apply(p, "e", x, null);
      Operand<org.tensorflow.types.TInt64> advance = tf.assignAdd(step, tf.constant(1L));
      try (Session s = TfRun.session(g)) {
        float[] first = TfRun.eval(s, y);
        assertTrue(Arrays.equals(first, TfRun.eval(s, y)), "the same update draws the same masks");
        s.runner().addTarget(advance).run();
        assertEquals(!training, Arrays.equals(first, TfRun.eval(s, y)));
      }
    }
  }

  /**
   * Heads whose total width is not the model width, and a model width the head count does not divide
   * (TIGER: 6 heads of 64 over d_model 128): both blocks build at those sizes and pass the gradient check.
   */
  @org.junit.jupiter.api.Test
  void headSizeNeedNotDivideTheModelWidth() {
    int d = 10;
    TransformerBlockConfig odd = TransformerBlockConfig.of(d, 4, 3, 16).withPreNorm(true);
    org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        () -> TransformerBlockConfig.of(d, 4, 16), "without a head size, 10 / 4 heads is refused");
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      Params p = new Params(tf, 3, false);
      Placeholder<TFloat32> x = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(2, 3, d)));
      Placeholder<TFloat32> memory = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(2, 4, d)));
      Operand<TFloat32> encoded = new TransformerEncoderBlock(odd).apply(p, "encoder/block_0", memory, null);
      Operand<TFloat32> y = new TransformerDecoderBlock(odd).apply(p, "decoder/block_0", x, encoded, null, null);
      TfRun.assertShape(y, 2, 3, d);
      assertArrayEquals(new long[] {d, 3 * 4 * 3},
          p.find("encoder/block_0/self_attention/qkv/kernel").orElseThrow().shape().asArray());
      assertArrayEquals(new long[] {4 * 3, d},
          p.find("decoder/block_0/cross_attention/output/kernel").orElseThrow().shape().asArray());
      List<Operand<TFloat32>> xs = new ArrayList<>(GradientCheck.values(p));
      xs.add(x);
      xs.add(memory);
      GradientCheck check = GradientCheck.of(g, tf, y, xs);
      try (Session s = TfRun.session(g);
          Feeds f = new Feeds().floats(x, Shape.of(2, 3, d), TfRun.random(21, 2 * 3 * d, 1f))
              .floats(memory, Shape.of(2, 4, d), TfRun.random(22, 2 * 4 * d, 1f))) {
        check.assertMatches(s, f, 8);
      }
    }
  }
}
