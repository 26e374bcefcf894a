package io.genrec.tokenize;

/**
 * Names of the RQ-VAE SavedModel's {@code serving_default} signature: item embeddings in, semantic
 * ID codes out (before any collision level, which depends on the whole catalog).
 */
public final class RqVaeSignature {
  public static final String KEY = "serving_default";
  public static final String TAG = "serve";
  /** float32 [batch, dim]: item content embeddings, as the tokenizer was fitted on. */
  public static final String EMBEDDING = "embedding";
  /** int64 [batch, levels]: the code of each level, in [0, codebook size). */
  public static final String CODES = "codes";

  private RqVaeSignature() {}
}
