package io.genrec.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Session;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TBool;
import org.tensorflow.types.TFloat32;

class MasksTest {

  private static float[] asFloats(Session s, Ops tf, Operand<TBool> mask) {
    return TfRun.eval(s, tf.dtypes.cast(mask, TFloat32.class));
  }

  @Test
  void causalPaddingAndCombined() {
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      Operand<TBool> causal = Masks.causal(tf, 3);
      Operand<TBool> dynamicCausal = Masks.causal(tf, tf.constant(3));
      Operand<TBool> padding = Masks.keyPadding(tf, tf.constant(new long[][] {{0, 4, 5}}));
      Operand<TBool> both = Masks.both(tf, causal, padding);
      TfRun.assertShape(padding, 1, 1, 1, 3);
      try (Session s = TfRun.session(g)) {
        float[] lower = {1, 0, 0, 1, 1, 0, 1, 1, 1};
        assertArrayEquals(lower, asFloats(s, tf, causal));
        assertArrayEquals(lower, asFloats(s, tf, dynamicCausal));
        assertArrayEquals(new float[] {0, 1, 1}, asFloats(s, tf, padding));
        assertArrayEquals(new float[] {0, 0, 0, 0, 1, 0, 0, 1, 1}, asFloats(s, tf, both));
      }
    }
  }
}
