package io.genrec.serve.http;

import com.google.gson.JsonObject;
import io.genrec.config.ConfigReader;
import io.genrec.config.Precision;
import io.genrec.config.Require;
import io.genrec.config.Section;
import io.genrec.serve.ServingModel;

/**
 * {@code genrec serve --port}: the HTTP server, its batching and its request limits. Read like every
 * genrec config (unknown keys and bad ranges fail at start, naming the key).
 *
 * @param host address to bind; loopback by default, so exposing a model to the network is a choice
 * @param port TCP port (TF Serving's REST default 8501); 0 picks a free one
 * @param httpThreads threads that read requests and write replies (session calls have their own)
 * @param pollSeconds how often model directories are scanned for new versions; 0 never
 * @param intraOpThreads threads inside one TensorFlow op (0 = TensorFlow's choice)
 * @param interOpThreads TensorFlow ops run side by side (0 = TensorFlow's choice)
 * @param precision float32, or bf16 (oneDNN auto mixed precision, see {@link Precision})
 */
public record HttpServingConfig(
    String host,
    int port,
    int httpThreads,
    double pollSeconds,
    int intraOpThreads,
    int interOpThreads,
    Precision precision,
    BatchingConfig batching,
    RequestLimits limits)
    implements Section {

  public static HttpServingConfig defaults() {
    return new HttpServingConfig("127.0.0.1", 8501, Math.max(4, Runtime.getRuntime().availableProcessors()), 1.0,
        ServingModel.defaultIntraOpThreads(), ServingModel.DEFAULT_INTER_OP_THREADS, Precision.FLOAT32, BatchingConfig.defaults(),
        RequestLimits.defaults());
  }

  /** {@code user} (keys as in the record, snake_case) over the defaults, checked. */
  public static HttpServingConfig read(JsonObject user) {
    return ConfigReader.readRecord(user, HttpServingConfig.class, defaults(), "");
  }

  @Override
  public void validate(String p) {
    String prefix = p.isEmpty() ? "" : p + ".";
    Require.notBlank(prefix + "host", host);
    Require.inRange(prefix + "port", port, 0, 65535);
    Require.inRange(prefix + "http_threads", httpThreads, 1, 1024);
    Require.nonNegative(prefix + "poll_seconds", pollSeconds);
    Require.nonNegative(prefix + "intra_op_threads", intraOpThreads);
    Require.nonNegative(prefix + "inter_op_threads", interOpThreads);
    batching.validate(prefix + "batching");
    limits.validate(prefix + "limits");
  }
}
