package io.genrec.serve.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The batcher over a stand-in session call that records what it is fed and can be held, so which
 * requests share a call is decided by the test, not by timing.
 */
class PredictBatcherTest {
  static final Map<String, ServedSignature> SIGS = TestSignatures.genrecLike(5);
  static final RequestLimits LIMITS = RequestLimits.defaults();

  /** What one session call was given. */
  record Call(String signature, long[][] histories, int k, Map<String, long[]> rowInputs) {}

  /** Answers top_k_ids[row][j] = 1000 * first history item + j, for the k fed (or 5); the first call waits for {@code gate}. */
  static final class FakeSession implements PredictBatcher.SessionCall {
    final List<Call> calls = new CopyOnWriteArrayList<>();
    final CountDownLatch gate;
    final CountDownLatch entered = new CountDownLatch(1);

    FakeSession(CountDownLatch gate) {
      this.gate = gate;
    }

    @Override
    public BatchOutputs run(ServedSignature sig, long[][] histories, int k, Map<String, long[]> rowInputs) {
      calls.add(new Call(sig.name(), histories, k, rowInputs));
      entered.countDown();
      try {
        assertTrue(gate.await(30, TimeUnit.SECONDS));
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      }
      int width = k > 0 ? k : 5;
      long[] ids = new long[histories.length * width];
      for (int i = 0; i < histories.length; i++) {
        for (int j = 0; j < width; j++) ids[i * width + j] = 1000 * (histories[i].length == 0 ? 0 : histories[i][0]) + j;
      }
      return new BatchOutputs(List.of(new BatchOutputs.Column("top_k_ids", new long[] {histories.length, width}, ids, null)));
    }
  }

  static PredictRequest request(String body) {
    return PredictRequestReader.read(body, SIGS, LIMITS);
  }

  static String reply(CompletableFuture<PredictBatcher.Answer> f) throws Exception {
    return new String(PredictResponseWriter.write(f.get(30, TimeUnit.SECONDS)), StandardCharsets.UTF_8);
  }

  @Test
  void requestsQueuedDuringACallShareTheNextOneEachCutToItsOwnK() throws Exception {
    CountDownLatch gate = new CountDownLatch(1);
    FakeSession session = new FakeSession(gate);
    try (PredictBatcher b = new PredictBatcher("m v1", new BatchingConfig(8, 0, 16, 1), session, (r, q, t) -> {})) {
      CompletableFuture<PredictBatcher.Answer> first = b.submit(request("{\"instances\": [[1]]}"));
      assertTrue(session.entered.await(30, TimeUnit.SECONDS));
      // Queued while the first call is held: one call for all three, at the largest k.
      CompletableFuture<PredictBatcher.Answer> two = b.submit(request("{\"instances\": [{\"history\": [2, 3], \"k\": 2}]}"));
      CompletableFuture<PredictBatcher.Answer> three = b.submit(request(
          "{\"instances\": [{\"history\": [3]}, {\"history\": [4, 5, 6], \"k\": 7}]}"));
      CompletableFuture<PredictBatcher.Answer> four = b.submit(request("{\"inputs\": {\"history\": [[5]], \"k\": 1}}"));
      gate.countDown();
      assertEquals("{\"predictions\":[[1000,1001,1002,1003,1004]]}", reply(first));
      assertEquals("{\"predictions\":[[2000,2001]]}", reply(two));
      assertEquals("{\"predictions\":[[3000,3001,3002,3003,3004],[4000,4001,4002,4003,4004,4005,4006]]}", reply(three));
      assertEquals("{\"outputs\":[[5000]]}", reply(four));
      assertEquals(2, session.calls.size());
      Call merged = session.calls.get(1);
      assertEquals(7, merged.k(), "the largest k asked (the default 5 of one user included)");
      assertEquals(4, merged.histories().length);
      assertArrayEquals(new long[] {4, 5, 6}, merged.histories()[2]);
      assertEquals(0, session.calls.get(0).k(), "nobody asked for k: the graph's default, not fed");
    }
  }

