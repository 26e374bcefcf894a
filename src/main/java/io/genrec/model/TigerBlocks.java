package io.genrec.model;

import io.genrec.nn.Activation;
import io.genrec.nn.Dense;
import io.genrec.nn.Dims;
import io.genrec.nn.Dropout;
import io.genrec.nn.FeedForward;
import io.genrec.nn.LayerNorm;
import io.genrec.nn.Masks;
import io.genrec.nn.MultiHeadAttention;
import io.genrec.nn.Params;
import java.util.List;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.op.Ops;
import org.tensorflow.op.train.BatchMatMul;
import org.tensorflow.types.TBool;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * Pre-norm encoder and decoder blocks whose attention width (heads × head size) may differ from the
 * model width, as TIGER's 6 × 64 heads over d_model 128 do. The shared {@code nn} blocks would do,
 * but {@code TransformerBlockConfig.attention()} builds its attention with
 * {@code MultiHeadAttention.of(modelDim, numHeads)}, which rejects a model width not divisible by
 * the head count before the head size is applied. Variable names follow the nn blocks
 * ({@code self_attention(_norm)}, {@code cross_attention(_norm)}, {@code feed_forward(_norm)}), so
 * checkpoints stay valid if TIGER moves back to them once that is fixed.
 */
final class TigerBlocks {
  /** What MultiHeadAttention puts in place of disallowed logits (replaced, not offset). */
  private static final float DISALLOWED = -1e9f;

  private final MultiHeadAttention attention;
  private final FeedForward feedForward;
  private final LayerNorm norm;
  private final float dropout;

  TigerBlocks(int modelDim, int numHeads, int headDim, int ffDim, float dropout) {
    this.attention = new MultiHeadAttention(modelDim, numHeads, headDim, dropout, true);
    this.feedForward = FeedForward.of(modelDim, ffDim, Activation.RELU).withDropout(dropout);
    this.norm = new LayerNorm(modelDim, 1e-6f);
    this.dropout = dropout;
  }

  /** Self-attention then feed-forward; mask broadcasts to [batch, heads, length, length]. */
  Operand<TFloat32> encoder(Params params, String name, Operand<TFloat32> x, Operand<TBool> mask) {
    Operand<TFloat32> attended = residual(params, name + "/self_attention_norm", x,
        h -> attention.self(params, name + "/self_attention", h, mask));
    return residual(params, name + "/feed_forward_norm", attended,
        h -> feedForward.apply(params, name + "/feed_forward", h));
  }

  /**
   * Causal self-attention (AND-ed with {@code targetMask} when given), cross-attention over memory,
   * feed-forward. x [batch, n, modelDim] with n known statically.
   */
  Operand<TFloat32> decoder(Params params, String name, Operand<TFloat32> x, Operand<TFloat32> memory,
      Operand<TBool> targetMask, Operand<TBool> memoryMask) {
    Ops tf = params.tf();
    int length = (int) x.shape().get(1);
    Operand<TBool> causal = Masks.causal(tf, length);
    Operand<TBool> selfMask = targetMask == null ? causal : Masks.both(tf, causal, targetMask);
    Operand<TFloat32> attended = residual(params, name + "/self_attention_norm", x,
        h -> attention.self(params, name + "/self_attention", h, selfMask));
    Operand<TFloat32> crossed = residual(params, name + "/cross_attention_norm", attended,
        h -> attention.apply(params, name + "/cross_attention", h, memory, memoryMask));
    return residual(params, name + "/feed_forward_norm", crossed,
        h -> feedForward.apply(params, name + "/feed_forward", h));
  }

  /** One decoder block's cross-attention keys and values of the encoder memory, [batch, heads, width, headDim]. */
  record MemoryKeyValues(Operand<TFloat32> keys, Operand<TFloat32> values) {}

  /** One decoder block's self-attention keys and values of the positions so far, [batch, beams, heads, t, headDim]. */
  record SelfCache(Operand<TFloat32> keys, Operand<TFloat32> values) {}

  /** A decoder block's output for the newest position, and its cache extended by that position. */
  record Step(Operand<TFloat32> output, SelfCache cache) {}

  /**
   * Projects the encoder memory for {@code name}'s cross-attention once, so that every decoding level
   * reuses it (the same kernel as {@link MultiHeadAttention}'s {@code key_value}).
   */
  MemoryKeyValues memoryKeyValues(Function<String, Params> params, String name, Operand<TFloat32> memory) {
    String kv = name + "/cross_attention/key_value";
    Params p = params.apply(kv + "/kernel");
    Ops tf = p.tf();
    int inner = attention.numHeads() * attention.headDim();
    Operand<TFloat32> projected = Dense.of(attention.modelDim(), 2 * inner).apply(p, kv, memory);
    List<Output<TFloat32>> parts = tf.split(tf.constant(-1), projected, 2L).output();
    Operand<TInt32> shape = tf.stack(List.of(Dims.size(tf, memory, 0), Dims.size(tf, memory, 1),
        tf.constant(attention.numHeads()), tf.constant(attention.headDim())));
    Operand<TInt32> toHeads = tf.constant(new int[] {0, 2, 1, 3});
    return new MemoryKeyValues(tf.linalg.transpose(tf.reshape(parts.get(0), shape), toHeads),
        tf.linalg.transpose(tf.reshape(parts.get(1), shape), toHeads));
  }

