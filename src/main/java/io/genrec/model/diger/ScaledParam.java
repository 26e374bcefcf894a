package io.genrec.model.diger;

import io.genrec.nn.Params;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * A parameter that starts at given values and learns at {@code multiplier} × the optimizer's rate:
 * {@code start + multiplier · delta} with {@code delta} the variable (from 0). Adam's step is invariant
 * to the scale of the gradient, so delta moves by about lr per step and the weight by multiplier × lr:
 * the tokenizer's 1e-5 beside the recommender's 1e-3 without a second optimizer.
 *
 * <p>This is the seam for parameter groups: once the optimizer has per-group learning rates, these
 * become plain variables in a group (the names below are then the weights themselves).
 */
final class ScaledParam {
  private ScaledParam() {}

  /**
   * @param name the weight's name; its variable is {@code name} at multiplier 1 (starting at
   *     {@code start}), else {@code name + "_delta"}
   */
  static Operand<TFloat32> of(Params params, String name, Shape shape, float[] start, double multiplier) {
    Ops tf = params.tf();
    if (multiplier == 1.0) {
      return params.variable(name, shape, (t, s, seed) -> t.constant(shape, DataBuffers.of(start, true, false)), false)
          .value();
    }
    Operand<TFloat32> delta = params.variable(name + "_delta", shape, io.genrec.nn.Init.zeros(), false).value();
    return tf.math.add(constant(tf, shape, start), tf.math.mul(tf.constant((float) multiplier), delta));
  }

  /** A fixed weight: a graph constant. */
  static Operand<TFloat32> constant(Ops tf, Shape shape, float[] values) {
    return tf.constant(shape, DataBuffers.of(values, true, false));
  }
}
