package io.genrec.serve.http;

import io.genrec.config.Require;
import io.genrec.config.Section;

/**
 * How concurrent predict requests for one model version are merged into session calls; the names
 * follow TF Serving's batching parameters.
 *
 * @param maxBatchSize most users (rows) in one session call; 1 turns batching off. A single request
 *     with more rows than this runs alone, never split
 * @param batchTimeoutMicros how long a batch's first request waits for more to fill it; 0 waits for
 *     nothing, so batches hold what queued while the previous call ran (no added latency when idle)
 * @param maxQueuedRequests requests waiting for a session call; one more is refused with 503 at once
 * @param numBatchThreads session calls run side by side per model version
 */
public record BatchingConfig(int maxBatchSize, long batchTimeoutMicros, int maxQueuedRequests, int numBatchThreads)
    implements Section {
  public static BatchingConfig defaults() {
    return new BatchingConfig(32, 0, 256, 1);
  }

  @Override
  public void validate(String p) {
    Require.positive(p + ".max_batch_size", maxBatchSize);
    Require.inRange(p + ".batch_timeout_micros", batchTimeoutMicros, 0, 10_000_000);
    Require.positive(p + ".max_queued_requests", maxQueuedRequests);
    Require.inRange(p + ".num_batch_threads", numBatchThreads, 1, 256);
  }
}
