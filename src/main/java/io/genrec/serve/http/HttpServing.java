package io.genrec.serve.http;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * TensorFlow Serving's REST API over genrec SavedModels, on the JDK's own HTTP server (no dependency;
 * HTTP/1.1 keep-alive; our handlers never block on a session, so a few threads carry many clients).
 * {@link #start} returns once every model found has loaded and the port is open; {@link #close}
 * answers what was accepted, then frees everything.
 */
public final class HttpServing implements AutoCloseable {
  /** Seconds {@link #close} lets accepted requests finish. */
  private static final int GRACE_SECONDS = 5;

  private final HttpServer server;
  private final HttpRoutes routes;
  private final ExecutorService http;
  private final ModelRegistry registry;
  private final ServingMetrics metrics;
  private boolean closed;

  private HttpServing(HttpServer server, HttpRoutes routes, ExecutorService http, ModelRegistry registry,
      ServingMetrics metrics) {
    this.server = server;
    this.routes = routes;
    this.http = http;
    this.registry = registry;
    this.metrics = metrics;
  }

  /** Loads what {@code root} holds and serves it; fails when no model loads. */
  public static HttpServing start(HttpServingConfig cfg, ModelRoot root) throws IOException {
    // Replies are small writes on kept-alive connections: with Nagle's algorithm on, each would wait
    // for the client's delayed ACK (~40 ms on Linux). Read once, when the JDK's server first starts.
    System.getProperties().putIfAbsent("sun.net.httpserver.nodelay", "true");
    ServingMetrics metrics = new ServingMetrics();
    ModelRegistry registry = new ModelRegistry(root, (name, version, dir) ->
        ServedVersion.load(name, version, dir, cfg, metrics), metrics);
    ExecutorService http = null;
    try {
      registry.refresh();
      if (registry.servedModels().isEmpty()) {
        List<String> problems = registry.problems();
        throw new IllegalStateException("no model to serve in " + root.describe()
            + (problems.isEmpty() ? " (no SavedModel found)" : ": " + String.join("; ", problems)));
      }
      HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getByName(cfg.host()), cfg.port()), 0);
      AtomicInteger n = new AtomicInteger();
      http = Executors.newFixedThreadPool(cfg.httpThreads(), r -> {
        Thread t = new Thread(r, "genrec-http-" + n.incrementAndGet());
        t.setDaemon(true);
        return t;
      });
      server.setExecutor(http);
      HttpRoutes routes = new HttpRoutes(registry, metrics, cfg.limits(), http);
      server.createContext("/", routes);
      server.start();
      registry.startPolling(cfg.pollSeconds());
      return new HttpServing(server, routes, http, registry, metrics);
    } catch (IOException | RuntimeException e) {
      if (http != null) http.shutdownNow();
      registry.close();
      throw e;
    }
  }

  public InetSocketAddress address() {
    return server.getAddress();
  }

  /** Each model served and its version. */
  public Map<String, Long> served() {
    Map<String, Long> out = new LinkedHashMap<>();
    for (String name : registry.servedModels()) registry.find(name, null).ifPresent(v -> out.put(name, v.version()));
    return out;
  }

  public ServingMetrics metrics() {
    return metrics;
  }

  /** Lets accepted requests finish (up to a few seconds), closes the port, then frees every model. */
  @Override
  public synchronized void close() {
    if (closed) return;
    closed = true;
    routes.drain(GRACE_SECONDS * 1000L);
    server.stop(0);
    registry.close();
    http.shutdown();
    try {
      if (!http.awaitTermination(GRACE_SECONDS, TimeUnit.SECONDS)) http.shutdownNow();
    } catch (InterruptedException e) {
      http.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }
}
