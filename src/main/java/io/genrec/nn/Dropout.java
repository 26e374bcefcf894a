package io.genrec.nn;

import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TUint8;

/**
 * Inverted dropout, active only in a training build: {@code x · [b >= t] / keep} with {@code b} a
 * uniform random byte, {@code t = round(256 · rate)} and {@code keep = 1 − t/256}, so every element is
 * kept with probability {@code keep} and the output's expectation is exactly {@code x}.
 *
 * <p>One random 32-bit word serves four elements: the random draw was 13% of a TIGER training step
 * and 10% of a SASRec one (a float per element), and a byte per element is as random as a mask
 * needs. The price is a rate resolution of 1/256: 0.1 drops 26/256 = 0.1016, 0.2 drops 0.1992, 0.25
 * and 0.5 are exact, and a rate under 1/512 drops nothing.
 *
 * <p>The draw is stateless, seeded by (base seed and per-build op counter, the optimizer's update
 * counter: {@link Params#drawSeed}): a fresh graph built by the same code with the same seed draws
 * the same mask at the same update, also after a resume.
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
    int threshold = threshold(rate);
    if (threshold == 0) return x;
    Ops tf = params.tf();
    Operand<TInt32> shape = tf.shape(x);
    Operand<TInt32> n = tf.reshape(tf.prod(shape, tf.constant(0)), tf.constant(new int[] {1}));
    Operand<TInt32> words = tf.math.floorDiv(tf.math.add(n, tf.constant(3)), tf.constant(4));
    Operand<TInt32> bits = tf.random.statelessRandomUniformFullInt(words, params.drawSeed(), TInt32.class);
    Operand<TUint8> bytes = tf.reshape(tf.bitcast(bits, TUint8.class), tf.constant(new int[] {-1}));
    Operand<TUint8> perElement = tf.reshape(tf.slice(bytes, tf.constant(new int[] {0}), n), shape);
    Operand<TFloat32> kept = tf.dtypes.cast(tf.math.greaterEqual(perElement,
        tf.dtypes.cast(tf.constant(threshold), TUint8.class)), TFloat32.class);
    return tf.math.mul(x, tf.math.mul(kept, tf.constant(1f / keep(rate))));
  }

  /** Bytes below it drop: round(256 · rate), at most 255. */
  static int threshold(float rate) {
    return Math.min(255, Math.round(256f * rate));
  }

  /** The probability an element is kept at this rate. */
  public static float keep(float rate) {
    return 1f - threshold(rate) / 256f;
  }
}
