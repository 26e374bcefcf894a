package io.genrec.nn;

import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;

/**
 * How a parameter starts. Random kinds draw from stateless ops keyed by the parameter's own seed, so
 * two fresh graphs built with the same base seed start bit-identically, whatever else they contain.
 */
@FunctionalInterface
public interface Init {

  /** The initial value; {@code seed} is an int64 [2] vector unique to the parameter. */
  Operand<TFloat32> value(Ops tf, Shape shape, Operand<TInt64> seed);

  // Fill, not tf.zeros/tf.ones: those open a sub-scope, and TF Java rescans the whole graph for each.
  static Init zeros() {
    return constant(0f);
  }

  static Init ones() {
    return constant(1f);
  }

  static Init constant(float value) {
    return (tf, shape, seed) -> tf.fill(dims(tf, shape), tf.constant(value));
  }

  static Init normal(float std) {
    return (tf, shape, seed) -> tf.math.mul(tf.random.statelessRandomNormal(dims(tf, shape), seed), tf.constant(std));
  }

  /** Normal(0, std) redrawn outside two standard deviations (values lie in ±2·std). */
  static Init truncatedNormal(float std) {
    return (tf, shape, seed) ->
        tf.math.mul(tf.random.statelessTruncatedNormal(dims(tf, shape), seed), tf.constant(std));
  }

  /** Uniform in [-range, range). */
  static Init uniform(float range) {
    return (tf, shape, seed) -> {
      Operand<TFloat32> unit = tf.random.statelessRandomUniform(dims(tf, shape), seed);
      return tf.math.mul(tf.math.sub(unit, tf.constant(0.5f)), tf.constant(2f * range));
    };
  }

  /**
   * Glorot/Xavier uniform: U(±sqrt(6 / (fanIn + fanOut))). Fan-out is the last dimension and fan-in
   * the product of the others, which is Keras' rule for rank 2 and treats [in, heads, headDim]-style
   * kernels as one matrix.
   */
  static Init glorotUniform() {
    return (tf, shape, seed) -> {
      int rank = shape.numDimensions();
      long fanOut = rank == 0 ? 1 : shape.get(rank - 1);
      long fanIn = rank <= 1 ? fanOut : shape.size() / fanOut;
      float limit = (float) Math.sqrt(6.0 / (fanIn + fanOut));
      return uniform(limit).value(tf, shape, seed);
    };
  }

  private static Operand<TInt64> dims(Ops tf, Shape shape) {
    return tf.constant(shape.asArray());
  }
}
