package io.genrec.serve.http;

import java.util.Map;
import java.util.TreeMap;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Signature;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;

/**
 * Signatures shaped like a genrec export's (serving_default: history, k; serving_extended: also
 * user_id), built in a throw-away graph: a signature keeps only names, types and shapes.
 */
final class TestSignatures {
  private TestSignatures() {}

  /** @param defaultK the default of k each signature is said to have (0: k must be given) */
  static Map<String, ServedSignature> genrecLike(int defaultK) {
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      Placeholder<TInt64> history = tf.withName("history").placeholder(TInt64.class, Placeholder.shape(Shape.of(-1, -1)));
      Operand<TInt32> k = tf.withName("k").placeholderWithDefault(tf.constant(defaultK), Shape.scalar());
      Operand<TInt64> user = tf.withName("user_id").placeholderWithDefault(tf.constant(new long[0]), Shape.of(-1));
      Operand<TInt64> ids = tf.withName("top_k_ids").placeholder(TInt64.class, Placeholder.shape(Shape.of(-1, -1)));
      Operand<TFloat32> scores = tf.withName("top_k_scores").placeholder(TFloat32.class,
          Placeholder.shape(Shape.of(-1, -1)));
      Signature plain = Signature.builder().key("serving_default").input("history", history).input("k", k)
          .output("top_k_ids", ids).output("top_k_scores", scores).build();
      Signature extended = Signature.builder().key("serving_extended").input("history", history).input("k", k)
          .input("user_id", user).output("top_k_ids", ids).output("top_k_scores", scores).build();
      Signature odd = Signature.builder().key("scores_only").input("x", tf.withName("x").placeholder(TFloat32.class))
          .output("top_k_scores", scores).build();
      Map<String, ServedSignature> out = new TreeMap<>();
      out.put(plain.key(), ServedSignature.of(plain, defaultK));
      out.put(extended.key(), ServedSignature.of(extended, defaultK));
      out.put(odd.key(), ServedSignature.of(odd, 0));
      return out;
    }
  }
}
