package io.genrec.serve.http;

import java.util.Map;

/**
 * One parsed {@code :predict} request: its users' histories and what each asked for.
 *
 * @param signature the signature it runs (checked servable)
 * @param format how the client wrote it, and so how the reply is written
 * @param histories original item ids per user, oldest first; null for a string-id signature
 * @param ks items per user, 0 = the signature's default
 * @param rowInputs one int64 per user for each extra input given (-1 for a user who gave none)
 * @param textHistories for a string-id signature ({@link ServedSignature#stringIds}) the ids as
 *     text, else null
 */
record PredictRequest(ServedSignature signature, Format format, long[][] histories, int[] ks,
    Map<String, long[]> rowInputs, String[][] textHistories) {

  PredictRequest(ServedSignature signature, Format format, long[][] histories, int[] ks, Map<String, long[]> rowInputs) {
    this(signature, format, histories, ks, rowInputs, null);
  }

  /** TF Serving's two JSON request formats. */
  enum Format {
    /** {@code {"instances": [...]}} answered with {@code {"predictions": [...]}}. */
    ROW,
    /** {@code {"inputs": {...}}} answered with {@code {"outputs": {...}}}. */
    COLUMNAR
  }

  int size() {
    return histories != null ? histories.length : textHistories.length;
  }

  /** Items returned to user {@code i}: asked, else the default, else all the model returns. */
  int cut(int i) {
    if (ks[i] > 0) return ks[i];
    return signature.defaultK() > 0 ? signature.defaultK() : Integer.MAX_VALUE;
  }
}
