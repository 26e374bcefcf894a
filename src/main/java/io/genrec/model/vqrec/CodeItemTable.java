package io.genrec.model.vqrec;

import io.genrec.nn.Init;
import io.genrec.nn.ItemTable;
import io.genrec.nn.Masks;
import io.genrec.nn.Param;
import io.genrec.nn.Params;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.linalg.MatMul;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.family.TNumber;

/**
 * VQ-Rec's items: an item's vector is the mean of its D code embeddings, computed in the graph from
 * the item's codes every time (never stored as a per-item table), so any item with codes, also one
 * no training row ever held, has a vector. Variable {@code vqrec/codes/table} [D·(K+1), hidden];
 * code row 0 is padding and contributes zero (the mean still divides by D, as VQ-Rec does).
 */
public final class CodeItemTable implements ItemTable {
  public static final String TABLE = "vqrec/codes/table";

  private final Params params;
  private final Param table;
  private final Operand<TInt32> itemCodes;
  private final int subvectors;

  private CodeItemTable(Params params, Param table, Operand<TInt32> itemCodes, int subvectors) {
    this.params = params;
    this.table = table;
    this.itemCodes = itemCodes;
    this.subvectors = subvectors;
  }

  /** The code table (created, or reused through an inference view) over the items' codes as a constant. */
  public static CodeItemTable create(Params params, ItemCodes codes, int hidden) {
    Param table = params.variable(TABLE, Shape.of(codes.tableRows(), hidden), Init.truncatedNormal(0.02f), false);
    return new CodeItemTable(params, table, params.tf().constant(codes.rows()), codes.subvectors());
  }

  /** Rows of the code table for ids' codes: ids.shape + [D]. */
  public Operand<TInt32> codesOf(Operand<? extends TNumber> ids) {
    return params.tf().gather(itemCodes, ids, params.tf().constant(0));
  }

  /**
   * The mean of the code embeddings of {@code codeRows} (int32, shape [..., D], table rows) over the
   * last axis: [..., hidden]. Row 0 counts as zero.
   */
  public Operand<TFloat32> pool(Operand<TInt32> codeRows) {
    Ops tf = params.tf();
    Operand<TFloat32> rows = tf.gather(table.value(), codeRows, tf.constant(0));
    Operand<TFloat32> keep = tf.expandDims(tf.dtypes.cast(Masks.notPadding(tf, codeRows), TFloat32.class),
        tf.constant(-1));
    Operand<TFloat32> sum = tf.reduceSum(tf.math.mul(rows, keep), tf.constant(-2));
    return tf.math.mul(sum, tf.constant(1f / subvectors));
  }

  @Override
  public Operand<TFloat32> lookup(Operand<? extends TNumber> ids) {
    return pool(codesOf(ids));
  }

  @Override
  public Operand<TFloat32> table() {
    return pool(itemCodes);
  }

  @Override
  public Operand<TFloat32> logits(Operand<TFloat32> h) {
    return params.tf().linalg.matMul(h, table(), MatMul.transposeB(true));
  }

  @Override
  public int dim() {
    return (int) table.shape().get(1);
  }

  public Param param() {
    return table;
  }
}
