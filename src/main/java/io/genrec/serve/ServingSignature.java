package io.genrec.serve;

/**
 * Names of the {@code serving_default} signature every genrec SavedModel carries; they follow TF
 * Serving's predict conventions (named int64/float32 tensors, batch first).
 */
public final class ServingSignature {
  public static final String KEY = "serving_default";
  public static final String TAG = "serve";
  /** The signature's method: TF Serving's predict API (which its model metadata reports). */
  public static final String METHOD = "tensorflow/serving/predict";
  /**
   * int64 [batch, length]: original item ids, oldest first; 0 = padding, unknown ids ignored. A
   * dataset whose ids are not all integers (e.g. Amazon ASINs) exports string ids instead, "" = padding.
   */
  public static final String HISTORY = "history";
  /** int32 scalar, optional: how many items to return (defaults to the export's k). */
  public static final String K = "k";
  /** int64 (or string, as {@link #HISTORY}) [batch, k]: original item ids, best first. */
  public static final String TOP_K_IDS = "top_k_ids";
  /** float32 [batch, k]: the model's scores of those items. */
  public static final String TOP_K_SCORES = "top_k_scores";
  /**
   * Not a signature entry: an int32 scalar constant in the graph, present when the model returns at
   * most that many items whatever {@code k} asks (TIGER: its beam); {@link ServingModel} refuses more.
   */
  public static final String MAX_K = "max_k";

  private ServingSignature() {}
}
