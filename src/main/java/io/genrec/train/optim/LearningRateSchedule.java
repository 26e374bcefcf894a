package io.genrec.train.optim;

import java.util.Locale;

/**
 * Learning rate as a pure function of the 0-based update number (the value fed to
 * {@link Optimizer#LEARNING_RATE} for that update). Warm-up is linear: update s (s < warmup) gets
 * {@code peak·(s+1)/warmup}, so the first update is not wasted at rate 0.
 */
public sealed interface LearningRateSchedule {

  double at(long step);

  /** The same rate throughout. */
  record Constant(double rate) implements LearningRateSchedule {
    @Override
    public double at(long step) {
      return rate;
    }
  }

  /**
   * Linear warm-up to {@code peak}, then {@code peak·sqrt(warmup/(s+1))} (the Transformer's schedule,
   * continuous at s+1 = warmup). warmup 0 means pure {@code peak/sqrt(s+1)}.
   */
  record WarmupInverseSqrt(double peak, long warmup) implements LearningRateSchedule {
    @Override
    public double at(long step) {
      double n = step + 1.0;
      double w = Math.max(warmup, 1);
      return n < w ? peak * n / w : peak * Math.sqrt(w / n);
    }
  }

  /**
   * Linear warm-up to {@code peak}, then half a cosine from {@code peak} (at s = warmup) down to
   * {@code floor} (at s = total), and {@code floor} after that.
   */
  record WarmupCosine(double peak, long warmup, long total, double floor) implements LearningRateSchedule {
    @Override
    public double at(long step) {
      if (step < warmup) {
        return peak * (step + 1.0) / warmup;
      }
      double progress = Math.min(1.0, (step - warmup) / (double) Math.max(1, total - warmup));
      return floor + (peak - floor) * 0.5 * (1.0 + Math.cos(Math.PI * progress));
    }
  }

  /**
   * From a config name: "constant", "warmup_inverse_sqrt" or "cosine" (warm-up then cosine to
   * {@code floor} at {@code total}). Arguments a schedule does not use are ignored.
   */
  static LearningRateSchedule parse(String name, double peak, long warmup, long total, double floor) {
    switch (name.trim().toLowerCase(Locale.ROOT)) {
      case "constant":
        return new Constant(peak);
      case "warmup_inverse_sqrt":
        return new WarmupInverseSqrt(peak, warmup);
      case "cosine":
        return new WarmupCosine(peak, warmup, total, floor);
      default:
        throw new IllegalArgumentException(
            "unknown learning-rate schedule '" + name + "' (constant, warmup_inverse_sqrt, cosine)");
    }
  }
}
