package io.genrec.tokenize;

import java.util.LinkedHashMap;
import java.util.Map;
import org.tensorflow.Session;

/**
 * The RQ-VAE's per-epoch check, a full pass over the items: reconstruction error (which picks the
 * kept weights), latent quantization error, per-level codebook usage and perplexity, and the
 * collision rate before any collision level.
 */
final class RqVaeValidation implements io.genrec.train.Validation {
  static final String KEY = "neg_reconstruction_mse";

  private final RqVaeTraining training;

  RqVaeValidation(RqVaeTraining training) {
    this.training = training;
  }

  @Override
  public Map<String, Double> run(Session session) {
    RqVaeTraining.Evaluation evaluation = training.evaluate(session);
    RqVae.Config config = training.config();
    double reconstruction = ItemPass.mean(evaluation.reconstructionError());
    TokenizerReport codes =
        TokenizerReport.of(RqVae.NAME, training.items().dim(), evaluation.codes(), config.codebookSize(),
            reconstruction, training.items().totalVariance(), new double[0], 0);
    Map<String, Double> metrics = new LinkedHashMap<>();
    metrics.put(KEY, -reconstruction);
    metrics.put("reconstruction_mse", reconstruction);
    metrics.put("relative_error", codes.relativeError());
    metrics.put("latent_quantization_mse", ItemPass.mean(evaluation.latentError()));
    metrics.put("collision_rate", codes.collisionRate());
    for (int level = 0; level < config.levels(); level++) {
      metrics.put("usage_" + (level + 1), codes.usage()[level]);
      metrics.put("perplexity_" + (level + 1), codes.perplexity()[level]);
    }
    return metrics;
  }

  @Override
  public String key() {
    return KEY;
  }
}
