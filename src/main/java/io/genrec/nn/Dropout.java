package io.genrec.nn;

import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.random.RandomUniform;
import org.tensorflow.types.TFloat32;

/**
 * Inverted dropout, active only in a training build: {@code x · [u >= rate] / (1 - rate)}.
 *
 * <p>The uniform draw carries op-level seeds (base seed, per-build counter), so a fresh graph built by
 * the same code with the same seed draws the same masks step after step. Random numbers are not free
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
    Operand<TFloat32> uniform = tf.random.randomUniform(tf.shape(x), TFloat32.class,
        RandomUniform.seed(params.seed()), RandomUniform.seed2(params.nextOpSeed()));
    Operand<TFloat32> keep = tf.dtypes.cast(tf.math.greaterEqual(uniform, tf.constant(rate)), TFloat32.class);
    return tf.math.mul(x, tf.math.mul(keep, tf.constant(1f / (1f - rate))));
  }
}
