package io.genrec.serve.http;

import java.util.List;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;

/**
 * A Prometheus histogram family with fixed bucket bounds. The count is rendered as the sum of the
 * buckets, so a scrape taken while observations land still adds up.
 */
final class Histogram extends MetricFamily<Histogram.Series> {
  private final double[] bounds;

  static final class Series {
    private final LongAdder[] buckets;
    private final DoubleAdder sum = new DoubleAdder();

    private Series(int n) {
      buckets = new LongAdder[n + 1];
      for (int i = 0; i < buckets.length; i++) buckets[i] = new LongAdder();
    }
  }

  /** @param bounds increasing upper bounds; +Inf is added */
  Histogram(String name, String help, double[] bounds, String... labels) {
    super(name, help, "histogram", List.of(labels), () -> new Series(bounds.length));
    for (int i = 1; i < bounds.length; i++) {
      if (!(bounds[i] > bounds[i - 1])) throw new IllegalArgumentException(name + ": bucket bounds must increase");
    }
    this.bounds = bounds.clone();
  }

  void observe(double value, String... labels) {
    Series s = series(labels);
    int i = 0;
    while (i < bounds.length && value > bounds[i]) i++;
    s.buckets[i].increment();
    s.sum.add(value);
  }

  /** Observations so far in the series. */
  long count(String... labels) {
    long n = 0;
    for (LongAdder b : series(labels).buckets) n += b.sum();
    return n;
  }

  @Override
  void renderSeries(StringBuilder out, List<String> values, Series s) {
    long cumulative = 0;
    for (int i = 0; i <= bounds.length; i++) {
      cumulative += s.buckets[i].sum();
      double le = i < bounds.length ? bounds[i] : Double.POSITIVE_INFINITY;
      sample(out, "_bucket", values, "le", number(le), Long.toString(cumulative));
    }
    sample(out, "_sum", values, null, null, number(s.sum.sum()));
    sample(out, "_count", values, null, null, Long.toString(cumulative));
  }
}
