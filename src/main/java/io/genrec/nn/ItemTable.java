package io.genrec.nn;

import org.tensorflow.Operand;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.family.TNumber;

/**
 * Where a model reads its item vectors: one {@code [dim]} vector per item id, id 0 = padding (a
 * zero vector). A learned {@link Embedding} is one; a table whose item vector is pooled from code
 * embeddings (VQ-Rec) is another, and {@link ItemSequenceEncoder} encodes histories over either.
 * Implementations build their ops with the {@link Params} they were made with.
 */
public interface ItemTable {
  /** Vectors for {@code ids} (int32 or int64, any shape): ids.shape + [dim]; padding ids give zeros. */
  Operand<TFloat32> lookup(Operand<? extends TNumber> ids);

  /** Every item's vector, [vocab, dim], row 0 = padding. */
  Operand<TFloat32> table();

  /** Scores of {@code h} [n, dim] against every item, {@code h · table()ᵀ}: [n, vocab]. */
  Operand<TFloat32> logits(Operand<TFloat32> h);

  /** Width of every vector. */
  int dim();
}
