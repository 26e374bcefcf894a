package io.genrec.serve.http;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * One Prometheus metric and its labelled series, rendered in the text exposition format (0.0.4).
 * Label values are only ever model names the server knows and fixed words, so series stay few.
 *
 * @param <S> one series' state
 */
abstract class MetricFamily<S> {
  private final String name;
  private final String help;
  private final String type;
  private final List<String> labels;
  private final Map<List<String>, S> series = new ConcurrentHashMap<>();
  private final Supplier<S> fresh;

  MetricFamily(String name, String help, String type, List<String> labels, Supplier<S> fresh) {
    this.name = name;
    this.help = help;
    this.type = type;
    this.labels = labels;
    this.fresh = fresh;
  }

  String name() {
    return name;
  }

  S series(String... values) {
    if (values.length != labels.size()) {
      throw new IllegalArgumentException(name + " takes labels " + labels + ", got " + values.length + " values");
    }
    return series.computeIfAbsent(List.of(values), v -> fresh.get());
  }

  void render(StringBuilder out) {
    out.append("# HELP ").append(name).append(' ').append(help).append('\n');
    out.append("# TYPE ").append(name).append(' ').append(type).append('\n');
    List<Map.Entry<List<String>, S>> sorted = new ArrayList<>(series.entrySet());
    sorted.sort(Comparator.comparing(e -> String.join("\u0000", e.getKey())));
    for (Map.Entry<List<String>, S> e : sorted) renderSeries(out, e.getKey(), e.getValue());
  }

  abstract void renderSeries(StringBuilder out, List<String> labelValues, S state);

  /** {@code name{a="x",b="y"}} with an extra label appended when {@code extraName} is not null. */
  void sample(StringBuilder out, String suffix, List<String> values, String extraName, String extraValue,
      String number) {
    out.append(name).append(suffix);
    if (!labels.isEmpty() || extraName != null) {
      out.append('{');
      for (int i = 0; i < labels.size(); i++) {
        if (i > 0) out.append(',');
        out.append(labels.get(i)).append("=\"").append(escape(values.get(i))).append('"');
      }
      if (extraName != null) {
        if (!labels.isEmpty()) out.append(',');
        out.append(extraName).append("=\"").append(escape(extraValue)).append('"');
      }
      out.append('}');
    }
    out.append(' ').append(number).append('\n');
  }

  static String number(double v) {
    if (v == Double.POSITIVE_INFINITY) return "+Inf";
    if (v == Math.rint(v) && Math.abs(v) < 1e15) return Long.toString((long) v);
    return Double.toString(v);
  }

  private static String escape(String v) {
    return v.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
  }
}
