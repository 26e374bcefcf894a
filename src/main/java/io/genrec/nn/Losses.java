package io.genrec.nn;

import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.index.Indices;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TBool;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;
import org.tensorflow.types.family.TNumber;
import org.tensorflow.types.family.TType;

/**
 * Scalar training losses, each a weighted mean {@code Σ wᵢ·lossᵢ / Σ wᵢ} (0 when all weights are 0),
 * plus the gather that keeps padding out of output projections.
 */
public final class Losses {

  private Losses() {
  }

  /**
   * Softmax cross-entropy of integer labels. logits [n, classes], labels [n] (int32/int64), weights
   * [n] or null for a plain mean. Uses the fused sparse op with our registered gradient.
   */
  public static Operand<TFloat32> softmaxCrossEntropy(Ops tf, Operand<TFloat32> logits,
      Operand<? extends TNumber> labels, Operand<TFloat32> weights) {
    SparseSoftmaxGradient.ensureRegistered();
    Operand<TFloat32> perExample = tf.nn.sparseSoftmaxCrossEntropyWithLogits(logits, labels).loss();
    return weightedMean(tf, perExample, weights);
  }

  /** Sigmoid cross-entropy against 0/1 targets of the same shape as logits: softplus(x) − x·z. */
  public static Operand<TFloat32> sigmoidCrossEntropy(Ops tf, Operand<TFloat32> logits, Operand<TFloat32> targets,
      Operand<TFloat32> weights) {
    Operand<TFloat32> perElement = tf.math.sub(tf.math.softplus(logits), tf.math.mul(logits, targets));
    return weightedMean(tf, perElement, weights);
  }

  /**
   * SASRec's sampled loss: {@code −log σ(pos) − log(1 − σ(neg))} per position, weighted (usually by the
   * non-padding mask). All three operands share one shape.
   */
  public static Operand<TFloat32> binaryCrossEntropy(Ops tf, Operand<TFloat32> positiveLogits,
      Operand<TFloat32> negativeLogits, Operand<TFloat32> weights) {
    Operand<TFloat32> perPosition = tf.math.add(
        tf.math.softplus(tf.math.neg(positiveLogits)), tf.math.softplus(negativeLogits));
    return weightedMean(tf, perPosition, weights);
  }

  /** {@code Σ w·values / Σ w} over all elements; a plain mean when weights is null. */
  public static Operand<TFloat32> weightedMean(Ops tf, Operand<TFloat32> values, Operand<TFloat32> weights) {
    Operand<TFloat32> flatValues = tf.reshape(values, tf.constant(new int[] {-1}));
    if (weights == null) {
      return tf.math.mean(flatValues, tf.constant(0));
    }
    Operand<TFloat32> flatWeights = tf.reshape(weights, tf.constant(new int[] {-1}));
    Operand<TFloat32> total = tf.sum(tf.math.mul(flatValues, flatWeights), tf.constant(0));
    return tf.math.divNoNan(total, tf.sum(flatWeights, tf.constant(0)));
  }

  /**
   * Flat row numbers [n] of the true entries of mask [batch, length], row-major, for
   * {@link #gatherRows}. Typically {@code Masks.notPadding(tf, targets)}.
   */
  public static Operand<TInt64> rowIndex(Ops tf, Operand<TBool> mask) {
    Operand<TInt64> where = tf.where(tf.reshape(mask, tf.constant(new int[] {-1})));
    return tf.reshape(where, tf.constant(new int[] {-1}));
  }

  /**
   * The rows {@code index} of x [batch, length, ...] flattened to [batch·length, ...]: e.g. hidden
   * states [B, L, d] → [n, d], or labels [B, L] → [n]. Gather before the output projection so the
   * [positions × catalog] logits cover real positions only.
   */
  public static <T extends TType> Operand<T> gatherRows(Ops tf, Operand<T> x, Operand<TInt64> index) {
    return tf.gather(tf.reshape(x, flatRowsShape(tf, x)), index, tf.constant(0));
  }

  private static Operand<TInt32> flatRowsShape(Ops tf, Operand<?> x) {
    Shape shape = x.shape();
    if (shape.isUnknown()) {
      throw new IllegalArgumentException("gatherRows needs a known rank");
    }
    int rank = shape.numDimensions();
    boolean trailingKnown = true;
    for (int i = 2; i < rank; i++) {
      trailingKnown &= shape.get(i) >= 0;
    }
    if (trailingKnown) {
      int[] dims = new int[rank - 1];
      dims[0] = -1;
      for (int i = 2; i < rank; i++) {
        dims[i - 1] = (int) shape.get(i);
      }
      return tf.constant(dims);
    }
    List<Operand<TInt32>> parts = new ArrayList<>();
    parts.add(tf.constant(new int[] {-1}));
    parts.add(tf.stridedSlice(tf.shape(x), Indices.sliceFrom(2)));
    return tf.concat(parts, tf.constant(0));
  }
}
