package io.genrec.nn;

import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.math.Mean;
import org.tensorflow.types.TFloat32;

/**
 * Layer normalisation over the last axis with a learned gain and bias (both exempt from weight decay).
 * Variables: {@code name/gain} [dim] (ones), {@code name/bias} [dim] (zeros).
 */
public record LayerNorm(int dim, float epsilon) {

  /** PyTorch's default epsilon. */
  public static LayerNorm of(int dim) {
    return new LayerNorm(dim, 1e-5f);
  }

  public Operand<TFloat32> apply(Params params, String name, Operand<TFloat32> x) {
    Ops tf = params.tf();
    Operand<TFloat32> gain = params.variable(name + "/gain", Shape.of(dim), Init.ones(), false).value();
    Operand<TFloat32> bias = params.variable(name + "/bias", Shape.of(dim), Init.zeros(), false).value();
    // Not written as x·s + (bias − mean·s) over a non-negative axis: TensorFlow's oneDNN remapper fuses
    // that form into one _MklLayerNorm kernel in an exported (constant-weight) graph — 1,915 ops per
    // TIGER serving call down to 1,426 — but the kernel then uses ε = 1e-3 whatever the graph said
    // (measured here; LayerNormTest guards it), which would make a SavedModel rank differently from
    // the model it was exported from.
    Operand<TFloat32> mean = tf.math.mean(x, tf.constant(-1), Mean.keepDims(true));
    Operand<TFloat32> variance =
        tf.math.mean(tf.math.squaredDifference(x, mean), tf.constant(-1), Mean.keepDims(true));
    Operand<TFloat32> normed =
        tf.math.mul(tf.math.sub(x, mean), tf.math.rsqrt(tf.math.add(variance, tf.constant(epsilon))));
    return tf.math.add(tf.math.mul(normed, gain), bias);
  }
}
