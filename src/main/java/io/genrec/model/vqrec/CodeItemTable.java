package io.genrec.model.vqrec;

import io.genrec.nn.Init;
import io.genrec.nn.ItemTable;
import io.genrec.nn.Masks;
import io.genrec.nn.Param;
import io.genrec.nn.Params;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Unique;
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
  /** The code-embedding rows pooled: the table's value, or a re-mapping of it. */
  private final Operand<TFloat32> rows;
  private final Operand<TInt32> itemCodes;
  private final int subvectors;

  private CodeItemTable(Params params, Param table, Operand<TFloat32> rows, Operand<TInt32> itemCodes,
      int subvectors) {
    this.params = params;
    this.table = table;
    this.rows = rows;
    this.itemCodes = itemCodes;
    this.subvectors = subvectors;
  }

  /** The code table (created, or reused through an inference view) over the items' codes as a constant. */
  public static CodeItemTable create(Params params, ItemCodes codes, int hidden) {
    Param table = params.variable(TABLE, Shape.of(codes.tableRows(), hidden), Init.truncatedNormal(0.02f), false);
    return new CodeItemTable(params, table, table.value(), params.tf().constant(codes.rows()), codes.subvectors());
  }

  /**
   * The same items over other code-embedding rows (same shape as the table, e.g. the table re-mapped
   * by a permutation while it is being learned); {@link #param} stays the table.
   */
  public CodeItemTable remapped(Operand<TFloat32> codeEmbeddingRows) {
    return new CodeItemTable(params, table, codeEmbeddingRows, itemCodes, subvectors);
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
    Operand<TFloat32> embedded = tf.gather(rows, codeRows, tf.constant(0));
    Operand<TFloat32> keep = tf.expandDims(tf.dtypes.cast(Masks.notPadding(tf, codeRows), TFloat32.class),
        tf.constant(-1));
    Operand<TFloat32> sum = tf.reduceSum(tf.math.mul(embedded, keep), tf.constant(-2));
    return tf.math.mul(sum, tf.constant(1f / subvectors));
  }

  /**
   * Pools each distinct id once, then spreads the vectors: a batch of histories holds far fewer
   * distinct items than positions, and pooling every position would materialise
   * [batch, length, D, hidden] (about 4 GB for 2048 histories of 50 at D 32, hidden 300).
   */
  @Override
  public Operand<TFloat32> lookup(Operand<? extends TNumber> ids) {
    Ops tf = params.tf();
    Operand<TInt32> flat = tf.reshape(tf.dtypes.cast(ids, TInt32.class), tf.constant(new int[] {-1}));
    Unique<TInt32, TInt32> distinct = tf.unique(flat, tf.constant(new int[] {0}));
    Operand<TFloat32> vectors = tf.gather(pool(codesOf(distinct.y())), distinct.idx(), tf.constant(0));
    return tf.reshape(vectors, outputShape(tf, ids));
  }

  /** ids.shape + [hidden], static where ids' shape is (all but the first dimension known). */
  private Operand<TInt32> outputShape(Ops tf, Operand<?> ids) {
    Shape shape = ids.shape();
    if (!shape.isUnknown()) {
      int rank = shape.numDimensions();
      if (rank == 0) return tf.constant(new int[] {dim()});
      boolean known = true;
      for (int i = 1; i < rank; i++) known &= shape.get(i) >= 0;
      if (known) {
        int[] dims = new int[rank + 1];
        dims[0] = -1;
        for (int i = 1; i < rank; i++) dims[i] = (int) shape.get(i);
        dims[rank] = dim();
        return tf.constant(dims);
      }
    }
    return tf.concat(java.util.List.of(tf.shape(ids), tf.constant(new int[] {dim()})), tf.constant(0));
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
