package io.genrec.nn;

import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/** Element-wise non-linearities; GELU is the exact erf form (as in PyTorch's default), not tanh. */
public enum Activation {
  NONE,
  RELU,
  GELU,
  TANH,
  SIGMOID;

  private static final float INV_SQRT2 = (float) (1.0 / Math.sqrt(2.0));

  public Operand<TFloat32> apply(Ops tf, Operand<TFloat32> x) {
    switch (this) {
      case NONE:
        return x;
      case RELU:
        return tf.nn.relu(x);
      case GELU: {
        Operand<TFloat32> cdf = tf.math.mul(tf.constant(0.5f),
            tf.math.add(tf.constant(1f), tf.math.erf(tf.math.mul(x, tf.constant(INV_SQRT2)))));
        return tf.math.mul(x, cdf);
      }
      case TANH:
        return tf.math.tanh(x);
      case SIGMOID:
        return tf.math.sigmoid(x);
      default:
        throw new IllegalStateException("unhandled activation " + this);
    }
  }

  /** Parses config names such as "gelu" or "relu". */
  public static Activation parse(String name) {
    return valueOf(name.trim().toUpperCase(java.util.Locale.ROOT));
  }
}
