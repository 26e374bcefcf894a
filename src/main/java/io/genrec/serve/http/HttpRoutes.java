package io.genrec.serve.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.tensorflow.exceptions.TFInvalidArgumentException;

/**
 * Answers every endpoint. A predict request is read and checked on the HTTP thread, queued, and
 * answered from {@code replies} once its batch has run, so HTTP threads never wait on a session
 * and the batcher's queue is the only place requests wait (where the bound and the 503 live).
 */
final class HttpRoutes implements HttpHandler {
  private static final Logger LOG = LogManager.getLogger(HttpRoutes.class);
  private static final String JSON = "application/json";

  private final ModelRegistry registry;
  private final ServingMetrics metrics;
  private final RequestLimits limits;
  private final Executor replies;
  private final AtomicInteger inFlight = new AtomicInteger();
  private volatile boolean closing;

  HttpRoutes(ModelRegistry registry, ServingMetrics metrics, RequestLimits limits, Executor replies) {
    this.registry = registry;
    this.metrics = metrics;
    this.limits = limits;
    this.replies = replies;
  }

  private record Reply(int status, String contentType, byte[] body) {
    static Reply json(byte[] body) {
      return new Reply(200, JSON, body);
    }
  }

  /** One exchange and the labels its metrics get once known. */
  private static final class Call {
    final HttpExchange exchange;
    final long start = System.nanoTime();
    String route = "unknown";
    String model = "";
    String allow;

    Call(HttpExchange exchange) {
      this.exchange = exchange;
    }
  }

  @Override
  public void handle(HttpExchange exchange) {
    Call call = new Call(exchange);
    inFlight.incrementAndGet();
    try {
      if (closing) throw HttpError.overloaded("the server is shutting down");
      Route route = Route.parse(exchange.getRequestURI().getPath());
      call.route = route.kind().label;
      if (!route.kind().method.equals(exchange.getRequestMethod())) {
        call.allow = route.kind().method;
        throw new HttpError(405, exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath() + ": use "
            + route.kind().method);
      }
      switch (route.kind()) {
        case METRICS -> finish(call, new Reply(200, ServingMetrics.CONTENT_TYPE,
            metrics.render().getBytes(StandardCharsets.UTF_8)), null);
        case STATUS -> finish(call, status(route, call), null);
        case METADATA -> finish(call, Reply.json(ModelJson.metadata(served(route, call))), null);
        case PREDICT -> predict(route, call);
      }
    } catch (RuntimeException | Error e) {
      finish(call, null, e);
    }
  }

  private Reply status(Route route, Call call) {
    List<ModelRegistry.VersionState> states = registry.status(route.model());
    if (route.version() != null) states = states.stream().filter(s -> s.version() == route.version()).toList();
    if (states.isEmpty()) throw HttpError.notFound(route.notFoundMessage());
    call.model = route.model();
    return Reply.json(ModelJson.status(states));
  }

  private ServedVersion served(Route route, Call call) {
    ServedVersion v = registry.find(route.model(), route.version())
        .orElseThrow(() -> HttpError.notFound(route.notFoundMessage()));
    call.model = v.model();
    return v;
  }

  private void predict(Route route, Call call) {
    String body = body(call.exchange);
    ServedVersion v = served(route, call);
    CompletableFuture<PredictBatcher.Answer> answer;
    try {
      answer = v.batcher().submit(PredictRequestReader.read(body, v.loaded().signatures(), limits, v.loaded().maxK()));
    } catch (PredictBatcher.ClosedException retired) {
      // Retired between the lookup and the queue: its successor is in the registry already.
      ServedVersion next = served(route, call);
      try {
        answer = next.batcher().submit(PredictRequestReader.read(body, next.loaded().signatures(), limits, next.loaded().maxK()));
      } catch (PredictBatcher.ClosedException again) {
        throw HttpError.overloaded("model " + route.model() + " is being replaced; retry");
      }
    }
    answer.whenCompleteAsync((a, error) -> {
      Reply reply = null;
      Throwable failure = error;
      if (failure == null) {
        try {
          reply = Reply.json(PredictResponseWriter.write(a));
        } catch (RuntimeException e) {
          failure = e;
        }
      }
      finish(call, reply, failure);
    }, replies);
  }

  private String body(HttpExchange exchange) {
    int max = limits.maxBodyBytes();
    String declared = exchange.getRequestHeaders().getFirst("Content-Length");
    if (declared != null) {
      try {
        if (Long.parseLong(declared.trim()) > max) throw tooLarge(declared.trim());
      } catch (NumberFormatException e) {
        throw HttpError.badRequest("Content-Length " + declared + " is not a number");
      }
    }
    try {
      byte[] bytes = exchange.getRequestBody().readNBytes(max + 1);
      if (bytes.length > max) throw tooLarge("more than " + max);
      return new String(bytes, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw HttpError.badRequest("cannot read the request body: " + e.getMessage());
    }
  }

  private HttpError tooLarge(String size) {
    return HttpError.badRequest("the request body has " + size + " bytes; at most " + limits.maxBodyBytes()
        + " (limits.max_body_bytes)");
  }

  private void finish(Call call, Reply reply, Throwable error) {
    if (reply == null) reply = errorReply(error);
    HttpExchange exchange = call.exchange;
    try {
      exchange.getResponseHeaders().set("Content-Type", reply.contentType());
      if (call.allow != null) exchange.getResponseHeaders().set("Allow", call.allow);
      exchange.sendResponseHeaders(reply.status(), reply.body().length == 0 ? -1 : reply.body().length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(reply.body());
      }
    } catch (IOException e) {
      LOG.debug("reply to {} not delivered: {}", exchange.getRemoteAddress(), e.toString());
    } finally {
      exchange.close();
      metrics.request(call.model, call.route, reply.status(), (System.nanoTime() - call.start) / 1e9);
      inFlight.decrementAndGet();
    }
  }

  /**
   * Refuses new requests with 503 and waits up to {@code millis} for accepted ones to be answered.
   * (The JDK 17 server's own stop(delay) waits the whole delay even when idle: JDK-8304065.)
   */
  void drain(long millis) {
    closing = true;
    long deadline = System.nanoTime() + millis * 1_000_000;
    while (inFlight.get() > 0 && System.nanoTime() < deadline) {
      try {
        Thread.sleep(5);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private static Reply errorReply(Throwable error) {
    Throwable e = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    int status;
    String message;
    if (e instanceof HttpError h) {
      status = h.status();
      message = h.getMessage();
    } else if (e instanceof TFInvalidArgumentException) {
      status = 400;
      message = e.getMessage();
    } else {
      status = 500;
      message = "internal error: " + e;
      LOG.error("request failed: {}", e.toString(), e);
    }
    return new Reply(status, JSON, ModelJson.error(message));
  }
}
