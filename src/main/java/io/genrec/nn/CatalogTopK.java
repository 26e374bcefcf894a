package io.genrec.nn;

import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Stack;
import org.tensorflow.op.nn.TopK;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * Top-K over a full-catalog score matrix: the padding column and each user's excluded ids get -inf
 * (so they rank last and the evaluator can tell them apart), then TopK.
 */
public final class CatalogTopK {
  private CatalogTopK() {}

  /**
   * @param scores float32 [batch, numItems + 1], column 0 = padding
   * @param exclude int32 [batch, e] dense ids to drop; 0 entries are harmless (padding is dropped anyway)
   * @param k int32 scalar
   */
  public static TopK<TFloat32, TInt32> select(
      Ops tf, Operand<TFloat32> scores, Operand<TInt32> exclude, Operand<TInt32> k) {
    Operand<TInt32> batch = Dims.size(tf, scores, 0);
    Operand<TFloat32> negInf = tf.constant(Float.NEGATIVE_INFINITY);
    Operand<TFloat32> padColumn =
        tf.fill(tf.stack(List.of(batch, tf.constant(1))), negInf);
    Operand<TFloat32> items = tf.slice(scores, tf.constant(new int[] {0, 1}), tf.constant(new int[] {-1, -1}));
    Operand<TFloat32> masked = tf.concat(List.of(padColumn, items), tf.constant(1));

    Operand<TInt32> width = Dims.size(tf, exclude, 1);
    Operand<TInt32> rows =
        tf.tile(tf.expandDims(tf.range(tf.constant(0), batch, tf.constant(1)), tf.constant(1)),
            tf.stack(List.of(tf.constant(1), width)));
    Operand<TInt32> pairs =
        tf.reshape(tf.stack(List.of(rows, exclude), Stack.axis(2L)), tf.constant(new int[] {-1, 2}));
    Operand<TFloat32> fills =
        tf.fill(tf.stack(List.of(tf.math.mul(batch, width))), negInf);
    masked = tf.tensorScatterNdUpdate(masked, pairs, fills);
    // A K beyond the catalog (tiny datasets, eval.ks up to 50) returns the whole catalog.
    Operand<TInt32> kept = tf.math.minimum(k, Dims.size(tf, masked, 1));
    return tf.nn.topK(masked, kept, TInt32.class);
  }
}
