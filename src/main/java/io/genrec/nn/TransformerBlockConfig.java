package io.genrec.nn;

/**
 * Hyperparameters shared by {@link TransformerEncoderBlock} and {@link TransformerDecoderBlock}.
 *
 * @param preNorm true: {@code x + f(norm(x))} (stable for deep stacks; the stack then needs a final
 *     {@link LayerNorm}); false: {@code norm(x + f(x))} as in the original Transformer
 * @param dropout residual dropout on each sub-layer output and inside the feed-forward
 * @param attentionDropout dropout on attention probabilities
 */
public record TransformerBlockConfig(int modelDim, int numHeads, int headDim, int ffDim, Activation activation,
    float dropout, float attentionDropout, boolean preNorm, float layerNormEpsilon) {

  /** Head size modelDim / numHeads, ReLU, no dropout, post-norm, epsilon 1e-5. */
  public static TransformerBlockConfig of(int modelDim, int numHeads, int ffDim) {
    if (modelDim % numHeads != 0) {
      throw new IllegalArgumentException("modelDim " + modelDim + " not divisible by numHeads " + numHeads);
    }
    return new TransformerBlockConfig(modelDim, numHeads, modelDim / numHeads, ffDim, Activation.RELU, 0f, 0f,
        false, 1e-5f);
  }

  public TransformerBlockConfig withHeadDim(int value) {
    return new TransformerBlockConfig(modelDim, numHeads, value, ffDim, activation, dropout, attentionDropout,
        preNorm, layerNormEpsilon);
  }

  public TransformerBlockConfig withActivation(Activation value) {
    return new TransformerBlockConfig(modelDim, numHeads, headDim, ffDim, value, dropout, attentionDropout,
        preNorm, layerNormEpsilon);
  }

  public TransformerBlockConfig withDropout(float residual, float attention) {
    return new TransformerBlockConfig(modelDim, numHeads, headDim, ffDim, activation, residual, attention,
        preNorm, layerNormEpsilon);
  }

  public TransformerBlockConfig withPreNorm(boolean value) {
    return new TransformerBlockConfig(modelDim, numHeads, headDim, ffDim, activation, dropout, attentionDropout,
        value, layerNormEpsilon);
  }

  public TransformerBlockConfig withLayerNormEpsilon(float value) {
    return new TransformerBlockConfig(modelDim, numHeads, headDim, ffDim, activation, dropout, attentionDropout,
        preNorm, value);
  }

  MultiHeadAttention attention() {
    return MultiHeadAttention.of(modelDim, numHeads).withHeadDim(headDim).withDropout(attentionDropout);
  }

  FeedForward feedForward() {
    return FeedForward.of(modelDim, ffDim, activation).withDropout(dropout);
  }

  LayerNorm norm() {
    return new LayerNorm(modelDim, layerNormEpsilon);
  }
}
