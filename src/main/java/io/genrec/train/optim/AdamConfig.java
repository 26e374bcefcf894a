package io.genrec.train.optim;

/**
 * Adam hyperparameters. {@code epsilon} is added to sqrt(v̂) as in TF's ApplyAdam ("epsilon hat" of
 * Kingma &amp; Ba §2): it differs from PyTorch's placement only by a factor sqrt(1 − β₂ᵗ) on ε.
 *
 * @param clipNorm global gradient-norm clip; 0 or less disables clipping
 */
public record AdamConfig(float beta1, float beta2, float epsilon, float clipNorm) {

  /** β₁ 0.9, β₂ 0.999, ε 1e-8, no clipping. */
  public static AdamConfig defaults() {
    return new AdamConfig(0.9f, 0.999f, 1e-8f, 0f);
  }

  public AdamConfig withBetas(float newBeta1, float newBeta2) {
    return new AdamConfig(newBeta1, newBeta2, epsilon, clipNorm);
  }

  public AdamConfig withEpsilon(float newEpsilon) {
    return new AdamConfig(beta1, beta2, newEpsilon, clipNorm);
  }

  public AdamConfig withClipNorm(float newClipNorm) {
    return new AdamConfig(beta1, beta2, epsilon, newClipNorm);
  }
}
