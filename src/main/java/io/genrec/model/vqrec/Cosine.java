package io.genrec.model.vqrec;

import io.genrec.nn.ItemTable;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.ReduceSum;
import org.tensorflow.op.linalg.MatMul;
import org.tensorflow.types.TFloat32;

/** VQ-Rec scores by cosine similarity: vectors are divided by max(‖x‖, 1e-12) first. */
final class Cosine {
  private Cosine() {}

  /** x [..., dim] scaled to unit length along the last axis. */
  static Operand<TFloat32> normalize(Ops tf, Operand<TFloat32> x) {
    Operand<TFloat32> squared = tf.reduceSum(tf.math.square(x), tf.constant(-1), ReduceSum.keepDims(true));
    return tf.math.mul(x, tf.math.rsqrt(tf.math.maximum(squared, tf.constant(1e-24f))));
  }

  /** Cosine of each user vector [n, dim] with every item of {@code items}: [n, vocab]. */
  static Operand<TFloat32> againstCatalog(Ops tf, Operand<TFloat32> users, ItemTable items) {
    return tf.linalg.matMul(normalize(tf, users), normalize(tf, items.table()), MatMul.transposeB(true));
  }
}
