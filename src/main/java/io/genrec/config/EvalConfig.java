package io.genrec.config;

import java.util.List;

/**
 * How rankings are scored.
 *
 * @param ks cut-offs; Recall, NDCG, HR and MRR are reported at each
 * @param earlyStopMetric validation metric that picks the best epoch (e.g. ndcg@10)
 * @param filterHistory drop items of the user's history from the ranking
 * @param batchSize users scored per step
 * @param activityThresholds training-history lengths separating light / medium / heavy users
 * @param beyondAccuracy also report coverage, Gini of exposure and disparity across user groups
 * @param validate rank the validation cases during training; false trains every epoch and keeps the
 *     last one as the best (as does a split without validation cases, e.g. {@code data.split: none})
 * @param earlyStopSource with {@code data.sources}: the source whose {@code early_stop_metric}
 *     picks the best epoch; empty means over the validation cases of all sources together
 */
public record EvalConfig(
    List<Integer> ks,
    String earlyStopMetric,
    boolean filterHistory,
    int batchSize,
    List<Integer> activityThresholds,
    boolean beyondAccuracy,
    boolean validate,
    String earlyStopSource)
    implements Section {

  public static EvalConfig defaults() {
    return new EvalConfig(List.of(5, 10, 20, 50), "ndcg@10", false, 256, List.of(5, 10), true, true, "");
  }

  public int maxK() {
    return ks.stream().mapToInt(Integer::intValue).max().orElse(10);
  }

  /** Whether early stopping follows one source rather than all validation cases together. */
  public boolean stopsOnSource() {
    return earlyStopSource != null && !earlyStopSource.isBlank();
  }

  @Override
  public void validate(String p) {
    Require.allPositive(p + ".ks", ks);
    Require.notBlank(p + ".early_stop_metric", earlyStopMetric);
    Require.positive(p + ".batch_size", batchSize);
    Require.allPositive(p + ".activity_thresholds", activityThresholds);
    if (activityThresholds.size() != 2 || activityThresholds.get(0) >= activityThresholds.get(1)) {
      throw new ConfigException(
          p + ".activity_thresholds = " + activityThresholds
              + ": must be two increasing lengths [light_max, medium_max]");
    }
  }
}
