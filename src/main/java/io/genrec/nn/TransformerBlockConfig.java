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

  public TransformerBlockConfig {
    if (modelDim < 1 || numHeads < 1 || headDim < 1 || ffDim < 1) {
      throw new IllegalArgumentException("block sizes must be positive: modelDim " + modelDim + ", numHeads "
          + numHeads + ", headDim " + headDim + ", ffDim " + ffDim);
    }
  }

  /** Head size modelDim / numHeads, ReLU, no dropout, post-norm, epsilon 1e-5. */
  public static TransformerBlockConfig of(int modelDim, int numHeads, int ffDim) {
    if (modelDim % numHeads != 0) {
      throw new IllegalArgumentException("modelDim " + modelDim + " not divisible by numHeads " + numHeads
          + "; give the head size explicitly (of(modelDim, numHeads, headDim, ffDim))");
    }
    return of(modelDim, numHeads, modelDim / numHeads, ffDim);
  }

  /**
   * Heads of {@code headDim} each, whose total width need not be the model width (TIGER: 6 heads of
   * 64 over d_model 128); ReLU, no dropout, post-norm, epsilon 1e-5.
   */
  public static TransformerBlockConfig of(int modelDim, int numHeads, int headDim, int ffDim) {
    return new TransformerBlockConfig(modelDim, numHeads, headDim, ffDim, Activation.RELU, 0f, 0f, false, 1e-5f);
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

  /**
   * The blocks' attention. Built from the head size directly: {@code MultiHeadAttention.of} derives the
   * head size from a model width divisible by the head count, which a free head size need not be.
   */
  public MultiHeadAttention attention() {
    return new MultiHeadAttention(modelDim, numHeads, headDim, attentionDropout, true);
  }

  /** The blocks' feed-forward (dropout included; it is active in training builds only). */
  public FeedForward feedForward() {
    return FeedForward.of(modelDim, ffDim, activation).withDropout(dropout);
  }

  /** The LayerNorm of every residual (and of a pre-norm stack's closing norm). */
  public LayerNorm norm() {
    return new LayerNorm(modelDim, layerNormEpsilon);
  }
}
