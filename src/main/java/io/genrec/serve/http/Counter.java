package io.genrec.serve.http;

import java.util.List;
import java.util.concurrent.atomic.LongAdder;

/** A Prometheus counter family: counts that only go up. */
final class Counter extends MetricFamily<LongAdder> {
  Counter(String name, String help, String... labels) {
    super(name, help, "counter", List.of(labels), LongAdder::new);
  }

  void inc(String... labels) {
    series(labels).increment();
  }

  long get(String... labels) {
    return series(labels).sum();
  }

  @Override
  void renderSeries(StringBuilder out, List<String> values, LongAdder state) {
    sample(out, "", values, null, null, Long.toString(state.sum()));
  }
}
