package io.genrec.serve.http;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A request path read the way TF Serving's REST server reads it.
 *
 * @param kind what is asked
 * @param model the model name (null for {@link Kind#METRICS})
 * @param version the version asked for, or null for the one served
 */
record Route(Kind kind, String model, Long version) {
  enum Kind {
    STATUS("status", "GET"),
    METADATA("metadata", "GET"),
    PREDICT("predict", "POST"),
    METRICS("metrics", "GET");

    /** The route label of the request metrics. */
    final String label;
    final String method;

    Kind(String label, String method) {
      this.label = label;
      this.method = method;
    }
  }

  /** TF Serving's own patterns: {@code /v1/models/NAME[/versions/N][/labels/L][:verb]} and {@code .../metadata}. */
  private static final Pattern MODEL =
      Pattern.compile("/v1/models/([^/:]+)(?:/versions/(\\d+)|/labels/([^/:]+))?(?::([A-Za-z]+))?");
  private static final Pattern METADATA = Pattern.compile("/v1/models/([^/:]+)(?:/versions/(\\d+))?/metadata");

  /** @throws HttpError 404 for a path that is none of the endpoints, 400 for what genrec does not serve */
  static Route parse(String path) {
    if (path.equals("/metrics") || path.equals("/monitoring/prometheus/metrics")) return new Route(Kind.METRICS, null, null);
    Matcher m = METADATA.matcher(path);
    if (m.matches()) return new Route(Kind.METADATA, m.group(1), version(m.group(2)));
    m = MODEL.matcher(path);
    if (!m.matches()) {
      throw HttpError.notFound("no such endpoint: " + path + " (endpoints: /v1/models/NAME[/versions/N],"
          + " .../metadata, ...:predict, /metrics)");
    }
    if (m.group(3) != null) throw HttpError.badRequest("version labels are not served; ask for /versions/N");
    String verb = m.group(4);
    if (verb == null) return new Route(Kind.STATUS, m.group(1), version(m.group(2)));
    if (verb.equals("predict")) return new Route(Kind.PREDICT, m.group(1), version(m.group(2)));
    throw HttpError.badRequest(":" + verb + " is not served: genrec models have predict signatures only (use :predict)");
  }

  private static Long version(String digits) {
    if (digits == null) return null;
    try {
      return Long.parseLong(digits);
    } catch (NumberFormatException e) {
      throw HttpError.badRequest("version " + digits + " is not an int64");
    }
  }

  /** TF Serving's words for a model or version it has not got. */
  String notFoundMessage() {
    return "Servable not found for request: " + (version == null ? "Latest(" + model + ")"
        : "Specific(" + model + ", " + version + ")");
  }
}
