package io.genrec.model.diger;

import io.genrec.config.ConfigException;
import io.genrec.nn.Params;
import io.genrec.tokenize.RqVae;
import io.genrec.tokenize.RqVaeNetwork;
import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * The RQ-VAE inside DIGER's graph: a {@code genrec tokenize} RQ-VAE's encoder MLP and residual
 * codebooks (its decoder only when {@code model.decoder_weight} > 0), starting from the fitted weights, under the same variable
 * names ({@link RqVaeNetwork}). The bottom {@code frozen_encoder_layers} layers are constants; the
 * rest and the codebooks are parameter group {@value #GROUP}, so {@code train.param_groups.tokenizer}
 * sets their learning rate (the reference: 1e-5 beside the recommender's 1e-3, a multiplier of 0.01).
 */
final class DigerTokenizer {
  /** The parameter group of every trained tokenizer weight. */
  static final String GROUP = "tokenizer";
  /**
   * One pass of the quantizer over rows.
   *
   * @param codes int32 [n, levels], the codes chosen (noisy or not)
   * @param deterministic int32 [n, levels], the noise-free codes (FrqUD's usage counts them)
   * @param offsets per level the straight-through offset {@code y − sg(y)} [n, K]
   * @param latent z [n, latent]
   * @param quantized ẑ = Σ indicator × codebook [n, latent]
   * @param codebookLoss Σ levels of ‖sg(r) − x_q‖² + β‖r − sg(x_q)‖², mean over rows
   * @param noisyShare fraction of rows that took a noisy choice (FrqUD; 1 or 0 otherwise)
   */
  record Pass(Operand<TInt32> codes, Operand<TInt32> deterministic, List<Operand<TFloat32>> offsets,
      Operand<TFloat32> latent, Operand<TFloat32> quantized, Operand<TFloat32> codebookLoss,
      Operand<TFloat32> noisyShare) {}

  /** How noise enters a training pass; built by {@link Diger} from the assignment mode. */
  interface Noise {
    /**
     * The choice at {@code level} given its logits, the deterministic code and (level 0 only
     * matters for FrqUD) the plain nearest code of level 0.
     */
    CodeAssignment.Choice choose(Ops tf, int level, Operand<TFloat32> logits, Operand<TInt32> deterministic);

    /** Fraction of rows given noise, for the logs. */
    Operand<TFloat32> share(Ops tf);
  }

  private final RqVae start;
  private final DigerConfig config;
  private final RqVae.Config shape;

  DigerTokenizer(RqVae start, DigerConfig config) {
    this.start = start;
    this.config = config;
    this.shape = start.config();
    int layers = shape.hidden().length + 1;
    if (config.frozenEncoderLayers() > layers) {
      throw new ConfigException("model.frozen_encoder_layers = " + config.frozenEncoderLayers()
          + ": the tokenizer in " + config.tokenizerInit() + " has only " + layers + " encoder layers");
    }
  }

  int levels() {
    return shape.levels();
  }

  int codebookSize() {
    return shape.codebookSize();
  }

  int dim() {
    return start.embeddingDim();
  }

  /** The encoder MLP over rows {@code x} [n, dim]: ReLU between layers, linear into the latent. */
  Operand<TFloat32> encode(Params params, Operand<TFloat32> x) {
    return mlp(params, RqVaeNetwork.SCOPE + "/encoder", widths(), 0, config.frozenEncoderLayers(), x);
  }

  /**
   * The encoder's trained layers over {@code h}, the output of its frozen layers ({@link
   * #frozenOutputs}): with {@code encodeTrained(frozenOutputs(x))} = {@code encode(x)}, a training
   * step need not recompute, for every item of every batch, layers whose output never changes.
   */
  Operand<TFloat32> encodeTrained(Params params, Operand<TFloat32> h) {
    int frozen = config.frozenEncoderLayers();
    return mlp(params, RqVaeNetwork.SCOPE + "/encoder", widths(), frozen, frozen, h);
  }

  /** The output of the frozen encoder layers for every row of {@code rows} (the rows themselves when none is frozen). */
  float[][] frozenOutputs(float[][] rows) {
    int frozen = config.frozenEncoderLayers();
    if (frozen == 0) return rows;
    try (org.tensorflow.Graph g = new org.tensorflow.Graph()) {
      Ops tf = Ops.create(g);
      Operand<TFloat32> h = tf.constant(rows);
      int[] widths = widths();
      for (int layer = 0; layer < frozen; layer++) {
        h = dense(tf, h, RqVaeNetwork.SCOPE + "/encoder/layer_" + (layer + 1), widths[layer], widths[layer + 1],
            layer + 2 < widths.length);
      }
      try (org.tensorflow.Session session = new org.tensorflow.Session(g);
          org.tensorflow.Result r = session.runner().fetch(h).run()) {
        TFloat32 t = (TFloat32) r.get(0);
        float[][] out = new float[rows.length][widths[frozen]];
        for (int i = 0; i < out.length; i++) {
          t.get(i).copyTo(org.tensorflow.ndarray.buffer.DataBuffers.of(out[i], false, false));
        }
        return out;
      }
    }
  }

  /**
   * The tokenizer's decoder MLP (the encoder's widths reversed) over latents {@code z} [n, latent],
   * every layer trained: only {@code model.decoder_weight} > 0 puts it in the graph.
   */
  Operand<TFloat32> decode(Params params, Operand<TFloat32> z) {
    int[] forward = widths();
    int[] reversed = new int[forward.length];
    for (int i = 0; i < forward.length; i++) reversed[i] = forward[forward.length - 1 - i];
    return mlp(params, RqVaeNetwork.SCOPE + "/decoder", reversed, 0, 0, z);
  }

  /**
   * Dense layers {@code from}.. of {@code widths} over {@code x}, ReLU between them; layers below
   * {@code frozen} are constants, the rest the tokenizer's weights.
   */
  private Operand<TFloat32> mlp(Params params, String scope, int[] widths, int from, int frozen, Operand<TFloat32> x) {
    Operand<TFloat32> h = x;
    for (int layer = from; layer + 1 < widths.length; layer++) {
      String name = scope + "/layer_" + (layer + 1);
      boolean relu = layer + 2 < widths.length;
      if (layer < frozen) {
        h = dense(params.tf(), h, name, widths[layer], widths[layer + 1], relu);
      } else {
        Operand<TFloat32> kernel = tokenizerWeight(params, name + "/kernel", Shape.of(widths[layer], widths[layer + 1]));
        Operand<TFloat32> bias = tokenizerWeight(params, name + "/bias", Shape.of(widths[layer + 1]));
        h = affine(params.tf(), h, kernel, bias, relu);
      }
    }
    return h;
  }

  /** One layer with the tokenizer's fitted weights as constants. */
  private Operand<TFloat32> dense(Ops tf, Operand<TFloat32> h, String name, int in, int out, boolean relu) {
    return affine(tf, h, constant(tf, Shape.of(in, out), start.weight(name + "/kernel")),
        constant(tf, Shape.of(out), start.weight(name + "/bias")), relu);
  }

  /** h·kernel + bias, then ReLU when {@code relu}. */
  private static Operand<TFloat32> affine(Ops tf, Operand<TFloat32> h, Operand<TFloat32> kernel, Operand<TFloat32> bias,
      boolean relu) {
    Operand<TFloat32> y = tf.nn.biasAdd(tf.linalg.matMul(h, kernel), bias);
    return relu ? tf.nn.relu(y) : y;
  }

  /** Every level's codebook [K, latent], in level order (variables created on the first call of a build). */
  List<Operand<TFloat32>> codebooks(Params params) {
    List<Operand<TFloat32>> books = new ArrayList<>();
    for (int level = 0; level < levels(); level++) {
      books.add(tokenizerWeight(params, RqVaeNetwork.codebookName(level),
          Shape.of(shape.codebookSize(), shape.latentDim())));
    }
    return books;
  }

  /** A weight the tokenizer trains; in the frozen mode (nothing trains it) the tokenizer's own value, as a constant. */
  private Operand<TFloat32> tokenizerWeight(Params params, String name, Shape shape) {
    float[] value = start.weight(name);
    if (!config.assignment().trainsTokenizer()) return constant(params.tf(), shape, value);
    return params.group(GROUP).variable(name, shape, (tf, s, seed) -> constant(tf, shape, value), false).value();
  }

  /** A fixed weight: a graph constant. */
  static Operand<TFloat32> constant(Ops tf, Shape shape, float[] values) {
    return tf.constant(shape, org.tensorflow.ndarray.buffer.DataBuffers.of(values, true, false));
  }

  /**
   * The training pass: per level the logits (negative distances, centred when Sinkhorn is on), the
   * choice {@code noise} makes, the indicator's codeword {@code indicator × codebook} (exactly the
   * chosen codeword forward), the codebook and commitment terms, and the residual passed on
   * ({@code r − sg(x_q)}, as {@code genrec tokenize} trains it).
   *
   * @param rowWeights float32 [n]: 1 for real items, 0 for the padding item
   * @param balanced int32 [m]: the rows Sinkhorn balances (their code prices then code the others),
   *     or null for every row
   */
  Pass train(Ops tf, Operand<TFloat32> z, List<Operand<TFloat32>> books, Noise noise, Operand<TFloat32> rowWeights,
      Operand<TInt32> balanced) {
    List<Operand<TInt32>> codes = new ArrayList<>();
    List<Operand<TInt32>> deterministic = new ArrayList<>();
    List<Operand<TFloat32>> offsets = new ArrayList<>();
    Operand<TFloat32> residual = z;
    Operand<TFloat32> quantized = null;
    Operand<TFloat32> loss = null;
    for (int level = 0; level < levels(); level++) {
      Operand<TFloat32> book = books.get(level);
      Operand<TFloat32> d = CodeAssignment.squaredDistances(tf, residual, book);
      Operand<TFloat32> logits;
      Operand<TInt32> det;
      if (config.sinkhornEpsilon() > 0) {
        Operand<TFloat32> centred = io.genrec.nn.Sinkhorn.centred(tf, d);
        logits = tf.math.neg(centred);
        det = balanced == null
            ? io.genrec.nn.Sinkhorn.codes(tf, centred, config.sinkhornEpsilon(), config.sinkhornIters())
            : io.genrec.nn.Sinkhorn.codes(tf, centred, balanced, config.sinkhornEpsilon(), config.sinkhornIters());
      } else {
        logits = tf.math.neg(d);
        det = tf.math.argMax(tf.stopGradient(logits), tf.constant(1), TInt32.class);
      }
      CodeAssignment.Choice choice = noise.choose(tf, level, logits, det);
      Operand<TFloat32> indicator = CodeAssignment.indicator(tf, choice, shape.codebookSize());
      Operand<TFloat32> chosen = tf.linalg.matMul(indicator, book);
      codes.add(choice.code());
      deterministic.add(det);
      offsets.add(CodeAssignment.straightThrough(tf, choice.soft()));
      Operand<TFloat32> codebookTerm = meanSquared(tf, tf.stopGradient(residual), chosen, rowWeights);
      Operand<TFloat32> commitment = meanSquared(tf, residual, tf.stopGradient(chosen), rowWeights);
      Operand<TFloat32> levelLoss = tf.math.add(codebookTerm,
          tf.math.mul(tf.constant((float) shape.beta()), commitment));
      loss = loss == null ? levelLoss : tf.math.add(loss, levelLoss);
      quantized = quantized == null ? chosen : tf.math.add(quantized, chosen);
      residual = tf.math.sub(residual, tf.stopGradient(chosen));
    }
    return new Pass(stack(tf, codes), stack(tf, deterministic), List.copyOf(offsets), z, quantized, loss,
        noise.share(tf));
  }

  /**
   * Noise-free codes of rows (every item at an ID refresh, a new item in serving): nearest code per
   * level, or Sinkhorn over all the rows at once when Sinkhorn is on, as the reference does.
   */
  Operand<TInt32> codes(Ops tf, Operand<TFloat32> z, List<Operand<TFloat32>> books) {
    return codes(tf, z, books, config.sinkhornEpsilon() > 0);
  }

  /** As {@link #codes(Ops, Operand, List)}; {@code balanced} false takes the nearest codes (one new item has no batch to balance). */
  Operand<TInt32> codes(Ops tf, Operand<TFloat32> z, List<Operand<TFloat32>> books, boolean balanced) {
    List<Operand<TInt32>> codes = new ArrayList<>();
    Operand<TFloat32> residual = z;
    for (int level = 0; level < levels(); level++) {
      Operand<TFloat32> book = books.get(level);
      Operand<TFloat32> d = CodeAssignment.squaredDistances(tf, residual, book);
      Operand<TInt32> code = balanced
          ? io.genrec.nn.Sinkhorn.codes(tf, io.genrec.nn.Sinkhorn.centred(tf, d), config.sinkhornEpsilon(),
              config.sinkhornIters())
          : tf.math.argMin(d, tf.constant(1), TInt32.class);
      codes.add(code);
      residual = tf.math.sub(residual, tf.gather(book, code, tf.constant(0)));
    }
    return stack(tf, codes);
  }

  /** Level-0 nearest code without Sinkhorn (FrqUD's hot test), from the latent z. */
  static Operand<TInt32> nearest(Ops tf, Operand<TFloat32> z, Operand<TFloat32> book) {
    return tf.math.argMin(tf.stopGradient(CodeAssignment.squaredDistances(tf, z, book)), tf.constant(1),
        TInt32.class);
  }

  private int[] widths() {
    int[] hidden = shape.hidden();
    int[] widths = new int[hidden.length + 2];
    widths[0] = start.embeddingDim();
    System.arraycopy(hidden, 0, widths, 1, hidden.length);
    widths[widths.length - 1] = shape.latentDim();
    return widths;
  }

  /** Σ_rows w·‖a − b‖² / max(Σ w, 1): rows of weight 0 (the padding item) count for nothing. */
  static Operand<TFloat32> meanSquared(Ops tf, Operand<TFloat32> a, Operand<TFloat32> b, Operand<TFloat32> w) {
    Operand<TFloat32> rows = tf.sum(tf.math.squaredDifference(a, b), tf.constant(1));
    return tf.math.div(tf.sum(tf.math.mul(rows, w), tf.constant(0)),
        tf.math.maximum(tf.sum(w, tf.constant(0)), tf.constant(1f)));
  }

  private static Operand<TInt32> stack(Ops tf, List<Operand<TInt32>> columns) {
    return tf.stack(columns, org.tensorflow.op.core.Stack.axis(1L));
  }

}