  @Test
  void aBatchStopsAtItsSizeAndAtAnotherSignatureKeepingTheOrder() throws Exception {
    CountDownLatch gate = new CountDownLatch(1);
    FakeSession session = new FakeSession(gate);
    List<CompletableFuture<PredictBatcher.Answer>> answers = new ArrayList<>();
    try (PredictBatcher b = new PredictBatcher("m v1", new BatchingConfig(3, 0, 16, 1), session, (r, q, t) -> {})) {
      answers.add(b.submit(request("{\"instances\": [[1]]}")));
      assertTrue(session.entered.await(30, TimeUnit.SECONDS));
      answers.add(b.submit(request("{\"instances\": [[2], [3]]}")));
      answers.add(b.submit(request("{\"instances\": [[4], [5]]}")));  // 2 + 2 > 3: next call
      answers.add(b.submit(request("{\"signature_name\": \"serving_extended\", \"instances\": [{\"history\": [6], \"user_id\": 9}, [7]]}")));
      answers.add(b.submit(request("{\"instances\": [[8], [9], [10], [11]]}")));  // more than a batch: alone
      gate.countDown();
      for (CompletableFuture<PredictBatcher.Answer> a : answers) a.get(30, TimeUnit.SECONDS);
    }
    List<String> shapes = new ArrayList<>();
    for (Call c : session.calls) shapes.add(c.signature() + ":" + c.histories().length);
    assertEquals(List.of("serving_default:1", "serving_default:2", "serving_default:2", "serving_extended:2",
        "serving_default:4"), shapes);
    assertArrayEquals(new long[] {9, -1}, session.calls.get(3).rowInputs().get("user_id"),
        "a user without user_id is sent -1 (unknown)");
  }

  @Test
  void aFullQueueIsRefusedAtOnceAndClosingAnswersWhatWasQueued() throws Exception {
    CountDownLatch gate = new CountDownLatch(1);
    FakeSession session = new FakeSession(gate);
    int[] batches = {0};
    PredictBatcher b = new PredictBatcher("m v1", new BatchingConfig(1, 0, 2, 1), session, (r, q, t) -> batches[0]++);
    CompletableFuture<PredictBatcher.Answer> running = b.submit(request("{\"instances\": [[1]]}"));
    assertTrue(session.entered.await(30, TimeUnit.SECONDS));
    CompletableFuture<PredictBatcher.Answer> q1 = b.submit(request("{\"instances\": [[2]]}"));
    CompletableFuture<PredictBatcher.Answer> q2 = b.submit(request("{\"instances\": [[3]]}"));
    HttpError full = assertThrows(HttpError.class, () -> b.submit(request("{\"instances\": [[4]]}")));
    assertEquals(503, full.status());
    assertTrue(full.getMessage().contains("batching.max_queued_requests"), full.getMessage());
    Thread closer = new Thread(b::close);
    closer.start();
    // Closing refuses new work but still answers the queued requests.
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (true) {
      try {
        b.submit(request("{\"instances\": [[5]]}"));
      } catch (PredictBatcher.ClosedException expected) {
        break;
      } catch (HttpError stillFull) {
        // the close has not begun yet
      }
      assertTrue(System.nanoTime() < deadline, "close began");
      Thread.sleep(5);
    }
    gate.countDown();
    closer.join(30_000);
    assertTrue(running.isDone() && q1.isDone() && q2.isDone());
    assertEquals("{\"predictions\":[[3000,3001,3002,3003,3004]]}", reply(q2));
    assertEquals(3, batches[0]);
    assertTrue(!closer.isAlive());
  }

  @Test
  void aFailedCallFailsEveryRequestInIt() throws Exception {
    PredictBatcher.SessionCall broken = (sig, h, k, in) -> {
      throw new IllegalStateException("boom");
    };
    try (PredictBatcher b = new PredictBatcher("m v1", BatchingConfig.defaults(), broken, (r, q, t) -> {})) {
      CompletableFuture<PredictBatcher.Answer> f = b.submit(request("{\"instances\": [[1]]}"));
      Exception e = assertThrows(Exception.class, () -> f.get(30, TimeUnit.SECONDS));
      assertTrue(e.getCause() instanceof IllegalStateException);
    }
  }
}
