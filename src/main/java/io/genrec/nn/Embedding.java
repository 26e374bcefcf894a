package io.genrec.nn;

import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.linalg.MatMul;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.family.TNumber;

/**
 * A learned lookup table [vocab, dim]: {@code name/table}.
 *
 * <p>With padding (the default) id 0 is the padding token: its looked-up vectors are multiplied by a
 * 0/1 mask, so padding contributes nothing downstream and row 0 receives exactly zero gradient. The
 * table itself is exposed for weight tying ({@link #logits}).
 */
public final class Embedding implements ItemTable {

  private final Params params;
  private final Param table;
  private final boolean padding;

  private Embedding(Params params, Param table, boolean padding) {
    this.params = params;
    this.table = table;
    this.padding = padding;
  }

  /** A table whose row 0 is padding. */
  public static Embedding create(Params params, String name, int vocab, int dim, Init init, boolean decay) {
    return new Embedding(params, params.variable(name + "/table", Shape.of(vocab, dim), init, decay), true);
  }

  /** A table with no padding row: every id, 0 included, is a real token. */
  public static Embedding createUnpadded(Params params, String name, int vocab, int dim, Init init,
      boolean decay) {
    return new Embedding(params, params.variable(name + "/table", Shape.of(vocab, dim), init, decay), false);
  }

  /** Vectors for {@code ids} (int32 or int64, any shape): result shape is ids.shape + [dim]. */
  @Override
  public Operand<TFloat32> lookup(Operand<? extends TNumber> ids) {
    Ops tf = params.tf();
    Operand<TFloat32> rows = tf.gather(table.value(), ids, tf.constant(0));
    if (!padding) {
      return rows;
    }
    Operand<TFloat32> keep = tf.dtypes.cast(Masks.notPadding(tf, ids), TFloat32.class);
    return tf.math.mul(rows, tf.expandDims(keep, tf.constant(-1)));
  }

  /** Scores against every row: {@code h · tableᵀ}, h of shape [n, dim] → [n, vocab]. */
  @Override
  public Operand<TFloat32> logits(Operand<TFloat32> h) {
    Ops tf = params.tf();
    return tf.linalg.matMul(h, table.value(), MatMul.transposeB(true));
  }

  /** The table read, [vocab, dim], for output projections or weight tying. */
  @Override
  public Operand<TFloat32> table() {
    return table.value();
  }

  public Param param() {
    return table;
  }

  public int vocab() {
    return (int) table.shape().get(0);
  }

  @Override
  public int dim() {
    return (int) table.shape().get(1);
  }
}
