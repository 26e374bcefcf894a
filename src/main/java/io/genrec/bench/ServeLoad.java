package io.genrec.bench;

import com.google.gson.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * A closed-loop load client for {@code genrec serve --port}: C clients, each sending one user per
 * {@code :predict} request and the next as soon as the answer is in, for S seconds (after a warm-up
 * that is not counted) or until a request count is reached. Histories are the test histories of a
 * sequence file (each line's items but the last), in turn.
 *
 * <p>Usage: ServeLoad --url http://127.0.0.1:PORT --model NAME --histories FILE [--clients 1,4,16]
 * [--seconds 10] [--warmup-seconds 3] [--max-requests N] [--k 20] [--label TEXT] [--json FILE].
 * Prints one markdown row per client count (users/s, p50/p95/p99 ms, errors); --json appends one
 * JSON object per row.
 */
public final class ServeLoad {
  private ServeLoad() {}

  /** One timed level's outcome. */
  record Level(int clients, double seconds, long[] latenciesNanos, long errors, Map<String, Long> errorKinds) {
    double usersPerSecond() {
      return latenciesNanos.length / seconds;
    }

    double percentileMillis(double p) {
      if (latenciesNanos.length == 0) return Double.NaN;
      int i = (int) Math.ceil(p * latenciesNanos.length) - 1;
      return latenciesNanos[Math.max(0, Math.min(latenciesNanos.length - 1, i))] / 1e6;
    }
  }

  public static void main(String[] args) throws Exception {
    String url = null;
    String model = null;
    Path histories = null;
    int[] clients = {1, 4, 16};
    double seconds = 10;
    double warmup = 3;
    long maxRequests = 1_000_000;
    int k = 20;
    String label = "";
    Path json = null;
    for (int i = 0; i < args.length; i++) {
      String v = i + 1 < args.length ? args[i + 1] : null;
      switch (args[i]) {
        case "--url" -> url = v;
        case "--model" -> model = v;
        case "--histories" -> histories = Path.of(v);
        case "--clients" -> clients = Arrays.stream(v.split(",")).mapToInt(s -> Integer.parseInt(s.trim())).toArray();
        case "--seconds" -> seconds = Double.parseDouble(v);
        case "--warmup-seconds" -> warmup = Double.parseDouble(v);
        case "--max-requests" -> maxRequests = Long.parseLong(v);
        case "--k" -> k = Integer.parseInt(v);
        case "--label" -> label = v;
        case "--json" -> json = Path.of(v);
        default -> throw new IllegalArgumentException("unknown argument " + args[i]);
      }
      i++;
    }
    if (url == null || model == null || histories == null) {
      System.err.println("usage: ServeLoad --url URL --model NAME --histories FILE [--clients 1,4,16] [--seconds S]"
          + " [--warmup-seconds W] [--max-requests N] [--k K] [--label TEXT] [--json FILE]");
      System.exit(2);
    }
    List<String> bodies = bodies(histories, k);
    URI predict = URI.create(url + "/v1/models/" + model + ":predict");
    HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(10)).build();
    for (int c : clients) {
      run(client, predict, bodies, c, warmup, Long.MAX_VALUE);  // each history length is a new shape: warm up first
      Level level = run(client, predict, bodies, c, seconds, maxRequests);
      String row = String.format(Locale.ROOT, "| %s | %s | %d | %.1f | %.1f | %.1f | %.1f | %d |", label, model, c,
          level.usersPerSecond(), level.percentileMillis(0.50), level.percentileMillis(0.95),
          level.percentileMillis(0.99), level.errors());
      System.out.println(row);
      System.out.flush();
      if (!level.errorKinds().isEmpty()) System.err.println("  errors: " + level.errorKinds());
      if (json != null) {
        JsonObject o = new JsonObject();
        o.addProperty("label", label);
        o.addProperty("model", model);
        o.addProperty("clients", c);
        o.addProperty("seconds", level.seconds());
        o.addProperty("users", level.latenciesNanos().length);
        o.addProperty("errors", level.errors());
        o.addProperty("users_per_second", level.usersPerSecond());
        o.addProperty("p50_ms", level.percentileMillis(0.50));
        o.addProperty("p95_ms", level.percentileMillis(0.95));
        o.addProperty("p99_ms", level.percentileMillis(0.99));
        Files.writeString(json, o + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
      }
    }
  }

  /** One request body per test history: {"instances": [{"history": [...], "k": K}]}. */
  static List<String> bodies(Path sequences, int k) throws IOException {
    List<String> bodies = new ArrayList<>();
    for (String line : Files.readAllLines(sequences)) {
      String[] parts = line.trim().split("\\s+");
      if (parts.length < 3) continue;  // a user id, at least one history item and the held-out one
      StringBuilder sb = new StringBuilder("{\"instances\": [{\"history\": [");
      for (int i = 1; i < parts.length - 1; i++) sb.append(i == 1 ? "" : ",").append(Long.parseLong(parts[i]));
      bodies.add(sb.append("], \"k\": ").append(k).append("}]}").toString());
    }
    if (bodies.isEmpty()) throw new IllegalArgumentException(sequences + ": no histories (lines 'user item item ...')");
    return bodies;
  }

  private static Level run(HttpClient client, URI predict, List<String> bodies, int clients, double seconds,
      long maxRequests) throws InterruptedException {
    AtomicInteger next = new AtomicInteger();
    AtomicLong started = new AtomicLong();
    LongAdder errors = new LongAdder();
    Map<String, Long> kinds = new ConcurrentHashMap<>();
    List<long[]> perClient = new ArrayList<>();
    int[] counts = new int[clients];
    long t0 = System.nanoTime();
    long deadline = t0 + (long) (seconds * 1e9);
    List<Thread> threads = new ArrayList<>();
    for (int c = 0; c < clients; c++) {
      long[] latencies = new long[1 << 16];
      perClient.add(latencies);
      int me = c;
      Thread t = new Thread(() -> {
        long[] mine = latencies;
        while (System.nanoTime() < deadline && started.incrementAndGet() <= maxRequests) {
          String body = bodies.get(Math.floorMod(next.getAndIncrement(), bodies.size()));
          HttpRequest req = HttpRequest.newBuilder(predict).timeout(Duration.ofSeconds(60))
              .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build();
          long s = System.nanoTime();
          try {
            HttpResponse<String> r = client.send(req, HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
              errors.increment();
              kinds.merge("HTTP " + r.statusCode(), 1L, Long::sum);
              continue;
            }
          } catch (IOException e) {
            errors.increment();
            kinds.merge(e.getClass().getSimpleName(), 1L, Long::sum);
            continue;
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
          }
          if (counts[me] == mine.length) {
            mine = Arrays.copyOf(mine, mine.length * 2);
            perClient.set(me, mine);
          }
          mine[counts[me]++] = System.nanoTime() - s;
        }
      }, "load-client-" + c);
      threads.add(t);
      t.start();
    }
    for (Thread t : threads) t.join();
    double elapsed = (System.nanoTime() - t0) / 1e9;
    int total = 0;
    for (int n : counts) total += n;
    long[] all = new long[total];
    int at = 0;
    for (int c = 0; c < clients; c++) {
      System.arraycopy(perClient.get(c), 0, all, at, counts[c]);
      at += counts[c];
    }
    Arrays.sort(all);
    return new Level(clients, elapsed, all, errors.sum(), new TreeMap<>(kinds));
  }
}
