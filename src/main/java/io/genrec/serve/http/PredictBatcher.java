package io.genrec.serve.http;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Merges concurrent predict requests for one model version into session calls: a bounded queue (full
 * means 503 at once, never an unbounded wait), and worker threads that each take the oldest request
 * and add queued ones of the same signature while the batch has room and its first request has
 * waited less than the timeout. Users of different history lengths share a call left-padded to
 * the longest; users asking for different k share a call at the largest, each cut to their own.
 */
final class PredictBatcher implements AutoCloseable {
  /** How long an idle worker sleeps before it looks at the closing flag again. */
  private static final long IDLE_POLL_MILLIS = 50;

  /** The session call a batch becomes (see {@link LoadedModel#run}). */
  @FunctionalInterface
  interface SessionCall {
    BatchOutputs run(ServedSignature sig, long[][] histories, int k, Map<String, long[]> rowInputs);

    /** As {@link #run}, for a string-id signature. */
    default BatchOutputs runText(ServedSignature sig, String[][] histories, int k, Map<String, long[]> rowInputs) {
      throw new UnsupportedOperationException("signature " + sig.name() + " takes string ids; this session cannot");
    }
  }

  /** Told about every session call. */
  @FunctionalInterface
  interface Listener {
    void batch(int rows, long queuedNanos, long runNanos);
  }

  /** A request's rows {@code firstRow..} of one session call's outputs. */
  record Answer(BatchOutputs outputs, int firstRow, PredictRequest request) {}

  /** Thrown by {@link #submit} once closing began: the version is being replaced, ask the registry again. */
  static final class ClosedException extends Exception {
    ClosedException() {
      super(null, null, false, false);
    }
  }

  private record Job(PredictRequest request, long enqueuedNanos, CompletableFuture<Answer> done) {}

  private final String label;
  private final BatchingConfig config;
  private final SessionCall call;
  private final Listener listener;
  private final ArrayBlockingQueue<Job> queue;
  private final List<Thread> workers = new ArrayList<>();
  private boolean closed;

  /** @param label names the model version in thread names and messages, e.g. "sasrec v3" */
  PredictBatcher(String label, BatchingConfig config, SessionCall call, Listener listener) {
    this.label = label;
    this.config = config;
    this.call = call;
    this.listener = listener;
    this.queue = new ArrayBlockingQueue<>(config.maxQueuedRequests());
    for (int i = 0; i < config.numBatchThreads(); i++) {
      Thread t = new Thread(this::work, "genrec-batch-" + label.replace(' ', '-') + "-" + i);
      t.setDaemon(true);
      workers.add(t);
      t.start();
    }
  }

  /**
   * Queues a request; its answer completes on a batch worker.
   *
   * @throws HttpError 503 when the queue is full
   */
  CompletableFuture<Answer> submit(PredictRequest request) throws ClosedException {
    Job job = new Job(request, System.nanoTime(), new CompletableFuture<>());
    synchronized (this) {
      if (closed) throw new ClosedException();
      if (!queue.offer(job)) {
        throw HttpError.overloaded("overloaded: " + config.maxQueuedRequests() + " requests already wait for " + label
            + " (batching.max_queued_requests); retry later");
      }
    }
    return job.done();
  }

  private synchronized boolean isClosed() {
    return closed;
  }

  private void work() {
    Job carry = null;
    while (true) {
      Job first = carry != null ? carry : next();
      if (first == null) return;
      carry = null;
      List<Job> batch = new ArrayList<>();
      batch.add(first);
      int rows = first.request().size();
      long deadline = first.enqueuedNanos() + TimeUnit.MICROSECONDS.toNanos(config.batchTimeoutMicros());
      while (rows < config.maxBatchSize()) {
        Job more = queue.poll();
        if (more == null) {
          long wait = deadline - System.nanoTime();
          if (wait <= 0) break;
          try {
            more = queue.poll(wait, TimeUnit.NANOSECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            break;
          }
          if (more == null) break;
        }
        // Kept for the next batch rather than skipped, so requests leave in the order they came.
        if (more.request().signature() != first.request().signature()
            || rows + more.request().size() > config.maxBatchSize()) {
          carry = more;
          break;
        }
        batch.add(more);
        rows += more.request().size();
      }
      run(batch, rows);
    }
  }

  /** The oldest queued job; null once closing and nothing is left. */
  private Job next() {
    while (true) {
      try {
        Job job = queue.poll(IDLE_POLL_MILLIS, TimeUnit.MILLISECONDS);
        if (job != null) return job;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      if (isClosed() || Thread.currentThread().isInterrupted()) return queue.poll();
    }
  }

  private void run(List<Job> batch, int rows) {
    long start = System.nanoTime();
    ServedSignature sig = batch.get(0).request().signature();
    boolean text = sig.stringIds();
    long[][] histories = text ? null : new long[rows][];
    String[][] texts = text ? new String[rows][] : null;
    Map<String, long[]> rowInputs = new TreeMap<>();
    int k = 0;
    boolean feedK = false;
    int row = 0;
    for (Job job : batch) {
      PredictRequest r = job.request();
      for (int i = 0; i < r.size(); i++) {
        if (text) texts[row + i] = r.textHistories()[i];
        else histories[row + i] = r.histories()[i];
        feedK |= r.ks()[i] > 0;
        k = Math.max(k, r.cut(i));
      }
      for (Map.Entry<String, long[]> e : r.rowInputs().entrySet()) {
        long[] column = rowInputs.computeIfAbsent(e.getKey(), n -> filled(rows));
        System.arraycopy(e.getValue(), 0, column, row, r.size());
      }
      row += r.size();
    }
    try {
      BatchOutputs out = text ? call.runText(sig, texts, feedK ? k : 0, rowInputs)
          : call.run(sig, histories, feedK ? k : 0, rowInputs);
      listener.batch(rows, start - batch.get(0).enqueuedNanos(), System.nanoTime() - start);
      int first = 0;
      for (Job job : batch) {
        job.done().complete(new Answer(out, first, job.request()));
        first += job.request().size();
      }
    } catch (RuntimeException | Error e) {
      for (Job job : batch) job.done().completeExceptionally(e);
      if (e instanceof Error error) throw error;
    }
  }

  /** A user who gave no value for an extra input is sent -1 (TIGER: an unknown user, its own default). */
  private static long[] filled(int rows) {
    long[] values = new long[rows];
    Arrays.fill(values, -1L);
    return values;
  }

  /** Stops taking requests, answers every queued one, then returns. */
  @Override
  public void close() {
    synchronized (this) {
      closed = true;
    }
    // Joined even when interrupted: the caller frees the session next, so no worker may still use it.
    boolean interrupted = false;
    for (Thread t : workers) {
      while (t.isAlive()) {
        try {
          t.join();
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
    }
    if (interrupted) Thread.currentThread().interrupt();
  }
}
