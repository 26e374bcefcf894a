package io.genrec.nn;

import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Affine map on the last axis of a rank ≥ 2 input: {@code activation(x · kernel + bias)}. Inputs of
 * rank > 2 are folded to [-1, inDim] so one MatMul does the work (faster than a batched matmul here).
 *
 * <p>Variables: {@code name/kernel} [inDim, outDim] (decayed), {@code name/bias} [outDim] (not decayed).
 */
public record Dense(int inDim, int outDim, boolean bias, Activation activation, Init kernelInit) {

  public static Dense of(int inDim, int outDim) {
    return new Dense(inDim, outDim, true, Activation.NONE, Init.glorotUniform());
  }

  public Dense withActivation(Activation newActivation) {
    return new Dense(inDim, outDim, bias, newActivation, kernelInit);
  }

  public Dense withoutBias() {
    return new Dense(inDim, outDim, false, activation, kernelInit);
  }

  public Dense withInit(Init newKernelInit) {
    return new Dense(inDim, outDim, bias, activation, newKernelInit);
  }

  public Operand<TFloat32> apply(Params params, String name, Operand<TFloat32> x) {
    int rank = Dims.rank(x);
    if (rank < 2) {
      throw new IllegalArgumentException(name + ": Dense needs rank >= 2, got " + x.shape());
    }
    long last = x.shape().get(rank - 1);
    if (last >= 0 && last != inDim) {
      throw new IllegalArgumentException(name + ": last dim " + last + " != inDim " + inDim);
    }
    Ops tf = params.tf();
    Operand<TFloat32> kernel = params.variable(name + "/kernel", Shape.of(inDim, outDim), kernelInit, true).value();
    Operand<TFloat32> flat = rank == 2 ? x : tf.reshape(x, tf.constant(new int[] {-1, inDim}));
    Operand<TFloat32> y = tf.linalg.matMul(flat, kernel);
    if (bias) {
      Operand<TFloat32> b = params.variable(name + "/bias", Shape.of(outDim), Init.zeros(), false).value();
      y = tf.nn.biasAdd(y, b);
    }
    if (rank > 2) {
      y = tf.reshape(y, Dims.leadingThen(tf, x, rank - 1, outDim));
    }
    return activation.apply(tf, y);
  }
}
