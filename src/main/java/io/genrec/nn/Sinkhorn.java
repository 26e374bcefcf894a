package io.genrec.nn;

import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.ReduceMax;
import org.tensorflow.op.core.ReduceMin;
import org.tensorflow.op.core.Sum;
import org.tensorflow.op.linalg.MatMul;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TFloat64;
import org.tensorflow.types.TInt32;

/**
 * Balanced code assignment by Sinkhorn-Knopp transport over a batch: no code can take the whole
 * batch, however the codebook sits. Shared by the tokenizers' training (RQ-VAE with {@code
 * sinkhorn_epsilon}) and DIGER's in-graph assignment.
 */
public final class Sinkhorn {
  private Sinkhorn() {}

  /**
   * Distances scaled into [−1, 1] by batch-wide scalars (the reference's centring before Sinkhorn);
   * the scalars are constants to the gradient, so the logits keep the distances' own gradient.
   */
  public static Operand<TFloat32> centred(Ops tf, Operand<TFloat32> d) {
    Operand<TInt32> all = tf.constant(new int[] {0, 1});
    Operand<TFloat32> max = tf.stopGradient(tf.reduceMax(d, all, ReduceMax.keepDims(false)));
    Operand<TFloat32> min = tf.stopGradient(tf.reduceMin(d, all, ReduceMin.keepDims(false)));
    Operand<TFloat32> mid = tf.math.div(tf.math.add(max, min), tf.constant(2f));
    Operand<TFloat32> half = tf.math.add(tf.math.sub(max, mid), tf.constant(1e-5f));
    return tf.math.div(tf.math.sub(d, mid), half);
  }

  /**
   * Codes of Sinkhorn-balanced transport from centred distances [n, K], in float64 (exp(1/ε) overflows
   * float32): each iteration gives every row mass 1/n, then every code mass 1/K, so no code can take
   * the whole batch. The plan is kept as diag(u)·Q·diag(v) with Q = exp(−d/ε): each half-iteration
   * is then one matrix-vector product (u = 1/(Q v), v = 1/(Qᵀ u)) instead of rewriting the [n, K]
   * matrix twice, and a row's argmax needs only Q·diag(v) (u scales the whole row; the 1/n and 1/K
   * masses scale everything and cancel). Unrolled: no While op, which complicates export.
   */
  public static Operand<TInt32> codes(Ops tf, Operand<TFloat32> centred, double epsilon, int iters) {
    Operand<TFloat64> q = kernel(tf, centred, epsilon);
    Operand<TFloat64> plan = tf.math.mul(q, tf.reshape(scaling(tf, q, iters), tf.constant(new int[] {1, -1})));
    return tf.math.argMax(plan, tf.constant(1), TInt32.class);
  }

  /**
   * Codes of every row of {@code centred} [n, K] under the code prices of the transport over the
   * rows {@code balanced} [m] alone: those rows get exactly {@link #codes}' result over them, the
   * others the code of least d − ε·log v, i.e. the nearest code after the balanced rows' prices. The
   * iterations then cost m × K instead of n × K (DIGER balances a batch's targets, as the reference
   * does, and its history items follow the targets' prices).
   */
  public static Operand<TInt32> codes(Ops tf, Operand<TFloat32> centred, Operand<TInt32> balanced, double epsilon,
      int iters) {
    Operand<TFloat64> q = kernel(tf, tf.gather(centred, balanced, tf.constant(0)), epsilon);
    Operand<TFloat64> logPrice = tf.math.log(scaling(tf, q, iters));
    Operand<TFloat64> score = tf.math.add(
        tf.math.div(tf.math.neg(tf.dtypes.cast(tf.stopGradient(centred), TFloat64.class)), tf.constant(epsilon)),
        tf.reshape(logPrice, tf.constant(new int[] {1, -1})));
    return tf.math.argMax(score, tf.constant(1), TInt32.class);
  }

  /** Q = exp(−d/ε) in float64, divided by its sum: one global scale keeps u and v near 1 (the plan is invariant to it). */
  private static Operand<TFloat64> kernel(Ops tf, Operand<TFloat32> centred, double epsilon) {
    Operand<TFloat64> q = tf.math.exp(tf.math.div(tf.math.neg(tf.dtypes.cast(tf.stopGradient(centred), TFloat64.class)),
        tf.constant(epsilon)));
    return tf.math.div(q, tf.sum(q, tf.constant(new int[] {0, 1}), Sum.keepDims(true)));
  }

  /** The column scaling v [K, 1] after {@code iters} Sinkhorn iterations over {@code q} [n, K]. */
  private static Operand<TFloat64> scaling(Ops tf, Operand<TFloat64> q, int iters) {
    Operand<TInt32> shape = tf.shape(q, TInt32.class);
    Operand<TFloat64> v = tf.fill(tf.reshape(tf.gather(shape, tf.constant(1), tf.constant(0)),
        tf.constant(new int[] {1})), tf.constant(1.0));
    Operand<TFloat64> column = tf.expandDims(v, tf.constant(1));
    for (int i = 0; i < iters; i++) {
      Operand<TFloat64> u = tf.math.reciprocal(tf.linalg.matMul(q, column)); // [n, 1]
      column = tf.math.reciprocal(tf.linalg.matMul(q, u, MatMul.transposeA(true))); // [K, 1]
    }
    return column;
  }

}
