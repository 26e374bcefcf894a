package io.genrec.nn;

import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Inverted dropout, active only in a training build: {@code x · [u >= rate] / (1 - rate)}.
 *
 * <p>The uniform draw is stateless, seeded by (base seed and per-build op counter, the optimizer's
 * update counter: {@link Params#drawSeed}): a fresh graph built by the same code with the same seed
 * draws the same mask at the same update, also after a resume. Random numbers are not free
 * (about a fifth of a TIGER step, per the notes): callers should not drop where it does not help.
 */
public final class Dropout {

  private Dropout() {
  }

  public static Operand<TFloat32> apply(Params params, Operand<TFloat32> x, float rate) {
    if (!params.training() || rate <= 0f) {
      return x;
    }
    if (rate >= 1f) {
      throw new IllegalArgumentException("dropout rate must be < 1, got " + rate);
    }
    Ops tf = params.tf();
    Operand<TFloat32> uniform = tf.random.statelessRandomUniform(tf.shape(x), params.drawSeed(), TFloat32.class);
    Operand<TFloat32> keep = tf.dtypes.cast(tf.math.greaterEqual(uniform, tf.constant(rate)), TFloat32.class);
    return tf.math.mul(x, tf.math.mul(keep, tf.constant(1f / (1f - rate))));
  }
}
