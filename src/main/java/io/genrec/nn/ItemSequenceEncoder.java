package io.genrec.nn;

import io.genrec.config.Require;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Squeeze;
import org.tensorflow.types.TBool;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * SASRec's encoder of item sequences: scaled item vectors plus learned positions, dropout, a stack
 * of transformer blocks and (pre-norm) a final LayerNorm. SASRec runs it causally; DiffSASRec runs
 * the same blocks bidirectionally over sequences that contain mask tokens. Item vectors come from
 * an {@link ItemTable}: the learned table of {@link #items} or any other (e.g. pooled from code
 * embeddings). Variables live under {@code scope/}: {@code items} (the learned table only),
 * {@code positions}, {@code block_i}, {@code final_norm}.
 *
 * @param scope variable prefix, e.g. "sasrec"
 * @param maxLength width of every id matrix the encoder reads (and rows of the position table)
 * @param attention causal: position i sees 0..i; bidirectional: every non-padding position
 */
public record ItemSequenceEncoder(
    String scope,
    int hidden,
    int numBlocks,
    int numHeads,
    float dropout,
    Activation activation,
    boolean preNorm,
    int maxLength,
    Attention attention) {

  public enum Attention { CAUSAL, BIDIRECTIONAL }

  /** The weights {@link #items} over {@code vocab} rows, the positions and the blocks will hold. */
  public long parameterEstimate(long vocab) {
    return ParameterCounts.table(vocab, hidden) + ParameterCounts.table(maxLength, hidden)
        + numBlocks * ParameterCounts.encoderBlock(hidden, hidden, hidden) + 2L * hidden;
  }

  /**
   * Checks the keys every model built on this encoder shares ({@code prefix.hidden},
   * {@code .num_blocks}, {@code .num_heads}, {@code .dropout}), so they mean the same in each.
   */
  public static void validate(String prefix, int hidden, int numBlocks, int numHeads, double dropout) {
    Require.positive(prefix + ".hidden", hidden);
    Require.positive(prefix + ".num_blocks", numBlocks);
    Require.positive(prefix + ".num_heads", numHeads);
    Require.divisible(prefix + ".hidden", hidden, prefix + ".num_heads", numHeads);
    Require.inHalfOpen(prefix + ".dropout", dropout, 0, 1);
  }

  /**
   * The item table {@code scope/items} [vocab, hidden], row 0 = padding. It doubles as the output
   * layer ({@link Embedding#logits}).
   */
  public Embedding items(Params params, int vocab) {
    return Embedding.create(params, scope + "/items", vocab, hidden, Init.truncatedNormal(0.02f), false);
  }

  /** A placeholder for an id matrix the encoder reads, int32 [batch, maxLength]. */
  public Placeholder<TInt32> ids(Ops tf, String name) {
    return tf.withName(name).placeholder(TInt32.class, Placeholder.shape(Shape.of(-1, maxLength)));
  }

  /**
   * A placeholder for left-padded ids of any width up to maxLength, int32 [batch, -1]: training
   * batches cut to their longest history ({@link #encode} gives their real positions the outputs of
   * the full-width batch).
   */
  public Placeholder<TInt32> idsOfAnyWidth(Ops tf, String name) {
    return tf.withName(name).placeholder(TInt32.class, Placeholder.shape(Shape.of(-1, -1)));
  }

  /**
   * ids [batch, maxLength] (0 = padding) → hidden states [batch, maxLength, hidden]. Ids whose width
   * is known only at run time ({@link #idsOfAnyWidth}) are taken as left-padded: they get the last
   * {@code width} position rows, the ones their items have at full width, and the outputs at their
   * real positions equal the full-width ones (padding keys are masked and padding rows zeroed).
   */
  public Operand<TFloat32> encode(Params params, ItemTable items, Operand<TInt32> ids) {
    if (items.dim() != hidden) {
      throw new IllegalArgumentException(
          scope + ": item vectors have width " + items.dim() + ", the encoder's hidden size is " + hidden);
    }
    Ops tf = params.tf();
    Operand<TFloat32> x = tf.math.mul(items.lookup(ids), tf.constant((float) Math.sqrt(hidden)));
    Operand<TFloat32> positions = Positions.learned(params, scope + "/positions", maxLength, hidden,
        Init.truncatedNormal(0.02f), false);
    boolean runtimeWidth = ids.shape().isUnknown() || ids.shape().get(1) < 0;
    Operand<TInt32> width = runtimeWidth ? Dims.size(tf, ids, 1) : null;
    x = runtimeWidth
        ? tf.math.add(x, tf.slice(positions, tf.stack(List.of(tf.math.sub(tf.constant(maxLength), width),
            tf.constant(0))), tf.stack(List.of(width, tf.constant(-1)))))
        : Positions.add(tf, x, positions);
    x = Dropout.apply(params, x, dropout);
    // Padding positions are zeroed after every block (as the original code does), so they never
    // leak into real positions through the residual stream.
    Operand<TFloat32> keep = tf.expandDims(tf.dtypes.cast(Masks.notPadding(tf, ids), TFloat32.class),
        tf.constant(-1));
    x = tf.math.mul(x, keep);
    Operand<TBool> mask = attention == Attention.CAUSAL
        ? Masks.both(tf, runtimeWidth ? Masks.causal(tf, width) : Masks.causal(tf, maxLength),
            Masks.keyPadding(tf, ids))
        : Masks.keyPadding(tf, ids);
    TransformerBlockConfig block = TransformerBlockConfig.of(hidden, numHeads, hidden)
        .withActivation(activation)
        .withDropout(dropout, dropout)
        .withPreNorm(preNorm)
        .withLayerNormEpsilon(1e-8f);
    for (int b = 0; b < numBlocks; b++) {
      x = tf.math.mul(new TransformerEncoderBlock(block).apply(params, scope + "/block_" + b, x, mask), keep);
    }
    if (preNorm) {
      x = new LayerNorm(hidden, 1e-8f).apply(params, scope + "/final_norm", x);
    }
    return x;
  }

  /** The hidden state at the last position, [batch, hidden]: what ranks the next item. */
  public Operand<TFloat32> last(Ops tf, Operand<TFloat32> h) {
    return tf.squeeze(
        tf.slice(h, tf.constant(new int[] {0, maxLength - 1, 0}), tf.constant(new int[] {-1, 1, -1})),
        Squeeze.axis(List.of(1L)));
  }
}
