package io.genrec.nn;

import org.tensorflow.Operand;
import org.tensorflow.types.TBool;
import org.tensorflow.types.TFloat32;

/**
 * Self-attention then feed-forward, each residual with its own LayerNorm.
 * Variables under {@code name/}: {@code self_attention}, {@code self_attention_norm},
 * {@code feed_forward}, {@code feed_forward_norm}.
 */
public record TransformerEncoderBlock(TransformerBlockConfig config) {

  /** x [batch, length, modelDim]; mask (may be null) broadcasts to [batch, heads, length, length]. */
  public Operand<TFloat32> apply(Params params, String name, Operand<TFloat32> x, Operand<TBool> mask) {
    Operand<TFloat32> attended = Residual.apply(params, name + "/self_attention_norm", config, x,
        h -> config.attention().self(params, name + "/self_attention", h, mask));
    return Residual.apply(params, name + "/feed_forward_norm", config, attended,
        h -> config.feedForward().apply(params, name + "/feed_forward", h));
  }
}
