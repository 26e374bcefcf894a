package io.genrec.model.diger;

import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.ReduceMax;
import org.tensorflow.op.core.ReduceMin;
import org.tensorflow.op.core.Sum;
import org.tensorflow.op.linalg.MatMul;
import org.tensorflow.types.TBool;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TFloat64;
import org.tensorflow.types.TInt32;

/**
 * The graph pieces of one level's code assignment (DRIL, {@code ../shared/notes/diger.md} §5): the
 * logits against a codebook, the deterministic code (nearest, or Sinkhorn-balanced), Gumbel noise,
 * and the straight-through indicator through which the soft assignment gets its gradient.
 */
final class CodeAssignment {
  private CodeAssignment() {}

  /** One level's choice: the code of every row and the soft weights its gradient flows through. */
  record Choice(Operand<TInt32> code, Operand<TFloat32> soft) {}

  /** ‖r‖² + ‖e‖² − 2 r·e for rows {@code r} [n, D] against codebook rows {@code e} [K, D]: [n, K]. */
  static Operand<TFloat32> squaredDistances(Ops tf, Operand<TFloat32> r, Operand<TFloat32> e) {
    Operand<TFloat32> rowNorms = tf.sum(tf.math.square(r), tf.constant(1), Sum.keepDims(true));
    Operand<TFloat32> codeNorms = tf.expandDims(tf.sum(tf.math.square(e), tf.constant(1)), tf.constant(0));
    Operand<TFloat32> cross = tf.linalg.matMul(r, e, MatMul.transposeB(true));
    return tf.math.add(tf.math.sub(rowNorms, tf.math.mul(tf.constant(2f), cross)), codeNorms);
  }

  /**
   * Distances scaled into [−1, 1] by batch-wide scalars (the reference's centring before Sinkhorn);
   * the scalars are constants to the gradient, so the logits keep the distances' own gradient.
   */
  static Operand<TFloat32> centred(Ops tf, Operand<TFloat32> d) {
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
  static Operand<TInt32> sinkhornCodes(Ops tf, Operand<TFloat32> centred, double epsilon, int iters) {
    Operand<TFloat64> q = tf.math.exp(tf.math.div(tf.math.neg(tf.dtypes.cast(tf.stopGradient(centred), TFloat64.class)),
        tf.constant(epsilon)));
    // One global scale keeps u and v near 1 (the plan is invariant to it).
    q = tf.math.div(q, tf.sum(q, tf.constant(new int[] {0, 1}), Sum.keepDims(true)));
    Operand<TInt32> shape = tf.shape(centred, TInt32.class);
    Operand<TFloat64> v = tf.fill(tf.reshape(tf.gather(shape, tf.constant(1), tf.constant(0)),
        tf.constant(new int[] {1})), tf.constant(1.0));
    Operand<TFloat64> column = tf.expandDims(v, tf.constant(1));
    for (int i = 0; i < iters; i++) {
      Operand<TFloat64> u = tf.math.reciprocal(tf.linalg.matMul(q, column)); // [n, 1]
      column = tf.math.reciprocal(tf.linalg.matMul(q, u, MatMul.transposeA(true))); // [K, 1]
    }
    Operand<TFloat64> plan = tf.math.mul(q, tf.reshape(column, tf.constant(new int[] {1, -1})));
    return tf.math.argMax(plan, tf.constant(1), TInt32.class);
  }

  /** Standard Gumbel noise −log(−log U) of {@code like}'s shape, U drawn away from 0 and 1 (stateless: {@link io.genrec.nn.Params#drawSeed}). */
  static Operand<TFloat32> gumbel(Ops tf, Operand<TFloat32> like, Operand<org.tensorflow.types.TInt64> seed) {
    Operand<TFloat32> u = tf.random.statelessRandomUniform(tf.shape(like), seed, TFloat32.class);
    u = tf.clipByValue(u, tf.constant(1e-10f), tf.constant(1f - 1e-7f));
    // Noise is a constant to the gradient.
    return tf.stopGradient(tf.math.neg(tf.math.log(tf.math.neg(tf.math.log(u)))));
  }

  /** The deterministic choice: {@code code} with soft weights softmax(ℓ/τ). */
  static Choice deterministic(Ops tf, Operand<TFloat32> logits, Operand<TInt32> code, float tau) {
    return new Choice(code, tf.nn.softmax(tf.math.div(logits, tf.constant(tau))));
  }

  /**
   * The noisy choice: argmax(ℓ + s·g) with soft weights softmax((ℓ + s·g)/τ); τ shapes only the
   * gradient, never the sample.
   *
   * @param scale broadcastable to the logits ([], [n, 1]...)
   */
  static Choice noisy(Ops tf, Operand<TFloat32> logits, Operand<TFloat32> noise, Operand<TFloat32> scale, float tau) {
    Operand<TFloat32> perturbed = tf.math.add(logits, tf.math.mul(scale, noise));
    return new Choice(tf.math.argMax(tf.stopGradient(perturbed), tf.constant(1), TInt32.class),
        tf.nn.softmax(tf.math.div(perturbed, tf.constant(tau))));
  }

  /** Row-wise pick between two choices: {@code first} where {@code which} [n] is true. */
  static Choice select(Ops tf, Operand<TBool> which, Choice first, Choice second) {
    Operand<TInt32> code = tf.select(which, first.code(), second.code());
    Operand<TBool> rows = tf.broadcastTo(tf.expandDims(which, tf.constant(1)), tf.shape(first.soft(), TInt32.class));
    return new Choice(code, tf.select(rows, first.soft(), second.soft()));
  }

  /**
   * The straight-through offset {@code y − sg(y)}: exactly zero forward, the soft weights' gradient
   * backward. Added to the one-hot of the code it makes the indicator, whose forward value is
   * exactly one-hot (so indicator × table is exactly the looked-up row).
   */
  static Operand<TFloat32> straightThrough(Ops tf, Operand<TFloat32> soft) {
    return tf.math.sub(soft, tf.stopGradient(soft));
  }

  /** onehot(code) + (y − sg(y)) [n, K]. */
  static Operand<TFloat32> indicator(Ops tf, Choice choice, int codes) {
    Operand<TFloat32> hard = tf.oneHot(choice.code(), tf.constant(codes), tf.constant(1f), tf.constant(0f));
    return tf.math.add(hard, straightThrough(tf, choice.soft()));
  }

  /** How many of {@code codes} [n] chose each of {@code k} codes, float32 [k]. */
  static Operand<TFloat32> histogram(Ops tf, Operand<TInt32> codes, int k) {
    return tf.sum(tf.oneHot(codes, tf.constant(k), tf.constant(1f), tf.constant(0f)), tf.constant(0));
  }

}
