package io.genrec.serve.http;

import io.genrec.config.Precision;
import io.genrec.serve.ServingModel;
import io.genrec.serve.ServingSignature;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.Signature;
import org.tensorflow.Tensor;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;

/**
 * One SavedModel version loaded for HTTP serving: its signatures, and one session call over a batch
 * of users. Calls may run side by side (a TensorFlow session is safe for that).
 */
final class LoadedModel implements AutoCloseable, PredictBatcher.SessionCall {
  private final SavedModelBundle bundle;
  private final Map<String, ServedSignature> signatures;
  private final int maxK;

  private LoadedModel(SavedModelBundle bundle) {
    this.bundle = bundle;
    Map<String, ServedSignature> byName = new TreeMap<>();
    for (Signature s : bundle.signatures()) byName.put(s.key(), ServedSignature.of(s, defaultK(bundle.session(), s)));
    this.signatures = Collections.unmodifiableMap(byName);
    this.maxK = ServingModel.maxK(bundle);
  }

  /** The most items one user can get from this model (TIGER: its beam). */
  int maxK() {
    return maxK;
  }

  static LoadedModel load(Path dir, int intraOpThreads, int interOpThreads, Precision precision) {
    return new LoadedModel(ServingModel.load(dir, intraOpThreads, interOpThreads, precision));
  }

  /**
   * What {@code k} is when not fed: genrec exports it as a placeholder with a default, which a fetch
   * without a feed returns. Needed to cut a user who gave no k out of a batch run at a larger k.
   */
  private static int defaultK(Session session, Signature s) {
    Signature.TensorDescription k = s.getInputs().get(ServingSignature.K);
    if (k == null) return 0;
    try (Result r = session.runner().fetch(k.name).run()) {
      return r.get(0) instanceof TInt32 t && t.shape().numDimensions() == 0 ? t.getInt() : 0;
    } catch (RuntimeException e) {
      return 0;  // a plain placeholder: every request must give k
    }
  }

  Map<String, ServedSignature> signatures() {
    return signatures;
  }

  /**
   * One session call.
   *
   * @param histories original ids per user, any lengths (left-padded to the longest)
   * @param k items to ask for, or 0 to feed none (the graph's default)
   * @param rowInputs one int64 per user for each extra input to feed
   */
  @Override
  public BatchOutputs run(ServedSignature sig, long[][] histories, int k, Map<String, long[]> rowInputs) {
    return run(sig, ServingModel.historyTensor(histories), histories.length, k, rowInputs);
  }

  /** As {@link #run}, the ids as text (a string-id signature). */
  @Override
  public BatchOutputs runText(ServedSignature sig, String[][] histories, int k, Map<String, long[]> rowInputs) {
    return run(sig, ServingModel.stringHistoryTensor(histories), histories.length, k, rowInputs);
  }

  private BatchOutputs run(ServedSignature sig, Tensor history, int users, int k, Map<String, long[]> rowInputs) {
    List<Tensor> fed = new ArrayList<>();
    try {
      fed.add(history);
      Session.Runner runner = bundle.session().runner().feed(sig.inputTensor(ServingSignature.HISTORY),
          history);
      if (k > 0) {
        TInt32 kt = TInt32.scalarOf(k);
        fed.add(kt);
        runner.feed(sig.inputTensor(ServingSignature.K), kt);
      }
      for (Map.Entry<String, long[]> e : rowInputs.entrySet()) {
        TInt64 values = TInt64.vectorOf(e.getValue());
        fed.add(values);
        runner.feed(sig.inputTensor(e.getKey()), values);
      }
      for (String output : sig.outputs()) runner.fetch(sig.outputTensor(output));
      try (Result result = runner.run()) {
        return BatchOutputs.read(sig.outputs(), result, users);
      }
    } finally {
      for (Tensor t : fed) t.close();
    }
  }

  @Override
  public void close() {
    bundle.close();
  }
}
