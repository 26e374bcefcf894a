package io.genrec.serve;

import io.genrec.config.Precision;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.SessionFunction;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.proto.DataType;
import org.tensorflow.types.TString;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;

/** A genrec SavedModel loaded for answering top-K requests; needs nothing but the export folder. */
public final class ServingModel implements AutoCloseable {
  private final SavedModelBundle bundle;
  private final SessionFunction function;
  private final int maxK;
  private final boolean stringIds;

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
    this(dir, intraOpThreads, interOpThreads, Precision.FLOAT32);
  }

  /**
   * @param precision bf16 answers one TIGER user (reference size, beam 20) in 5.3 ms against 6.8 here,
   *     with top-K that can differ from float32's where scores nearly tie
   */
  public ServingModel(Path dir, int intraOpThreads, int interOpThreads, Precision precision) {
    bundle = load(dir, intraOpThreads, interOpThreads, precision);
    function = bundle.function(ServingSignature.KEY);
    maxK = maxK(bundle);
    stringIds = function.signature().getInputs().get(ServingSignature.HISTORY).dataType == DataType.DT_STRING;
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

  /** Whether the model takes and returns string item ids (e.g. ASINs) rather than int64 ones. */
  public boolean stringIds() {
    return stringIds;
  }

  /** The bundle as a ServingModel loads it (for tools that need its session, e.g. profiling). */
  public static SavedModelBundle load(Path dir, int intraOpThreads, int interOpThreads) {
    return load(dir, intraOpThreads, interOpThreads, Precision.FLOAT32);
  }

  /** As {@link #load(Path, int, int)}, in this precision. */
  public static SavedModelBundle load(Path dir, int intraOpThreads, int interOpThreads, Precision precision) {
    if (!Files.isRegularFile(dir.resolve("saved_model.pb"))) {
      throw new IllegalArgumentException(dir + ": not a SavedModel (no saved_model.pb)");
    }
    if (intraOpThreads < 0 || interOpThreads < 0) {
      throw new IllegalArgumentException("thread counts must be >= 0, got " + intraOpThreads + " and " + interOpThreads);
    }
    try {
      return SavedModelBundle.loader(dir.toString()).withTags(ServingSignature.TAG)
          .withConfigProto(precision.sessionConfig(intraOpThreads, interOpThreads))
          .load();
    } catch (org.tensorflow.exceptions.TensorFlowException e) {
      // TensorFlow's text ("Read less bytes than requested") names neither the folder nor what to do.
      String why = e.getMessage() == null ? "unreadable" : e.getMessage().lines().findFirst().orElse("unreadable");
      throw new IllegalArgumentException(dir + ": cannot load the SavedModel (TensorFlow: " + why + "); expected"
          + " a complete export (saved_model.pb and variables/): re-export it with genrec export RUN_DIR", e);
    }
  }

  /** One user's (or each user's) answer: original ids and scores, best first. */
  public record TopK(long[][] ids, float[][] scores) {}

  /** One user's (or each user's) answer with ids as text, whichever dtype the model speaks. */
  public record TopIds(String[][] ids, float[][] scores) {}

  /**
   * Either kind of model with ids as text: a string-id model takes them as they are, an int64 one
   * needs each to be an integer.
   *
   * @throws IllegalArgumentException naming the first id an int64 model cannot take
   */
  public TopIds recommend(String[][] histories, int k) {
    if (k > maxK) {
      throw new IllegalArgumentException("k = " + k + " is above the " + maxK + " items this model returns per call");
    }
    if (!stringIds) {
      long[][] longs = new long[histories.length][];
      for (int i = 0; i < histories.length; i++) {
        longs[i] = new long[histories[i].length];
        for (int j = 0; j < longs[i].length; j++) {
          try {
            longs[i][j] = Long.parseLong(histories[i][j].strip());
          } catch (NumberFormatException e) {
            throw new IllegalArgumentException("item id '" + histories[i][j] + "' is not an integer; this"
                + " SavedModel takes int64 item ids", e);
          }
        }
      }
      TopK top = recommend(longs, k);
      String[][] ids = new String[top.ids().length][];
      for (int i = 0; i < ids.length; i++) ids[i] = Arrays.stream(top.ids()[i]).mapToObj(Long::toString).toArray(String[]::new);
      return new TopIds(ids, top.scores());
    }
    try (TString h = stringHistoryTensor(histories);
        TInt32 kt = TInt32.scalarOf(k);
        Result r = function.call(Map.of(ServingSignature.HISTORY, h, ServingSignature.K, kt))) {
      TString ids = (TString) r.get(ServingSignature.TOP_K_IDS).orElseThrow();
      TFloat32 scores = (TFloat32) r.get(ServingSignature.TOP_K_SCORES).orElseThrow();
      int b = histories.length;
      int kk = (int) ids.shape().get(1);
      String[][] outIds = new String[b][kk];
      float[][] outScores = new float[b][kk];
      for (int i = 0; i < b; i++) {
        for (int j = 0; j < kk; j++) {
          outIds[i][j] = ids.getObject(i, j);
          outScores[i][j] = scores.getFloat(i, j);
        }
      }
      return new TopIds(outIds, outScores);
    }
  }

  /** The string {@code history} input: [users, longest], rows left-padded with "" (padding). */
  public static TString stringHistoryTensor(String[][] histories) {
    int b = histories.length;
    int width = 1;
    for (String[] h : histories) width = Math.max(width, h.length);
    String[] flat = new String[b * width];
    Arrays.fill(flat, "");
    for (int i = 0; i < b; i++) {
      System.arraycopy(histories[i], 0, flat, i * width + width - histories[i].length, histories[i].length);
    }
    return TString.tensorOf(Shape.of(b, width), DataBuffers.ofObjects(flat));
  }

  /**
   * @param histories original item ids per user, oldest first; rows may differ in length
   * @throws IllegalArgumentException for a string-id model (use {@link #recommend(String[][], int)})
   */
  public TopK recommend(long[][] histories, int k) {
    if (k > maxK) {
      throw new IllegalArgumentException("k = " + k + " is above the " + maxK + " items this model returns per call");
    }
    if (stringIds) {
      throw new IllegalArgumentException("this SavedModel takes string item ids (its dataset's ids are not integers)");
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
