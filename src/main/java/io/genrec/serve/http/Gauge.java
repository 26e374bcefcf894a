package io.genrec.serve.http;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/** A Prometheus gauge family holding whole numbers (e.g. the version being served). */
final class Gauge extends MetricFamily<AtomicLong> {
  Gauge(String name, String help, String... labels) {
    super(name, help, "gauge", List.of(labels), AtomicLong::new);
  }

  void set(long value, String... labels) {
    series(labels).set(value);
  }

  @Override
  void renderSeries(StringBuilder out, List<String> values, AtomicLong state) {
    sample(out, "", values, null, null, Long.toString(state.get()));
  }
}
