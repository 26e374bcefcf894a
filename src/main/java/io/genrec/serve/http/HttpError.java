package io.genrec.serve.http;

/**
 * A request that cannot be answered, with the status TF Serving gives for it; the client gets
 * {@code {"error": message}}.
 */
public final class HttpError extends RuntimeException {
  private final int status;

  HttpError(int status, String message) {
    super(message);
    this.status = status;
  }

  public int status() {
    return status;
  }

  static HttpError badRequest(String message) {
    return new HttpError(400, message);
  }

  static HttpError notFound(String message) {
    return new HttpError(404, message);
  }

  static HttpError overloaded(String message) {
    return new HttpError(503, message);
  }
}
