package io.genrec.tokenize;

import io.genrec.nn.Activation;
import io.genrec.nn.Dense;
import io.genrec.nn.Init;
import io.genrec.nn.Param;
import io.genrec.nn.Params;
import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Stack;
import org.tensorflow.op.core.Sum;
import org.tensorflow.op.linalg.MatMul;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;

/**
 * The RQ-VAE graph of TIGER (Rajput et al., 2023): an MLP encoder maps an item embedding to a
 * latent vector, {@code L} codebooks quantize it residually (level {@code l} codes what levels
 * {@code < l} left), and an MLP decoder reconstructs the embedding from the sum of the chosen code
 * vectors.
 *
 * <p>Loss: {@code ‖x − x̂‖² + Σ_l (‖sg(r_l) − e_l‖² + β‖r_l − sg(e_l)‖²)}, each term a mean over
 * items of a squared L2 norm. The decoder sees {@code z + sg(z_q − z)} (straight-through), so the
 * reconstruction gradient reaches the encoder as if quantization were the identity; codebooks
 * learn from their own codebook term only. The residual passed on is {@code r_l − sg(e_l)}, so a
 * level's commitment term does not pull on the codebooks before it.
 *
 * <p>Variable names are the checkpoint's contract with models that reuse the tokenizer (DIGER):
 * {@code rqvae/encoder/layer_1/kernel}, ..., {@code rqvae/codebook_1}, ...,
 * {@code rqvae/decoder/layer_1/kernel}, ...
 */
public final class RqVaeNetwork {
  public static final String SCOPE = "rqvae";

  /**
   * @param latent encoder output {@code z}, [batch, latent]
   * @param codes [batch, levels] int64
   * @param quantized {@code z_q}, the sum of the chosen code vectors, [batch, latent]
   * @param residuals the input of each level ({@code r_1 = z}), [batch, latent] each
   * @param codeVectors the chosen code vector of each level, [batch, latent] each
   * @param quantizationLoss {@code Σ_l} codebook + β·commitment term (scalar)
   * @param codebooks the codebook parameters, level order, [codebookSize, latent] each
   */
  public record Quantization(
      Operand<TFloat32> latent,
      Operand<TInt64> codes,
      Operand<TFloat32> quantized,
      List<Operand<TFloat32>> residuals,
      List<Operand<TFloat32>> codeVectors,
      Operand<TFloat32> quantizationLoss,
      List<Param> codebooks) {}

  /**
   * @param reconstruction decoder output on the straight-through latent, [batch, dim]
   * @param reconstructionError per item {@code ‖x − x̂‖²}, [batch]
   * @param reconstructionLoss mean of {@code reconstructionError}
   * @param loss the training loss
   */
  public record Training(
      Quantization quantization,
      Operand<TFloat32> reconstruction,
      Operand<TFloat32> reconstructionError,
      Operand<TFloat32> reconstructionLoss,
      Operand<TFloat32> loss) {}

  private RqVaeNetwork() {}

  /** Encoder, quantizer, straight-through decoder and the loss over input rows {@code x} [batch, dim]. */
  public static Training build(Params params, RqVae.Config config, int dim, Operand<TFloat32> x) {
    Ops tf = params.tf();
    Quantization q = quantize(params, config, encode(params, config, dim, x));
    Operand<TFloat32> z = q.latent();
    Operand<TFloat32> straightThrough = tf.math.add(z, tf.stopGradient(tf.math.sub(q.quantized(), z)));
    Operand<TFloat32> reconstruction = decode(params, config, dim, straightThrough);
    Operand<TFloat32> error = rowSquaredDistance(tf, x, reconstruction);
    Operand<TFloat32> reconstructionLoss = tf.math.mean(error, tf.constant(0));
    Operand<TFloat32> loss = tf.math.add(reconstructionLoss, q.quantizationLoss());
    return new Training(q, reconstruction, error, reconstructionLoss, loss);
  }

  /** The encoder MLP: ReLU between layers, linear into the latent space. */
  public static Operand<TFloat32> encode(Params params, RqVae.Config config, int dim, Operand<TFloat32> x) {
    return mlp(params, SCOPE + "/encoder", widths(dim, config.hidden(), config.latentDim()), x);
  }

  /** The decoder MLP, the encoder's widths reversed. */
  public static Operand<TFloat32> decode(Params params, RqVae.Config config, int dim, Operand<TFloat32> z) {
    int[] hidden = config.hidden();
    int[] reversed = new int[hidden.length];
    for (int i = 0; i < hidden.length; i++) reversed[i] = hidden[hidden.length - 1 - i];
    return mlp(params, SCOPE + "/decoder", widths(config.latentDim(), reversed, dim), z);
  }

