package io.genrec.model.diger;

import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Sum;
import org.tensorflow.op.linalg.MatMul;
import org.tensorflow.types.TFloat32;
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
