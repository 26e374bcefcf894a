package io.genrec.serve.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Prometheus text exposition: the exact lines a scraper parses. */
class ServingMetricsTest {
  @Test
  void histogramBucketsAreCumulativeAndTheCountAddsUp() {
    Histogram h = new Histogram("x_seconds", "Some times.", new double[] {0.01, 0.1, 1}, "model");
    h.observe(0.005, "a");
    h.observe(0.01, "a");  // on a bound: counted in it (le = less or equal)
    h.observe(0.5, "a");
    h.observe(7, "a");
    StringBuilder out = new StringBuilder();
    h.render(out);
    assertEquals(String.join("\n",
        "# HELP x_seconds Some times.",
        "# TYPE x_seconds histogram",
        "x_seconds_bucket{model=\"a\",le=\"0.01\"} 2",
        "x_seconds_bucket{model=\"a\",le=\"0.1\"} 2",
        "x_seconds_bucket{model=\"a\",le=\"1\"} 3",
        "x_seconds_bucket{model=\"a\",le=\"+Inf\"} 4",
        "x_seconds_sum{model=\"a\"} 7.515",
        "x_seconds_count{model=\"a\"} 4", ""), out.toString());
  }

  @Test
  void countersByLabelsWithValuesEscaped() {
    Counter c = new Counter("r_total", "Requests.", "model", "code");
    c.inc("b", "200");
    c.inc("a\"x\\", "404");
    c.inc("b", "200");
    StringBuilder out = new StringBuilder();
    c.render(out);
    List<String> lines = out.toString().lines().toList();
    assertEquals("# TYPE r_total counter", lines.get(1));
    assertEquals("r_total{model=\"a\\\"x\\\\\",code=\"404\"} 1", lines.get(2));
    assertEquals("r_total{model=\"b\",code=\"200\"} 2", lines.get(3));
  }

  @Test
  void requestsCountErrorsApartAndBatchesBySize() {
    ServingMetrics m = new ServingMetrics();
    m.request("sasrec", "predict", 200, 0.002);
    m.request("sasrec", "predict", 400, 0.001);
    m.request("", "status", 404, 0.001);
    m.batch("sasrec", 3, 0.0001, 0.004);
    String text = m.render();
    assertTrue(text.contains("genrec_http_requests_total{model=\"sasrec\",route=\"predict\",code=\"200\"} 1\n"), text);
    assertTrue(text.contains("genrec_http_request_errors_total{model=\"sasrec\",route=\"predict\",code=\"400\"} 1\n"));
    assertTrue(text.contains("genrec_http_request_errors_total{model=\"\",route=\"status\",code=\"404\"} 1\n"));
    assertTrue(!text.contains("genrec_http_request_errors_total{model=\"sasrec\",route=\"predict\",code=\"200\"}"));
    assertTrue(text.contains("genrec_batch_size_bucket{model=\"sasrec\",le=\"2\"} 0\n"), text);
    assertTrue(text.contains("genrec_batch_size_bucket{model=\"sasrec\",le=\"4\"} 1\n"));
    assertTrue(text.contains("genrec_http_request_duration_seconds_count{model=\"sasrec\",route=\"predict\"} 2\n"));
  }
}
