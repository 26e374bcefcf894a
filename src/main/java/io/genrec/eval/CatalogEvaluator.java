package io.genrec.eval;

import io.genrec.data.EvalCase;
import io.genrec.data.History;
import java.util.List;
import java.util.function.BiConsumer;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;

/**
 * Scores every user's held-out items against the whole catalog through a model's {@link RankingHead}
 * (no sampled negatives), batch by batch, into a {@link RankingAccumulator}. A head that reads users
 * gets each case's user, as training saw them.
 */
public final class CatalogEvaluator {
  private final Session session;
  private final RankingHead head;
  private final int maxLength;
  private final int batchSize;
  private final boolean filterHistory;

  /** Makes an evaluator for a session and head (the trainer owns both). */
  @FunctionalInterface
  public interface Factory {
    CatalogEvaluator create(Session session, RankingHead head);
  }

  public static Factory factory(int maxLength, int batchSize, boolean filterHistory) {
    return (session, head) -> new CatalogEvaluator(session, head, maxLength, batchSize, filterHistory);
  }

  public CatalogEvaluator(
      Session session, RankingHead head, int maxLength, int batchSize, boolean filterHistory) {
    this.session = session;
    this.head = head;
    this.maxLength = maxLength;
    this.batchSize = batchSize;
    this.filterHistory = filterHistory;
  }

  /** Ranks every case and adds it to {@code into}; returns {@code into}. */
  public RankingAccumulator evaluate(List<EvalCase> cases, RankingAccumulator into) {
    forEachRanking(cases, into.maxK(), (c, top) -> into.add(c.user(), top, c.targets(), c.history().length));
    return into;
  }

  /** Ranks every case once and adds it to all cases' and its source's accumulator; returns {@code into}. */
  public SourceAccumulators evaluate(List<EvalCase> cases, SourceAccumulators into) {
    forEachRanking(cases, into.all().maxK(), into::add);
    return into;
  }

  private void forEachRanking(List<EvalCase> cases, int k, BiConsumer<EvalCase, int[]> sink) {
    for (int from = 0; from < cases.size(); from += batchSize) {
      List<EvalCase> batch = cases.subList(from, Math.min(cases.size(), from + batchSize));
      int[][] top = rank(batch, k);
      for (int i = 0; i < batch.size(); i++) sink.accept(batch.get(i), top[i]);
    }
  }

  /** The batch's user ids for a head that reads users (as training saw them); null for one that does not. */
  private TInt64 users(List<EvalCase> batch) {
    if (head.users() == null) return null;
    long[] ids = new long[batch.size()];
    for (int i = 0; i < ids.length; i++) ids[i] = head.users().idOf(batch.get(i).user());
    return TInt64.vectorOf(ids);
  }

  private Session.Runner feedUsers(Session.Runner runner, TInt64 users) {
    return users == null ? runner : runner.feed(head.users().input(), users);
  }

  /** Top-k dense ids for each case of one batch. */
  public int[][] rank(List<EvalCase> batch, int k) {
    int b = batch.size();
    int[] hist = new int[b * maxLength];
    int excludeWidth = 1;
    if (filterHistory) {
      for (EvalCase c : batch) excludeWidth = Math.max(excludeWidth, c.history().length);
    }
    int[] excl = new int[b * excludeWidth];
    for (int i = 0; i < b; i++) {
      int[] h = History.truncate(batch.get(i).history(), maxLength);
      System.arraycopy(h, 0, hist, i * maxLength + (maxLength - h.length), h.length);
      if (filterHistory) {
        int[] full = batch.get(i).history();
        System.arraycopy(full, 0, excl, i * excludeWidth, full.length);
      }
    }
    try (TInt32 h = TInt32.tensorOf(Shape.of(b, maxLength), DataBuffers.of(hist, false, false));
        TInt32 e = TInt32.tensorOf(Shape.of(b, excludeWidth), DataBuffers.of(excl, false, false));
        TInt32 kt = TInt32.scalarOf(k);
        TInt64 users = users(batch);
        Result r = feedUsers(session.runner().feed(head.history(), h).feed(head.exclude(), e), users)
            .feed(head.k(), kt).fetch(head.ids()).fetch(head.scores()).run()) {
      TInt32 ids = (TInt32) r.get(0);
      int width = (int) ids.shape().get(1);
      int[] flat = new int[b * width];
      float[] scores = new float[b * width];
      ids.asRawTensor().data().asInts().read(flat);
      ((TFloat32) r.get(1)).asRawTensor().data().asFloats().read(scores);
      int[][] out = new int[b][];
      for (int i = 0; i < b; i++) {
        // Masked ids (padding, excluded history) score -inf; they only reach the list when the
        // catalog has fewer rankable items than k, and are not recommendations: cut them off.
        int n = 0;
        while (n < width && scores[i * width + n] != Float.NEGATIVE_INFINITY) n++;
        out[i] = java.util.Arrays.copyOfRange(flat, i * width, i * width + n);
      }
      return out;
    }
  }
}
