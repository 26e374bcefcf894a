package io.genrec.nn;

/**
 * Weights of the blocks models are made of, counted from their widths alone, so a model can say how
 * large it will be before any graph exists (see {@code SequentialRecommender.parameterEstimate}).
 * Counts are what the blocks here create up to biases and norms, which are small beside them.
 */
public final class ParameterCounts {
  private ParameterCounts() {}

  /** An embedding table of {@code rows} × {@code width}. */
  public static long table(long rows, long width) {
    return rows * width;
  }

  /** Self-attention (query, key, value, output projections over {@code inner} = heads × head width). */
  public static long attention(long width, long inner) {
    return 4 * width * inner + 3 * inner + width;
  }

  /** A position-wise feed-forward block {@code width → ff → width}. */
  public static long feedForward(long width, long ff) {
    return 2 * width * ff + ff + width;
  }

  /** One encoder block: attention, feed-forward and two layer norms. */
  public static long encoderBlock(long width, long inner, long ff) {
    return attention(width, inner) + feedForward(width, ff) + 4 * width;
  }
}
