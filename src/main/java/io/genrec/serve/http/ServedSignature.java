package io.genrec.serve.http;

import io.genrec.serve.ServingSignature;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.tensorflow.Signature;
import org.tensorflow.Signature.TensorDescription;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.proto.DataType;

/**
 * One signature of a loaded SavedModel, checked against what requests can be batched into: a
 * {@code history} input int64 [batch, length], an optional int32 scalar {@code k}, any other input
 * int64 [batch] (one value per user, e.g. TIGER's {@code user_id}), and outputs that are
 * [batch, k, ...] int64, int32 or float32. A signature of another shape is listed in the metadata but
 * refused for predict, saying why.
 */
final class ServedSignature {
  private final Signature signature;
  private final List<String> rowInputs = new ArrayList<>();
  private final List<String> outputs = new ArrayList<>();
  private final String problem;
  private final int defaultK;

  private ServedSignature(Signature signature, String problem, int defaultK) {
    this.signature = signature;
    this.problem = problem;
    this.defaultK = defaultK;
    signature.getInputs().keySet().stream().sorted()
        .filter(n -> !n.equals(ServingSignature.HISTORY) && !n.equals(ServingSignature.K)).forEach(rowInputs::add);
    signature.getOutputs().keySet().stream().sorted().forEach(outputs::add);
  }

  /**
   * @param defaultK what the graph returns when no {@code k} is fed (0 when {@code k} must be fed or
   *     the signature has none)
   */
  /** Whether {@code history} (and so top_k_ids) holds string item ids, e.g. ASINs. */
  boolean stringIds() {
    TensorDescription history = signature.getInputs().get(ServingSignature.HISTORY);
    return history != null && history.dataType == DataType.DT_STRING;
  }

  static ServedSignature of(Signature signature, int defaultK) {
    return new ServedSignature(signature, problem(signature), defaultK);
  }

  private static String problem(Signature s) {
    Map<String, TensorDescription> in = s.getInputs();
    TensorDescription history = in.get(ServingSignature.HISTORY);
    if (history == null) return "it has no \"history\" input";
    boolean idDtype = history.dataType == DataType.DT_INT64 || history.dataType == DataType.DT_STRING;
    if (!idDtype || rank(history.shape) != 2) {
      return "its \"history\" input is " + describe(history) + ", not int64 or string [batch, length]";
    }
    TensorDescription k = in.get(ServingSignature.K);
    if (k != null && (k.dataType != DataType.DT_INT32 || rank(k.shape) != 0)) {
      return "its \"k\" input is " + describe(k) + ", not an int32 scalar";
    }
    for (Map.Entry<String, TensorDescription> e : in.entrySet()) {
      if (e.getKey().equals(ServingSignature.HISTORY) || e.getKey().equals(ServingSignature.K)) continue;
      if (e.getValue().dataType != DataType.DT_INT64 || rank(e.getValue().shape) != 1) {
        return "its input \"" + e.getKey() + "\" is " + describe(e.getValue()) + ", not int64 [batch]";
      }
    }
    for (Map.Entry<String, TensorDescription> e : s.getOutputs().entrySet()) {
      DataType t = e.getValue().dataType;
      int rank = rank(e.getValue().shape);
      boolean kept = t == DataType.DT_INT64 || t == DataType.DT_INT32 || t == DataType.DT_FLOAT || t == DataType.DT_STRING;
      if (!kept || (rank >= 0 && rank < 2)) {
        return "its output \"" + e.getKey() + "\" is " + describe(e.getValue()) + ", not [batch, k, ...] numbers";
      }
    }
    return null;
  }

  /** Rank, or -1 when unknown. */
  private static int rank(Shape shape) {
    return shape == null || shape.isUnknown() ? -1 : shape.numDimensions();
  }

  private static String describe(TensorDescription t) {
    return t.dataType + " " + (t.shape == null ? "?" : t.shape.toString());
  }

  String name() {
    return signature.key();
  }

  Signature signature() {
    return signature;
  }

  /** Why predict cannot use this signature, or null when it can. */
  String problem() {
    return problem;
  }

  boolean hasK() {
    return signature.getInputs().containsKey(ServingSignature.K);
  }

  /** Items a user gets without asking for a number (0: {@code k} must be given). */
  int defaultK() {
    return defaultK;
  }

  /** Inputs with one int64 per user besides history and k, sorted by name. */
  List<String> rowInputs() {
    return rowInputs;
  }

  /** Output names, sorted. */
  List<String> outputs() {
    return outputs;
  }

  /** Every input name, for messages. */
  List<String> inputNames() {
    return signature.getInputs().keySet().stream().sorted().toList();
  }

  String inputTensor(String input) {
    return signature.getInputs().get(input).name;
  }

  String outputTensor(String output) {
    return signature.getOutputs().get(output).name;
  }
}
