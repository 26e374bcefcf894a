package io.genrec.model.tiger;

import io.genrec.nn.Dense;
import io.genrec.nn.FeedForward;
import io.genrec.nn.Init;
import io.genrec.nn.LayerNorm;
import io.genrec.nn.MultiHeadAttention;
import io.genrec.nn.Params;
import io.genrec.nn.TransformerBlockConfig;
import io.genrec.nn.TransformerDecoderBlock;
import io.genrec.nn.TransformerEncoderBlock;
import java.util.List;
import java.util.function.Function;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.ReduceMax;
import org.tensorflow.op.core.ReduceSum;
import org.tensorflow.op.train.BatchMatMul;
import org.tensorflow.types.TBool;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * TIGER's inference path: the function of the shared pre-norm {@code nn} blocks
 * ({@link TransformerEncoderBlock}, {@link TransformerDecoderBlock}, which training uses) over the
 * same weights, in a layout made for small batches: head-major kernels instead of transposed
 * activations, softmax from plain ops, and a decoder run one position at a time with per-beam
 * key/value caches ({@link #decoderStep}). Variable names are the blocks' own
 * ({@code self_attention(_norm)}, {@code cross_attention(_norm)}, {@code feed_forward(_norm)}).
 *
 * <p>The head-major kernels are gathers of weights: a frozen export folds them once at load, and only
 * then does the encoder's layout pay (one user at reference size 14.5-14.9 -> 12.0-12.3 ms; 256
 * users unchanged); with per-call gathers it had gained nothing.
 */
final class TigerInferenceBlocks {
  /** What MultiHeadAttention puts in place of disallowed logits (replaced, not offset). */
  private static final float DISALLOWED = -1e9f;

  private final MultiHeadAttention attention;
  private final FeedForward feedForward;
  private final LayerNorm norm;

  /** @param config the blocks training builds (pre-norm); only their sizes and norm are used here */
  TigerInferenceBlocks(TransformerBlockConfig config) {
    this.attention = config.attention();
    this.feedForward = config.feedForward();
    this.norm = config.norm();
  }

  /**
   * What one decoder block's cross-attention needs at every decoding level, prepared once per call:
   * the encoder memory's keys and values [batch, heads, width, headDim], and the query and output
   * kernels rearranged per head ([heads, modelDim, headDim] and [heads, headDim, modelDim]) so that
   * each level's queries come out head-major and leave head-major, with no transpose of activations.
   */
  record CrossAttention(Operand<TFloat32> keys, Operand<TFloat32> values, Operand<TFloat32> queryKernel,
      Operand<TFloat32> queryBias, Operand<TFloat32> outputKernel, Operand<TFloat32> outputBias) {}

  /** One decoder block's self-attention keys and values of the positions so far, [batch, beams, heads, t, headDim]. */
  record SelfCache(Operand<TFloat32> keys, Operand<TFloat32> values) {}

  /** A decoder block's output for the newest position, and its cache extended by that position. */
  record Step(Operand<TFloat32> output, SelfCache cache) {}

  /**
   * Prepares {@code name}'s cross-attention for decoding: the memory projected once (the same
   * {@code key_value} weights as {@link MultiHeadAttention}), the query and output weights per head.
   */
  CrossAttention crossAttention(Function<String, Params> params, String name, Operand<TFloat32> memory) {
    String cross = name + "/cross_attention";
    Ops tf = params.apply(cross + "/key_value/kernel").tf();
    int heads = attention.numHeads();
    int headDim = attention.headDim();
    int inner = heads * headDim;
    int d = attention.modelDim();
    Operand<TFloat32> kvKernel = weight(params, cross + "/key_value/kernel", Shape.of(d, 2 * inner), true);
    Operand<TFloat32> kvBias = weight(params, cross + "/key_value/bias", Shape.of(2 * inner), false);
    // [batch, 1, width, d] × [2·heads, d, headDim] → keys and values already head-major.
    Operand<TFloat32> kv = tf.math.add(
        tf.train.batchMatMul(tf.expandDims(memory, tf.constant(1)), headMajor(tf, kvKernel, 2 * heads), TFloat32.class),
        tf.reshape(kvBias, tf.constant(new int[] {2 * heads, 1, headDim})));
    List<Output<TFloat32>> parts = tf.split(tf.constant(1), kv, 2L).output();
    Operand<TFloat32> queryKernel = weight(params, cross + "/query/kernel", Shape.of(d, inner), true);
    Operand<TFloat32> queryBias = weight(params, cross + "/query/bias", Shape.of(inner), false);
    Operand<TFloat32> outputKernel = weight(params, cross + "/output/kernel", Shape.of(inner, d), true);
    Operand<TFloat32> outputBias = weight(params, cross + "/output/bias", Shape.of(d), false);
    return new CrossAttention(parts.get(0), parts.get(1), headMajor(tf, queryKernel, heads),
        tf.reshape(queryBias, tf.constant(new int[] {heads, 1, headDim})),
        tf.reshape(outputKernel, tf.constant(new int[] {heads, headDim, d})),
        outputBias);
  }

  /**
   * A kernel [in, n·headDim] as n matrices [n, in, headDim], by gathering rows rather than by a
   * transpose: with oneDNN on, a transpose becomes a reorder primitive, which profiled as one of
   * the largest costs of a one-user beam search (unstack and stack were no better).
   */
  private Operand<TFloat32> headMajor(Ops tf, Operand<TFloat32> kernel, int n) {
    int in = (int) kernel.shape().get(0);
    int headDim = attention.headDim();
    // Row (i, j) of the [in·n, headDim] view is input i of matrix j; gather them matrix by matrix.
    int[] rows = new int[in * n];
    for (int j = 0; j < n; j++) for (int i = 0; i < in; i++) rows[j * in + i] = i * n + j;
    Operand<TFloat32> flat = tf.reshape(kernel, tf.constant(new int[] {in * n, headDim}));
    return tf.reshape(tf.gather(flat, tf.constant(rows), tf.constant(0)), tf.constant(new int[] {n, in, headDim}));
  }

  /**
   * {@link TransformerEncoderBlock} for inference, the same arithmetic without transposing activations: queries,
   * keys and values come out head-major from head-major kernels, and the heads merge through a
   * per-head output projection summed over heads. Softmax is spelled out, as in {@link #decoderStep}.
   */
  Operand<TFloat32> encoder(Params params, String name, Operand<TFloat32> x, Operand<TBool> mask) {
    Ops tf = params.tf();
    int heads = attention.numHeads();
    int headDim = attention.headDim();
    int inner = heads * headDim;
    int d = attention.modelDim();
    String self = name + "/self_attention";
    Function<String, Params> same = n -> params;
    Operand<TFloat32> qkvKernel = weight(same, self + "/qkv/kernel", Shape.of(d, 3 * inner), true);
    Operand<TFloat32> qkvBias = weight(same, self + "/qkv/bias", Shape.of(3 * inner), false);
    Operand<TFloat32> outputKernel = weight(same, self + "/output/kernel", Shape.of(inner, d), true);
    Operand<TFloat32> outputBias = weight(same, self + "/output/bias", Shape.of(d), false);

    Operand<TFloat32> h = norm.apply(params, name + "/self_attention_norm", x);
    Operand<TFloat32> qkv = tf.math.add(
        tf.train.batchMatMul(tf.expandDims(h, tf.constant(1)), headMajor(tf, qkvKernel, 3 * heads), TFloat32.class),
        tf.reshape(qkvBias, tf.constant(new int[] {3 * heads, 1, headDim})));
    List<Output<TFloat32>> parts = tf.split(tf.constant(1), qkv, 3L).output();
    Operand<TFloat32> q = tf.math.mul(parts.get(0), tf.constant((float) (1.0 / Math.sqrt(headDim))));
    Operand<TFloat32> logits = tf.train.batchMatMul(q, parts.get(1), TFloat32.class, BatchMatMul.adjY(true));
    if (mask != null) logits = tf.select(mask, logits, tf.constant(DISALLOWED));
    Operand<TFloat32> context = tf.train.batchMatMul(softmax(tf, logits), parts.get(2), TFloat32.class);
    Operand<TFloat32> merged = tf.reduceSum(tf.train.batchMatMul(context,
        tf.reshape(outputKernel, tf.constant(new int[] {heads, headDim, d})), TFloat32.class), tf.constant(1));
    Operand<TFloat32> attended = tf.math.add(x, tf.math.add(merged, outputBias));

    h = norm.apply(params, name + "/feed_forward_norm", attended);
    return tf.math.add(attended, feedForward.apply(params, name + "/feed_forward", h));
  }

  /** A Dense layer's kernel or bias by name (created as {@link Dense} would, if this build has none yet). */
  private static Operand<TFloat32> weight(Function<String, Params> params, String name, Shape shape, boolean kernel) {
    return params.apply(name).variable(name, shape, kernel ? Init.glorotUniform() : Init.zeros(), kernel).value();
  }

  /**
   * The decoder block for one new position of every beam, attending to the beam's earlier positions
   * through {@code cache} instead of recomputing them: what {@link TransformerDecoderBlock} computes for the last
   * position, at the cost of one position. Inference only (no dropout).
   *
   * <p>Softmax is spelled out (max, exp, sum) and no activation is transposed: with oneDNN on, its
   * softmax and transpose cost about 0.2 ms each on these tiny tensors, several times the arithmetic,
   * and a single user's beam search would run dozens of them.
   *
   * @param x [batch, beams, modelDim] the new position's input
   * @param cache the beams' earlier positions, or null at the first position
   * @param cross {@link #crossAttention} of this block
   * @param memoryMask [batch, 1, 1, width]
   */
  Step decoderStep(Function<String, Params> params, String name, Operand<TFloat32> x, SelfCache cache,
      CrossAttention cross, Operand<TBool> memoryMask) {
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
    Operand<TFloat32> weights = softmax(tf, tf.train.batchMatMul(q, k, TFloat32.class, BatchMatMul.adjY(true)));
    Operand<TFloat32> context = tf.reshape(tf.train.batchMatMul(weights, v, TFloat32.class),
        tf.constant(new int[] {-1, beams, inner}));
    Operand<TFloat32> attended = tf.math.add(x,
        Dense.of(inner, d).apply(params.apply(self + "/output/kernel"), self + "/output", context));

    h = norm(params, tf, name + "/cross_attention_norm", attended);
    // [batch, 1, beams, d] × [heads, d, headDim] → [batch, heads, beams, headDim]
    Operand<TFloat32> query = tf.train.batchMatMul(tf.expandDims(h, tf.constant(1)), cross.queryKernel(),
        TFloat32.class);
    query = tf.math.mul(tf.math.add(query, cross.queryBias()), scale);
    Operand<TFloat32> logits = tf.train.batchMatMul(query, cross.keys(), TFloat32.class, BatchMatMul.adjY(true));
    logits = tf.select(memoryMask, logits, tf.constant(DISALLOWED));
    Operand<TFloat32> crossContext = tf.train.batchMatMul(softmax(tf, logits), cross.values(), TFloat32.class);
    // Σ over heads of [batch, heads, beams, headDim] × [heads, headDim, d] = the merged-heads projection.
    Operand<TFloat32> projected = tf.reduceSum(
        tf.train.batchMatMul(crossContext, cross.outputKernel(), TFloat32.class), tf.constant(1));
    Operand<TFloat32> crossed = tf.math.add(attended, tf.math.add(projected, cross.outputBias()));

    h = norm(params, tf, name + "/feed_forward_norm", crossed);
    Operand<TFloat32> out = tf.math.add(crossed,
        feedForward.apply(params.apply(name + "/feed_forward/hidden/kernel"), name + "/feed_forward", h));
    return new Step(out, new SelfCache(k, v));
  }

  /** Softmax over the last axis from plain ops (see {@link #decoderStep} for why). */
  private static Operand<TFloat32> softmax(Ops tf, Operand<TFloat32> logits) {
    Operand<TFloat32> shifted = tf.math.exp(tf.math.sub(logits,
        tf.reduceMax(logits, tf.constant(-1), ReduceMax.keepDims(true))));
    return tf.math.div(shifted, tf.reduceSum(shifted, tf.constant(-1), ReduceSum.keepDims(true)));
  }

  private Operand<TFloat32> norm(Function<String, Params> params, Ops tf, String name, Operand<TFloat32> x) {
    return norm.apply(params.apply(name + "/gain"), name, x);
  }
}