  /** Residual quantization of the latent {@code z}; codes are the nearest code vector per level. */
  public static Quantization quantize(Params params, RqVae.Config config, Operand<TFloat32> z) {
    Ops tf = params.tf();
    List<Operand<TFloat32>> residuals = new ArrayList<>();
    List<Operand<TFloat32>> codeVectors = new ArrayList<>();
    List<Operand<TInt64>> codes = new ArrayList<>();
    List<Param> codebooks = new ArrayList<>();
    Operand<TFloat32> residual = z;
    Operand<TFloat32> quantized = null;
    Operand<TFloat32> loss = null;
    for (int level = 0; level < config.levels(); level++) {
      // Uniform init is a placeholder: fit overwrites every codebook with k-means centroids.
      Param codebook =
          params.variable(
              codebookName(level), Shape.of(config.codebookSize(), config.latentDim()), Init.uniform(0.1f), false);
      codebooks.add(codebook);
      residuals.add(residual);
      Operand<TInt64> code = params.training() && config.sinkhornEpsilon() > 0
          ? balanced(tf, tf.stopGradient(residual), tf.stopGradient(codebook.value()), config)
          : nearest(tf, tf.stopGradient(residual), tf.stopGradient(codebook.value()));
      Operand<TFloat32> chosen = tf.gather(codebook.value(), code, tf.constant(0));
      codes.add(code);
      codeVectors.add(chosen);
      Operand<TFloat32> codebookTerm = meanSquaredDistance(tf, tf.stopGradient(residual), chosen);
      Operand<TFloat32> commitment = meanSquaredDistance(tf, residual, tf.stopGradient(chosen));
      Operand<TFloat32> levelLoss =
          tf.math.add(codebookTerm, tf.math.mul(tf.constant((float) config.beta()), commitment));
      loss = loss == null ? levelLoss : tf.math.add(loss, levelLoss);
      quantized = quantized == null ? chosen : tf.math.add(quantized, chosen);
      residual = tf.math.sub(residual, tf.stopGradient(chosen));
    }
    Operand<TInt64> stacked = tf.stack(codes, Stack.axis(1L));
    return new Quantization(z, stacked, quantized, List.copyOf(residuals), List.copyOf(codeVectors), loss,
        List.copyOf(codebooks));
  }

  /** {@code rqvae/codebook_<level + 1>} (0-based level). */
  public static String codebookName(int level) {
    return SCOPE + "/codebook_" + (level + 1);
  }

  /** Per row {@code ‖a − b‖²}, [batch]. */
  static Operand<TFloat32> rowSquaredDistance(Ops tf, Operand<TFloat32> a, Operand<TFloat32> b) {
    return tf.sum(tf.math.squaredDifference(a, b), tf.constant(1));
  }

  private static Operand<TFloat32> meanSquaredDistance(Ops tf, Operand<TFloat32> a, Operand<TFloat32> b) {
    return tf.math.mean(rowSquaredDistance(tf, a, b), tf.constant(0));
  }

  /**
   * Index of the nearest codebook row for each residual: {@code ‖r‖² − 2 r·cᵀ + ‖c‖²}. Inputs are
   * stopped, so no gradient is asked of ArgMin (it has none).
   */
  /** The batch's codes by Sinkhorn-balanced transport over its distances (training only: one new item has no batch). */
  private static Operand<TInt64> balanced(Ops tf, Operand<TFloat32> residual, Operand<TFloat32> codebook,
      RqVae.Config config) {
    Operand<TFloat32> distances = distances(tf, residual, codebook);
    return tf.dtypes.cast(io.genrec.nn.Sinkhorn.codes(tf, io.genrec.nn.Sinkhorn.centred(tf, distances),
        config.sinkhornEpsilon(), config.sinkhornIters()), TInt64.class);
  }

  private static Operand<TInt64> nearest(Ops tf, Operand<TFloat32> residual, Operand<TFloat32> codebook) {
    return tf.math.argMin(distances(tf, residual, codebook), tf.constant(1));
  }

  /** ‖r‖² + ‖e‖² − 2 r·e [n, K]. */
  private static Operand<TFloat32> distances(Ops tf, Operand<TFloat32> residual, Operand<TFloat32> codebook) {
    Operand<TFloat32> residualNorms = tf.sum(tf.math.square(residual), tf.constant(1), Sum.keepDims(true));
    Operand<TFloat32> codeNorms =
        tf.reshape(tf.sum(tf.math.square(codebook), tf.constant(1)), tf.constant(new int[] {1, -1}));
    Operand<TFloat32> cross = tf.linalg.matMul(residual, codebook, MatMul.transposeB(true));
    return tf.math.add(tf.math.sub(residualNorms, tf.math.mul(tf.constant(2f), cross)), codeNorms);
  }

  private static int[] widths(int in, int[] hidden, int out) {
    int[] widths = new int[hidden.length + 2];
    widths[0] = in;
    System.arraycopy(hidden, 0, widths, 1, hidden.length);
    widths[widths.length - 1] = out;
    return widths;
  }

  private static Operand<TFloat32> mlp(Params params, String name, int[] widths, Operand<TFloat32> x) {
    Operand<TFloat32> h = x;
    int layers = widths.length - 1;
    for (int layer = 0; layer < layers; layer++) {
      Activation activation = layer + 1 < layers ? Activation.RELU : Activation.NONE;
      h = Dense.of(widths[layer], widths[layer + 1]).withActivation(activation)
          .apply(params, name + "/layer_" + (layer + 1), h);
    }
    return h;
  }
}
