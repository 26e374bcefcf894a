package io.genrec.tokenize;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Splits {@code [0, n)} into one contiguous chunk per thread. Each chunk writes only its own
 * rows, so results do not depend on thread timing and a seeded fit is reproducible.
 */
final class RowChunks implements AutoCloseable {
  @FunctionalInterface
  interface Body {
    void run(int chunk, int from, int to);
  }

  private final int threads;
  private final ExecutorService pool;

  RowChunks(int threads) {
    if (threads < 1) throw new IllegalArgumentException("threads must be >= 1, got " + threads);
    this.threads = threads;
    this.pool =
        threads == 1
            ? null
            : Executors.newFixedThreadPool(
                threads,
                task -> {
                  Thread thread = new Thread(task, "genrec-kmeans");
                  thread.setDaemon(true);
                  return thread;
                });
  }

  int chunks() {
    return threads;
  }

  void run(int n, Body body) {
    if (pool == null || n < 2 * threads) {
      body.run(0, 0, n);
      return;
    }
    List<Future<?>> futures = new ArrayList<>(threads);
    for (int c = 0; c < threads; c++) {
      int chunk = c;
      int from = (int) ((long) n * c / threads);
      int to = (int) ((long) n * (c + 1) / threads);
      futures.add(pool.submit(() -> body.run(chunk, from, to)));
    }
    for (Future<?> future : futures) {
      try {
        future.get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        futures.forEach(f -> f.cancel(true));
        throw new IllegalStateException("interrupted while quantizing", e);
      } catch (ExecutionException e) {
        futures.forEach(f -> f.cancel(true));
        Throwable cause = e.getCause();
        if (cause instanceof RuntimeException runtime) throw runtime;
        if (cause instanceof Error error) throw error;
        throw new IllegalStateException(cause);
      }
    }
  }

  @Override
  public void close() {
    if (pool != null) pool.shutdownNow();
  }
}
