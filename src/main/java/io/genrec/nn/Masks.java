package io.genrec.nn;

import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TBool;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.family.TNumber;

/**
 * Boolean attention masks, true where attending is allowed. Shapes broadcast against attention logits
 * [batch, heads, queries, keys]: a causal mask is [L, L], a key-padding mask [batch, 1, 1, keys], and
 * {@link #both} combines any two.
 */
public final class Masks {

  private Masks() {
  }

  /** [length, length], true on and below the diagonal: position i sees positions 0..i. */
  public static Operand<TBool> causal(Ops tf, int length) {
    boolean[][] allowed = new boolean[length][length];
    for (int i = 0; i < length; i++) {
      for (int j = 0; j <= i; j++) {
        allowed[i][j] = true;
      }
    }
    return tf.constant(allowed);
  }

  /** Causal mask for a length known only at run time (e.g. a growing decoder prefix). */
  public static Operand<TBool> causal(Ops tf, Operand<TInt32> length) {
    Operand<TInt32> ones = tf.fill(tf.stack(java.util.List.of(length, length)), tf.constant(1));
    Operand<TInt32> lower = tf.linalg.bandPart(ones, tf.constant(-1), tf.constant(0));
    return tf.math.notEqual(lower, tf.constant(0));
  }

  /** True where {@code ids} is a real token (id != 0); same shape as ids. */
  public static Operand<TBool> notPadding(Ops tf, Operand<? extends TNumber> ids) {
    @SuppressWarnings("unchecked")
    Operand<TNumber> raw = (Operand<TNumber>) ids;
    return tf.math.notEqual(raw, tf.dtypes.cast(tf.constant(0), raw.type()));
  }

  /** Key-padding mask [batch, 1, 1, keys] from key ids [batch, keys]. */
  public static Operand<TBool> keyPadding(Ops tf, Operand<? extends TNumber> keyIds) {
    return keys(tf, notPadding(tf, keyIds));
  }

  /** Lifts a per-key validity [batch, keys] to [batch, 1, 1, keys]. */
  public static Operand<TBool> keys(Ops tf, Operand<TBool> validKeys) {
    return tf.expandDims(tf.expandDims(validKeys, tf.constant(1)), tf.constant(1));
  }

  /** Allowed only where both masks allow (broadcasting). */
  public static Operand<TBool> both(Ops tf, Operand<TBool> a, Operand<TBool> b) {
    return tf.math.logicalAnd(a, b);
  }
}
