package io.genrec.serve.http;

import io.genrec.config.Require;
import io.genrec.config.Section;

/**
 * What one predict request may ask for; anything beyond is a 400 naming the limit, before any
 * session work.
 *
 * @param maxHistory items in one history (the model reads only its most recent ones anyway)
 * @param maxK items one user may ask for
 * @param maxInstances users in one request
 * @param maxBodyBytes size of the request body
 */
public record RequestLimits(int maxHistory, int maxK, int maxInstances, int maxBodyBytes) implements Section {
  public static RequestLimits defaults() {
    return new RequestLimits(1024, 1000, 1024, 4 << 20);
  }

  @Override
  public void validate(String p) {
    Require.positive(p + ".max_history", maxHistory);
    Require.positive(p + ".max_k", maxK);
    Require.positive(p + ".max_instances", maxInstances);
    Require.positive(p + ".max_body_bytes", maxBodyBytes);
  }
}
