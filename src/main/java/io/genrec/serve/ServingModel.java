package io.genrec.serve;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.SessionFunction;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;

/** A genrec SavedModel loaded for answering top-K requests; needs nothing but the export folder. */
public final class ServingModel implements AutoCloseable {
  private final SavedModelBundle bundle;
  private final SessionFunction function;
  private final int maxK;

  /** Default inter-op threads: one (see {@link #ServingModel(Path, int, int)}). */
  public static final int DEFAULT_INTER_OP_THREADS = 1;

  /** Default intra-op threads: every core. */
  public static int defaultIntraOpThreads() {
    return Runtime.getRuntime().availableProcessors();
  }

  /** Loads with the default threads. */
  public ServingModel(Path dir) {
    this(dir, defaultIntraOpThreads(), DEFAULT_INTER_OP_THREADS);
  }

  /**
   * @param intraOpThreads threads inside one op (0 = TensorFlow's choice)
   * @param interOpThreads ops run side by side (0 = TensorFlow's choice). One call of a genrec model
   *     is a long chain of small ops, so 1 answered one TIGER user 3-10% sooner here than TF's default
   */
  public ServingModel(Path dir, int intraOpThreads, int interOpThreads) {
    bundle = load(dir, intraOpThreads, interOpThreads);
    function = bundle.function(ServingSignature.KEY);
    maxK = maxK(bundle);
  }

  /**
   * The most items one call of {@code bundle} returns (the {@code max_k} constant a beam-search export
   * carries); {@link Integer#MAX_VALUE} when only the catalog limits it.
   */
  public static int maxK(SavedModelBundle bundle) {
    if (bundle.graph().operation(ServingSignature.MAX_K) == null) return Integer.MAX_VALUE;
    try (Result r = bundle.session().runner().fetch(ServingSignature.MAX_K).run()) {
      return ((TInt32) r.get(0)).getInt();
    }
  }

  /** The most items one call returns (TIGER: its beam); {@link Integer#MAX_VALUE} when only the catalog limits it. */
  public int maxK() {
    return maxK;
  }

  /** The bundle as a ServingModel loads it (for tools that need its session, e.g. profiling). */
  public static SavedModelBundle load(Path dir, int intraOpThreads, int interOpThreads) {
    if (!Files.isRegularFile(dir.resolve("saved_model.pb"))) {
      throw new IllegalArgumentException(dir + ": not a SavedModel (no saved_model.pb)");
    }
    if (intraOpThreads < 0 || interOpThreads < 0) {
      throw new IllegalArgumentException("thread counts must be >= 0, got " + intraOpThreads + " and " + interOpThreads);
    }
    return SavedModelBundle.loader(dir.toString()).withTags(ServingSignature.TAG)
        .withConfigProto(ConfigProto.newBuilder().setIntraOpParallelismThreads(intraOpThreads)
            .setInterOpParallelismThreads(interOpThreads).build())
        .load();
  }

  /** One user's (or each user's) answer: original ids and scores, best first. */
  public record TopK(long[][] ids, float[][] scores) {}

  /** @param histories original item ids per user, oldest first; rows may differ in length */
  public TopK recommend(long[][] histories, int k) {
    if (k > maxK) {
      throw new IllegalArgumentException("k = " + k + " is above the " + maxK + " items this model returns per call");
    }
    int b = histories.length;
    try (TInt64 h = historyTensor(histories);
        TInt32 kt = TInt32.scalarOf(k);
        Result r = function.call(Map.of(ServingSignature.HISTORY, h, ServingSignature.K, kt))) {
      TInt64 ids = (TInt64) r.get(ServingSignature.TOP_K_IDS).orElseThrow();
      TFloat32 scores = (TFloat32) r.get(ServingSignature.TOP_K_SCORES).orElseThrow();
      int kk = (int) ids.shape().get(1);
      long[][] outIds = new long[b][kk];
      float[][] outScores = new float[b][kk];
      for (int i = 0; i < b; i++) {
        for (int j = 0; j < kk; j++) {
          outIds[i][j] = ids.getLong(i, j);
          outScores[i][j] = scores.getFloat(i, j);
        }
      }
      return new TopK(outIds, outScores);
    }
  }

  /**
   * The {@code history} input for these users: int64 [users, longest], each row left-padded with 0
   * so the most recent item is last, as the models read it.
   */
  public static TInt64 historyTensor(long[][] histories) {
    int b = histories.length;
    int width = 1;
    for (long[] h : histories) width = Math.max(width, h.length);
    long[] flat = new long[b * width];
    for (int i = 0; i < b; i++) {
      System.arraycopy(histories[i], 0, flat, i * width + width - histories[i].length, histories[i].length);
    }
    return TInt64.tensorOf(Shape.of(b, width), DataBuffers.of(flat, false, false));
  }

  @Override
  public void close() {
    bundle.close();
  }
}
