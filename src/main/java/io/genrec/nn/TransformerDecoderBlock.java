package io.genrec.nn;

import org.tensorflow.Operand;
import org.tensorflow.ndarray.index.Indices;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TBool;
import org.tensorflow.types.TFloat32;

/**
 * Causal self-attention, cross-attention over an encoder memory, then feed-forward; each residual with
 * its own LayerNorm. The causal mask is always applied here, so a caller cannot forget it.
 * Variables under {@code name/}: {@code self_attention(_norm)}, {@code cross_attention(_norm)},
 * {@code feed_forward(_norm)}.
 */
public record TransformerDecoderBlock(TransformerBlockConfig config) {

  /**
   * @param x target-side states [batch, length, modelDim]
   * @param memory encoder output [batch, memoryLength, memoryDim]
   * @param targetMask extra self-attention mask AND-ed with the causal one (e.g. padding); may be null
   * @param memoryMask cross-attention mask, e.g. {@link Masks#keyPadding} of the source ids; may be null
   */
  public Operand<TFloat32> apply(Params params, String name, Operand<TFloat32> x, Operand<TFloat32> memory,
      Operand<TBool> targetMask, Operand<TBool> memoryMask) {
    Ops tf = params.tf();
    long length = x.shape().isUnknown() ? -1 : x.shape().get(1);
    Operand<TBool> causal = length >= 0
        ? Masks.causal(tf, (int) length)
        : Masks.causal(tf, tf.stridedSlice(tf.shape(x), Indices.at(1)));
    Operand<TBool> selfMask = targetMask == null ? causal : Masks.both(tf, causal, targetMask);
    Operand<TFloat32> attended = Residual.apply(params, name + "/self_attention_norm", config, x,
        h -> config.attention().self(params, name + "/self_attention", h, selfMask));
    Operand<TFloat32> crossed = Residual.apply(params, name + "/cross_attention_norm", config, attended,
        h -> config.attention().apply(params, name + "/cross_attention", h, memory, memoryMask));
    return Residual.apply(params, name + "/feed_forward_norm", config, crossed,
        h -> config.feedForward().apply(params, name + "/feed_forward", h));
  }
}
