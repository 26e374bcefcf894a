package io.genrec.nn;

import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.op.Ops;
import org.tensorflow.op.train.BatchMatMul;
import org.tensorflow.types.TBool;
import org.tensorflow.types.TFloat32;

/**
 * Scaled dot-product attention with {@code numHeads} heads of {@code headDim} each.
 *
 * <p>Masks are boolean, true where a query may attend to a key, broadcastable to
 * [batch, heads, queries, keys] (see {@link Masks}). Disallowed logits are replaced (not offset) by
 * -1e9: a query row with no allowed key then gets a uniform softmax instead of NaN, and no gradient
 * reaches the replaced logits.
 *
 * <p>Variables: self-attention fuses the three input projections into {@code name/qkv} (one MatMul
 * instead of three); cross-attention uses {@code name/query} and a fused {@code name/key_value};
 * both end with {@code name/output}. Each is a {@link Dense} (kernel + bias).
 */
public record MultiHeadAttention(int modelDim, int numHeads, int headDim, float dropout, boolean bias) {

  private static final float DISALLOWED = -1e9f;

  public static MultiHeadAttention of(int modelDim, int numHeads) {
    if (modelDim % numHeads != 0) {
      throw new IllegalArgumentException("modelDim " + modelDim + " not divisible by numHeads " + numHeads);
    }
    return new MultiHeadAttention(modelDim, numHeads, modelDim / numHeads, 0f, true);
  }

  public MultiHeadAttention withHeadDim(int newHeadDim) {
    return new MultiHeadAttention(modelDim, numHeads, newHeadDim, dropout, bias);
  }

  /** Dropout on the attention probabilities (training builds only). */
  public MultiHeadAttention withDropout(float rate) {
    return new MultiHeadAttention(modelDim, numHeads, headDim, rate, bias);
  }

  public MultiHeadAttention withoutBias() {
    return new MultiHeadAttention(modelDim, numHeads, headDim, dropout, false);
  }

  /** Self-attention over x [batch, length, modelDim]; mask may be null (attend everywhere). */
  public Operand<TFloat32> self(Params params, String name, Operand<TFloat32> x, Operand<TBool> mask) {
    Ops tf = params.tf();
    int inner = numHeads * headDim;
    Operand<TFloat32> qkv = projection(modelDim, 3 * inner).apply(params, name + "/qkv", x);
    List<Output<TFloat32>> qkvParts = tf.split(tf.constant(-1), qkv, 3L).output();
    return attend(params, name, x, qkvParts.get(0), x, qkvParts.get(1), qkvParts.get(2), mask);
  }

  /**
   * Cross-attention: queries [batch, queryLength, modelDim] attend over memory [batch, memoryLength,
   * memoryDim]; mask (may be null) broadcasts to [batch, heads, queryLength, memoryLength].
   */
  public Operand<TFloat32> apply(Params params, String name, Operand<TFloat32> queries,
      Operand<TFloat32> memory, Operand<TBool> mask) {
    Ops tf = params.tf();
    int inner = numHeads * headDim;
    Operand<TFloat32> q = projection(modelDim, inner).apply(params, name + "/query", queries);
    Operand<TFloat32> kv = projection(Dims.lastDim(memory), 2 * inner).apply(params, name + "/key_value", memory);
    List<Output<TFloat32>> kvParts = tf.split(tf.constant(-1), kv, 2L).output();
    return attend(params, name, queries, q, memory, kvParts.get(0), kvParts.get(1), mask);
  }

  private Operand<TFloat32> attend(Params params, String name, Operand<TFloat32> queryInput,
      Operand<TFloat32> q, Operand<TFloat32> memoryInput, Operand<TFloat32> k, Operand<TFloat32> v,
      Operand<TBool> mask) {
    Ops tf = params.tf();
    Operand<TFloat32> scaledQ = tf.math.mul(heads(tf, q, queryInput), tf.constant((float) (1.0 / Math.sqrt(headDim))));
    Operand<TFloat32> logits = tf.train.batchMatMul(scaledQ, heads(tf, k, memoryInput), TFloat32.class,
        BatchMatMul.adjY(true));
    if (mask != null) {
      logits = tf.select(mask, logits, tf.constant(DISALLOWED));
    }
    Operand<TFloat32> weights = Dropout.apply(params, tf.nn.softmax(logits), dropout);
    Operand<TFloat32> context = tf.train.batchMatMul(weights, heads(tf, v, memoryInput), TFloat32.class);
    Operand<TFloat32> merged = tf.reshape(tf.linalg.transpose(context, tf.constant(new int[] {0, 2, 1, 3})),
        Dims.leadingThen(tf, queryInput, 2, (long) numHeads * headDim));
    return projection(numHeads * headDim, modelDim).apply(params, name + "/output", merged);
  }

  /** [batch, length, heads·headDim] → [batch, heads, length, headDim]. */
  private Operand<TFloat32> heads(Ops tf, Operand<TFloat32> projected, Operand<TFloat32> input) {
    Operand<TFloat32> split = tf.reshape(projected, Dims.leadingThen(tf, input, 2, numHeads, headDim));
    return tf.linalg.transpose(split, tf.constant(new int[] {0, 2, 1, 3}));
  }

  private Dense projection(int in, int out) {
    Dense dense = Dense.of(in, out);
    return bias ? dense : dense.withoutBias();
  }
}