  /**
   * The decoder block for one new position of every beam, attending to the beam's earlier positions
   * through {@code cache} instead of recomputing them: what {@link #decoder} computes for the last
   * position, at the cost of one position. Inference only (no dropout).
   *
   * @param x [batch, beams, modelDim] the new position's input
   * @param cache the beams' earlier positions, or null at the first position
   * @param memory {@link #memoryKeyValues} of this block
   * @param memoryMask [batch, 1, 1, width]
   */
  Step decoderStep(Function<String, Params> params, String name, Operand<TFloat32> x, SelfCache cache,
      MemoryKeyValues memory, Operand<TBool> memoryMask) {
    Params any = params.apply(name + "/self_attention/qkv/kernel");
    Ops tf = any.tf();
    int beams = (int) x.shape().get(1);
    int heads = attention.numHeads();
    int headDim = attention.headDim();
    int inner = heads * headDim;
    int d = attention.modelDim();
    Operand<TFloat32> scale = tf.constant((float) (1.0 / Math.sqrt(headDim)));

    String self = name + "/self_attention";
    Operand<TFloat32> h = norm(params, tf, name + "/self_attention_norm", x);
    Operand<TFloat32> qkv = Dense.of(d, 3 * inner).apply(params.apply(self + "/qkv/kernel"), self + "/qkv", h);
    List<Output<TFloat32>> parts = tf.split(tf.constant(-1), qkv, 3L).output();
    Operand<TInt32> oneStep = tf.constant(new int[] {-1, beams, heads, 1, headDim});
    Operand<TFloat32> q = tf.math.mul(tf.reshape(parts.get(0), oneStep), scale);
    Operand<TFloat32> k = tf.reshape(parts.get(1), oneStep);
    Operand<TFloat32> v = tf.reshape(parts.get(2), oneStep);
    if (cache != null) {
      k = tf.concat(List.of(cache.keys(), k), tf.constant(3));
      v = tf.concat(List.of(cache.values(), v), tf.constant(3));
    }
    Operand<TFloat32> weights = tf.nn.softmax(tf.train.batchMatMul(q, k, TFloat32.class, BatchMatMul.adjY(true)));
    Operand<TFloat32> context = tf.reshape(tf.train.batchMatMul(weights, v, TFloat32.class),
        tf.constant(new int[] {-1, beams, inner}));
    Operand<TFloat32> attended = tf.math.add(x,
        Dense.of(inner, d).apply(params.apply(self + "/output/kernel"), self + "/output", context));

    String cross = name + "/cross_attention";
    h = norm(params, tf, name + "/cross_attention_norm", attended);
    Operand<TFloat32> query = Dense.of(d, inner).apply(params.apply(cross + "/query/kernel"), cross + "/query", h);
    query = tf.math.mul(tf.linalg.transpose(tf.reshape(query, tf.constant(new int[] {-1, beams, heads, headDim})),
        tf.constant(new int[] {0, 2, 1, 3})), scale);
    Operand<TFloat32> logits = tf.train.batchMatMul(query, memory.keys(), TFloat32.class, BatchMatMul.adjY(true));
    logits = tf.select(memoryMask, logits, tf.constant(DISALLOWED));
    Operand<TFloat32> crossContext = tf.train.batchMatMul(tf.nn.softmax(logits), memory.values(), TFloat32.class);
    crossContext = tf.reshape(tf.linalg.transpose(crossContext, tf.constant(new int[] {0, 2, 1, 3})),
        tf.constant(new int[] {-1, beams, inner}));
    Operand<TFloat32> crossed = tf.math.add(attended,
        Dense.of(inner, d).apply(params.apply(cross + "/output/kernel"), cross + "/output", crossContext));

    h = norm(params, tf, name + "/feed_forward_norm", crossed);
    Operand<TFloat32> out = tf.math.add(crossed,
        feedForward.apply(params.apply(name + "/feed_forward/hidden/kernel"), name + "/feed_forward", h));
    return new Step(out, new SelfCache(k, v));
  }

  private Operand<TFloat32> norm(Function<String, Params> params, Ops tf, String name, Operand<TFloat32> x) {
    return norm.apply(params.apply(name + "/gain"), name, x);
  }

  /** The stack's closing LayerNorm (pre-norm blocks leave the residual stream unnormalised). */
  Operand<TFloat32> finalNorm(Params params, String name, Operand<TFloat32> x) {
    return norm.apply(params, name, x);
  }

  /** {@link #finalNorm} where the norm may already exist in this build. */
  Operand<TFloat32> finalNorm(Function<String, Params> params, String name, Operand<TFloat32> x) {
    return norm.apply(params.apply(name + "/gain"), name, x);
  }

  private Operand<TFloat32> residual(Params params, String normName, Operand<TFloat32> x,
      UnaryOperator<Operand<TFloat32>> sublayer) {
    Operand<TFloat32> out = Dropout.apply(params, sublayer.apply(norm.apply(params, normName, x)), dropout);
    return params.tf().math.add(x, out);
  }
}
