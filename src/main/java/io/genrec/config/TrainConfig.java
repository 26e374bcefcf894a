package io.genrec.config;

import com.google.gson.annotations.SerializedName;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How a model is trained; the same keys mean the same thing for every model.
 *
 * @param epochs upper bound on epochs (early stopping usually ends sooner)
 * @param batchSize training examples per step
 * @param lr peak learning rate
 * @param optimizer adam, or adamw (decoupled weight decay, not applied to biases and norms)
 * @param weightDecay decay coefficient; 0 turns it off
 * @param beta1 Adam's first-moment decay
 * @param beta2 Adam's second-moment decay
 * @param epsilon Adam's denominator guard
 * @param schedule learning-rate schedule over steps
 * @param warmupSteps linear warm-up length for the warm-up schedules
 * @param minLrRatio floor of the cosine schedule as a fraction of lr
 * @param clipNorm global gradient-norm clipping; 0 turns it off
 * @param patience epochs without a better validation metric before stopping; 0 never stops early
 * @param evalEvery validate every this many epochs
 * @param intraOpThreads TensorFlow intra-op threads (0 = TensorFlow's choice)
 * @param interOpThreads TensorFlow inter-op threads (0 = TensorFlow's choice)
 * @param progress draw a progress bar on the terminal
 * @param precision float32, or bf16 (oneDNN auto mixed precision: see {@link Precision})
 * @param paramGroups per parameter group (by name): learning-rate multiplier, own clip norm, frozen;
 *     empty: every parameter trains alike
 */
public record TrainConfig(
    int epochs,
    int batchSize,
    double lr,
    Optimizer optimizer,
    double weightDecay,
    double beta1,
    double beta2,
    double epsilon,
    Schedule schedule,
    int warmupSteps,
    double minLrRatio,
    double clipNorm,
    int patience,
    int evalEvery,
    int intraOpThreads,
    int interOpThreads,
    boolean progress,
    Precision precision,
    Map<String, ParamGroupConfig> paramGroups)
    implements Section {

  /** Keeps the file's order: it is the order groups are reported in. */
  public TrainConfig {
    paramGroups = paramGroups == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(paramGroups));
    precision = precision == null ? Precision.FLOAT32 : precision;
  }

  /** Without parameter groups, the common case (tokenizers' training, tests). */
  public TrainConfig(int epochs, int batchSize, double lr, Optimizer optimizer, double weightDecay, double beta1,
      double beta2, double epsilon, Schedule schedule, int warmupSteps, double minLrRatio, double clipNorm,
      int patience, int evalEvery, int intraOpThreads, int interOpThreads, boolean progress) {
    this(epochs, batchSize, lr, optimizer, weightDecay, beta1, beta2, epsilon, schedule, warmupSteps, minLrRatio,
        clipNorm, patience, evalEvery, intraOpThreads, interOpThreads, progress, Precision.FLOAT32, Map.of());
  }

  public enum Optimizer {
    @SerializedName("adam") ADAM,
    @SerializedName("adamw") ADAMW
  }

  public enum Schedule {
    @SerializedName("constant") CONSTANT,
    @SerializedName("warmup_inverse_sqrt") WARMUP_INVERSE_SQRT,
    @SerializedName("cosine") COSINE
  }

  public static TrainConfig defaults() {
    return new TrainConfig(
        200, 128, 1e-3, Optimizer.ADAM, 0.0, 0.9, 0.98, 1e-8, Schedule.CONSTANT, 0, 0.0, 0.0, 10, 1,
        2, 1, true);
  }

  @Override
  public void validate(String p) {
    Require.positive(p + ".epochs", epochs);
    Require.positive(p + ".batch_size", batchSize);
    Require.positive(p + ".lr", lr);
    Require.nonNegative(p + ".weight_decay", weightDecay);
    Require.inHalfOpen(p + ".beta1", beta1, 0, 1);
    Require.inHalfOpen(p + ".beta2", beta2, 0, 1);
    Require.positive(p + ".epsilon", epsilon);
    Require.nonNegative(p + ".warmup_steps", warmupSteps);
    Require.inRange(p + ".min_lr_ratio", minLrRatio, 0, 1);
    Require.nonNegative(p + ".clip_norm", clipNorm);
    Require.nonNegative(p + ".patience", patience);
    Require.positive(p + ".eval_every", evalEvery);
    Require.inRange(p + ".intra_op_threads", intraOpThreads, 0, 1024);
    Require.inRange(p + ".inter_op_threads", interOpThreads, 0, 1024);
    for (Map.Entry<String, ParamGroupConfig> group : paramGroups.entrySet()) {
      String key = p + ".param_groups." + group.getKey();
      if (!ParamGroupConfig.NAME.matcher(group.getKey()).matches()) {
        throw new ConfigException(key + ": a group name may only hold letters, digits, '_', '.' and '-'");
      }
      if (group.getValue() == null) {
        throw new ConfigException(key + ": expected an object with keys match, lr_multiplier, clip_norm, frozen");
      }
      group.getValue().validate(key);
    }
  }

  /** A copy in this precision. */
  public TrainConfig withPrecision(Precision p) {
    return new TrainConfig(epochs, batchSize, lr, optimizer, weightDecay, beta1, beta2, epsilon, schedule,
        warmupSteps, minLrRatio, clipNorm, patience, evalEvery, intraOpThreads, interOpThreads, progress, p,
        paramGroups);
  }

  /** A copy with these parameter groups. */
  public TrainConfig withParamGroups(Map<String, ParamGroupConfig> groups) {
    return new TrainConfig(epochs, batchSize, lr, optimizer, weightDecay, beta1, beta2, epsilon, schedule,
        warmupSteps, minLrRatio, clipNorm, patience, evalEvery, intraOpThreads, interOpThreads, progress, precision,
        groups);
  }
}
