package io.genrec.nn;

import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.index.Indices;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Gather;
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
   * Softmax cross-entropy of integer labels. logits [n, classes] (finite: masks use −1e9), labels [n]
   * (int32/int64, in [0, classes)), weights [n] or null for a plain mean.
   *
   * <p>Built from oneDNN's softmax rather than TF's fused SparseSoftmaxCrossEntropyWithLogits, whose CPU
   * kernel is slow: over SASRec's [1,200 × 12,102] logits loss + gradient took 88 ms with the fused
   * op against 40 ms so, and 10-14 ms against 3-4.5 ms over TIGER's [5,120 × 256] (one JVM, alternating
   * rounds). The value is −log p[label] (p floored at 1e-37, so one row's loss is at most 85 nats); the
   * gradient, softmax − one-hot as the fused op's, comes through a surrogate Σ sg(p − onehot)·logits
   * whose forward value is cancelled exactly (s − sg(s) is 0), so autodiff never runs through the
   * softmax itself.
   */
  public static Operand<TFloat32> softmaxCrossEntropy(Ops tf, Operand<TFloat32> logits,
      Operand<? extends TNumber> labels, Operand<TFloat32> weights) {
    Operand<TFloat32> p = tf.stopGradient(tf.nn.softmax(logits));
    Operand<TInt32> classes = tf.gather(tf.shape(logits, TInt32.class), tf.constant(1), tf.constant(0));
    // Out-of-range labels fail here ("indices ... is not in [0, classes)"), as the fused op refused them.
    Operand<TFloat32> picked = tf.gather(p, labels, tf.constant(1), Gather.batchDims(1L));
    Operand<TFloat32> value = tf.math.neg(tf.math.log(tf.math.maximum(picked, tf.constant(1e-37f))));
    Operand<TFloat32> residual = tf.math.sub(p, tf.oneHot(labels, classes, tf.constant(1f), tf.constant(0f)));
    Operand<TFloat32> surrogate = tf.sum(tf.math.mul(residual, logits), tf.constant(1));
    Operand<TFloat32> perExample = tf.math.add(value, tf.math.sub(surrogate, tf.stopGradient(surrogate)));
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
