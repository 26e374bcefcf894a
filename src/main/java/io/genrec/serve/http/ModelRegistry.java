package io.genrec.serve.http;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * The models being served and their versions, kept in step with the disk: each scan loads a model's
 * highest version when it is not the one served, switches requests to it, and then retires the old
 * one (its queued requests are answered first). Like TF Serving's default policy, one version per
 * model is served. A version that fails to load is not tried again until its saved_model.pb changes.
 */
public final class ModelRegistry implements AutoCloseable {
  private static final Logger LOG = LogManager.getLogger(ModelRegistry.class);

  /** Loads one version (a real SavedModel, or a stand-in in tests). */
  @FunctionalInterface
  interface Loader {
    ServedVersion load(String model, long version, Path dir);
  }

  /** One line of TF Serving's model status. */
  record VersionState(long version, String state, String errorCode, String errorMessage) {}

  private record Failure(String fingerprint, String message) {}

  private static final class Model {
    volatile ServedVersion current;
    volatile Long loading;
    final Map<Long, Failure> failures = new ConcurrentHashMap<>();
  }

  private final ModelRoot root;
  private final Loader loader;
  private final ServingMetrics metrics;
  private final Map<String, Model> models = new ConcurrentHashMap<>();
  private ScheduledExecutorService poller;
  private boolean closed;

  ModelRegistry(ModelRoot root, Loader loader, ServingMetrics metrics) {
    this.root = root;
    this.loader = loader;
    this.metrics = metrics;
  }

  String describeRoot() {
    return root.describe();
  }

  /** One scan of the disk; loads run here, on the caller's thread. */
  synchronized void refresh() {
    if (closed) return;
    Map<String, NavigableMap<Long, Path>> found;
    try {
      found = root.scan();
    } catch (IOException e) {
      LOG.warn("cannot scan {}: {}", root.describe(), e.toString());
      return;
    }
    for (Map.Entry<String, NavigableMap<Long, Path>> e : found.entrySet()) {
      Model m = models.computeIfAbsent(e.getKey(), n -> new Model());
      Map.Entry<Long, Path> latest = e.getValue().lastEntry();
      ServedVersion current = m.current;
      if (current != null && current.version() == latest.getKey()) continue;
      String fingerprint = fingerprint(latest.getValue());
      Failure failed = m.failures.get(latest.getKey());
      if (failed != null && failed.fingerprint().equals(fingerprint)) continue;
      load(e.getKey(), m, latest.getKey(), latest.getValue(), fingerprint);
    }
  }

  private void load(String name, Model m, long version, Path dir, String fingerprint) {
    m.loading = version;
    long start = System.nanoTime();
    try {
      ServedVersion next = loader.load(name, version, dir);
      ServedVersion old = m.current;
      m.current = next;
      m.failures.remove(version);
      metrics.loaded(name, version);
      LOG.info("serving {} version {} from {} (loaded in {} ms)", name, version, dir,
          (System.nanoTime() - start) / 1_000_000);
      if (old != null) {
        old.close();
        LOG.info("retired {} version {}", name, old.version());
      }
    } catch (RuntimeException e) {
      m.failures.put(version, new Failure(fingerprint, e.getMessage() == null ? e.toString() : e.getMessage()));
      metrics.loadFailed(name);
      LOG.error("cannot load {} version {} from {}: {}", name, version, dir, e.toString());
    } finally {
      m.loading = null;
    }
  }

  /** Size and modification time of saved_model.pb: a failed version is retried once it changes. */
  private static String fingerprint(Path versionDir) {
    try {
      Path pb = versionDir.resolve(TfServingLayout.SAVED_MODEL);
      return Files.size(pb) + "@" + Files.getLastModifiedTime(pb).toMillis();
    } catch (IOException e) {
      return "unreadable";
    }
  }

  /** Scans every {@code seconds} on a thread of its own (0: never). */
  synchronized void startPolling(double seconds) {
    if (seconds <= 0 || poller != null || closed) return;
    poller = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "genrec-model-poll");
      t.setDaemon(true);
      return t;
    });
    long millis = Math.max(1, Math.round(seconds * 1000));
    poller.scheduleWithFixedDelay(() -> {
      try {
        refresh();
      } catch (RuntimeException e) {
        LOG.error("model poll failed: {}", e.toString(), e);  // caught: an escaping exception would end the polling
      }
    }, millis, millis, TimeUnit.MILLISECONDS);
  }

  /** The version that answers for {@code model} ({@code version} null: the one served). */
  Optional<ServedVersion> find(String model, Long version) {
    Model m = models.get(model);
    ServedVersion current = m == null ? null : m.current;
    if (current == null || (version != null && current.version() != version)) return Optional.empty();
    return Optional.of(current);
  }

  /** TF Serving's status lines for {@code model}, newest first; empty when the model is unknown. */
  List<VersionState> status(String model) {
    Model m = models.get(model);
    if (m == null) return List.of();
    Map<Long, VersionState> states = new TreeMap<>();
    m.failures.forEach((v, f) -> states.put(v, new VersionState(v, "END", "UNKNOWN", f.message())));
    Long loading = m.loading;
    if (loading != null) states.put(loading, new VersionState(loading, "LOADING", "OK", ""));
    ServedVersion current = m.current;
    if (current != null) states.put(current.version(), new VersionState(current.version(), "AVAILABLE", "OK", ""));
    List<VersionState> newestFirst = new ArrayList<>(states.values());
    Collections.reverse(newestFirst);
    return newestFirst;
  }

  /** "NAME version V: error" for every version that failed to load. */
  List<String> problems() {
    List<String> lines = new ArrayList<>();
    new TreeMap<>(models).forEach((name, m) -> new TreeMap<>(m.failures).forEach(
        (v, f) -> lines.add(name + " version " + v + ": " + f.message())));
    return lines;
  }

  /** Names of the models with a version being served, sorted. */
  Set<String> servedModels() {
    Set<String> names = new TreeSet<>();
    models.forEach((name, m) -> {
      if (m.current != null) names.add(name);
    });
    return names;
  }

  /** Stops polling and retires every version (each answers what it has queued first). */
  @Override
  public void close() {
    ScheduledExecutorService p;
    synchronized (this) {
      if (closed) return;
      closed = true;
      p = poller;
    }
    if (p != null) {
      p.shutdown();  // not shutdownNow: an interrupted retirement could free a session still in use
      try {
        p.awaitTermination(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    for (Model m : models.values()) {
      ServedVersion v = m.current;
      m.current = null;
      if (v != null) v.close();
    }
  }
}
