package io.genrec.serve.http;

/**
 * What {@code GET /metrics} reports, in Prometheus' text format: requests and errors by model, route
 * and status code, request latency, and per session call the users batched, the time the first of
 * them queued and the call's own time. A request for an unknown model is counted under model "".
 */
public final class ServingMetrics {
  /** Prometheus' text exposition format. */
  public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  private static final double[] SECONDS = {
      0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};
  private static final double[] ROWS = {1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024};

  final Counter requests = new Counter("genrec_http_requests_total",
      "HTTP requests answered, by model, route and status code.", "model", "route", "code");
  final Counter errors = new Counter("genrec_http_request_errors_total",
      "HTTP requests answered with an error status (4xx, 5xx).", "model", "route", "code");
  final Histogram latency = new Histogram("genrec_http_request_duration_seconds",
      "Time from reading a request to its reply written.", SECONDS, "model", "route");
  final Histogram batchSize = new Histogram("genrec_batch_size",
      "Users (rows) per session call.", ROWS, "model");
  final Histogram queueWait = new Histogram("genrec_batch_queue_wait_seconds",
      "Time the oldest request of a session call waited in the queue.", SECONDS, "model");
  final Histogram batchRun = new Histogram("genrec_batch_run_duration_seconds",
      "Time of one session call, tensors in and out included.", SECONDS, "model");
  final Gauge version = new Gauge("genrec_model_version", "Version being served.", "model");
  final Counter loadFailures = new Counter("genrec_model_load_failures_total",
      "Model versions that failed to load.", "model");

  void request(String model, String route, int status, double seconds) {
    String code = Integer.toString(status);
    requests.inc(model, route, code);
    if (status >= 400) errors.inc(model, route, code);
    latency.observe(seconds, model, route);
  }

  void batch(String model, int rows, double queuedSeconds, double runSeconds) {
    batchSize.observe(rows, model);
    queueWait.observe(queuedSeconds, model);
    batchRun.observe(runSeconds, model);
  }

  void loaded(String model, long v) {
    version.set(v, model);
  }

  void loadFailed(String model) {
    loadFailures.inc(model);
  }

  /** Every metric in the text format. */
  public String render() {
    StringBuilder out = new StringBuilder();
    for (MetricFamily<?> f : new MetricFamily<?>[] {
        requests, errors, latency, batchSize, queueWait, batchRun, version, loadFailures}) {
      f.render(out);
    }
    return out.toString();
  }
}
