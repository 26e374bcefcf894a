package io.genrec.eval;

import io.genrec.data.EvalCase;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One evaluation of cases from several sources: every ranking goes into the accumulator of all
 * cases and into the one of the case's source, so per-source metrics cost no second ranking pass.
 * Beyond-accuracy metrics of a source (coverage, Gini) count over the whole catalog, since the
 * ranking is over every source's items.
 */
public final class SourceAccumulators {
  private final RankingAccumulator all;
  private final List<String> names;
  private final RankingAccumulator[] bySource;

  /** @param names the run's sources in index order ({@link EvalCase#source()} indexes them) */
  public SourceAccumulators(MetricSet metrics, List<String> names) {
    this.all = metrics.newAccumulator();
    this.names = List.copyOf(names);
    this.bySource = new RankingAccumulator[names.size()];
    for (int s = 0; s < bySource.length; s++) bySource[s] = metrics.newAccumulator();
  }

  void add(EvalCase c, int[] top) {
    if (c.source() >= bySource.length) {
      throw new IllegalArgumentException(c + ": source " + c.source() + " of " + names);
    }
    all.add(c.user(), top, c.targets(), c.history().length);
    bySource[c.source()].add(c.user(), top, c.targets(), c.history().length);
  }

  /** Every case together. */
  public RankingAccumulator all() {
    return all;
  }

  /** The aggregates of each source that had cases, by source name in source order. */
  public Map<String, Map<String, Double>> aggregateBySource() {
    Map<String, Map<String, Double>> out = new LinkedHashMap<>();
    for (int s = 0; s < bySource.length; s++) {
      if (bySource[s].size() > 0) out.put(names.get(s), bySource[s].aggregate());
    }
    return out;
  }
}
