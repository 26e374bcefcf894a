package io.genrec.eval;

import io.genrec.config.EvalConfig;
import java.util.ArrayList;
import java.util.List;

/** The metrics an {@link EvalConfig} asks for, and fresh accumulators over them. */
public final class MetricSet {
  private final List<MetricSpec> specs;
  private final int numItems;
  private final int[] itemAttribute;
  private final ActivityGroups groups;
  private final MetricSpec earlyStop;

  /** @param itemAttribute item → brand id (0 unknown), or null when no metadata is configured */
  public MetricSet(EvalConfig cfg, int numItems, int[] itemAttribute) {
    List<MetricSpec> s = new ArrayList<>();
    for (int k : cfg.ks()) {
      s.add(new MetricSpec(MetricKind.RECALL, k));
      s.add(new MetricSpec(MetricKind.NDCG, k));
      s.add(new MetricSpec(MetricKind.HIT_RATE, k));
      s.add(new MetricSpec(MetricKind.MRR, k));
    }
    if (cfg.beyondAccuracy()) {
      for (int k : cfg.ks()) {
        s.add(new MetricSpec(MetricKind.COVERAGE, k));
        s.add(new MetricSpec(MetricKind.GINI, k));
        s.add(new MetricSpec(MetricKind.DISPARITY, k));
        if (itemAttribute != null) s.add(new MetricSpec(MetricKind.BRAND_COVERAGE, k));
      }
    }
    MetricSpec stop;
    try {
      stop = MetricSpec.parse(cfg.earlyStopMetric());
    } catch (IllegalArgumentException e) {
      throw new io.genrec.config.ConfigException("eval.early_stop_metric: " + e.getMessage(), e);
    }
    if (!stop.kind().perUser()) {
      throw new io.genrec.config.ConfigException("eval.early_stop_metric = \"" + cfg.earlyStopMetric()
          + "\": must be a per-user accuracy metric (recall, ndcg, hit, mrr)");
    }
    this.earlyStop = stop;
    if (!s.contains(stop)) s.add(stop);
    this.specs = List.copyOf(s);
    this.numItems = numItems;
    this.itemAttribute = itemAttribute;
    this.groups = new ActivityGroups(cfg.activityThresholds().get(0), cfg.activityThresholds().get(1));
  }

  public RankingAccumulator newAccumulator() {
    return new RankingAccumulator(specs, numItems, itemAttribute, groups);
  }

  /** The validation metric that picks the best epoch. */
  public MetricSpec earlyStop() {
    return earlyStop;
  }

  public List<MetricSpec> specs() {
    return specs;
  }
}
