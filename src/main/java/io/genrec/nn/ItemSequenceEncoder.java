package io.genrec.nn;

import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TBool;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * SASRec's encoder of item sequences: scaled item embeddings plus learned positions, dropout, a stack
 * of transformer blocks and (pre-norm) a final LayerNorm. SASRec runs it causally; DiffSASRec runs
 * the same blocks bidirectionally over sequences that contain mask tokens. Variables live under
 * {@code scope/}: {@code items}, {@code positions}, {@code block_i}, {@code final_norm}.
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

  /**
   * The item table {@code scope/items} [vocab, hidden], row 0 = padding. It doubles as the output
   * layer ({@link Embedding#logits}).
   */
  public Embedding items(Params params, int vocab) {
    return Embedding.create(params, scope + "/items", vocab, hidden, Init.truncatedNormal(0.02f), false);
  }

  /** ids [batch, maxLength] (0 = padding) → hidden states [batch, maxLength, hidden]. */
  public Operand<TFloat32> encode(Params params, Embedding items, Operand<TInt32> ids) {
    Ops tf = params.tf();
    Operand<TFloat32> x = tf.math.mul(items.lookup(ids), tf.constant((float) Math.sqrt(hidden)));
    x = Positions.add(tf, x, Positions.learned(params, scope + "/positions", maxLength, hidden,
        Init.truncatedNormal(0.02f), false));
    x = Dropout.apply(params, x, dropout);
    // Padding positions are zeroed after every block (as the original code does), so they never
    // leak into real positions through the residual stream.
    Operand<TFloat32> keep = tf.expandDims(tf.dtypes.cast(Masks.notPadding(tf, ids), TFloat32.class),
        tf.constant(-1));
    x = tf.math.mul(x, keep);
    Operand<TBool> mask = attention == Attention.CAUSAL
        ? Masks.both(tf, Masks.causal(tf, maxLength), Masks.keyPadding(tf, ids))
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
}
