package io.genrec.model.s3rec;

import io.genrec.nn.Dims;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * Multi-hot attribute targets built in the graph from item ids, so a batch feeds item ids only: a
 * dense [catalog × attributes] 0/1 table would be 31 MB for Beauty and 167 MB for Sports, and fed
 * labels 3-4 MB per step. The graph holds each item's attribute ids, padded with one column past the
 * last attribute, and scatters ones into [n, attributes + 1] rows, then drops that column.
 */
final class AttributeLabels {
  private final Operand<TInt32> table;
  private final int count;
  private final int width;

  AttributeLabels(Ops tf, ItemAttributes attributes, int vocab) {
    int[][] padded = attributes.paddedTable(vocab);
    this.table = tf.constant(padded);
    this.count = attributes.count();
    this.width = padded[0].length;
  }

  /** items [n] (dense ids) → [n, attributes]: 1 where the item has the attribute. */
  Operand<TFloat32> of(Ops tf, Operand<TInt32> items) {
    Operand<TInt32> ids = tf.gather(table, items, tf.constant(0));
    Operand<TInt32> n = Dims.size(tf, items, 0);
    Operand<TInt32> rows = tf.tile(tf.expandDims(tf.range(tf.constant(0), n, tf.constant(1)), tf.constant(1)),
        tf.constant(new int[] {1, width}));
    Operand<TInt32> at = tf.stack(List.of(rows, ids), org.tensorflow.op.core.Stack.axis(-1L));
    Operand<TFloat32> ones = tf.onesLike(tf.dtypes.cast(ids, TFloat32.class));
    // Real attribute columns get one 1 each (the reader keeps ids distinct); padding sums into the last.
    Operand<TFloat32> dense = tf.scatterNd(at, ones, tf.stack(List.of(n, tf.constant(count + 1))));
    return tf.slice(dense, tf.constant(new int[] {0, 0}), tf.constant(new int[] {-1, count}));
  }

  int count() {
    return count;
  }
}
