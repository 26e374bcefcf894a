package io.genrec.experiment;

import io.genrec.config.ConfigException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import org.apache.commons.math3.stat.inference.TTest;
import org.apache.commons.math3.stat.inference.WilcoxonSignedRankTest;

/**
 * A paired, two-sided test of "this model scores users differently from the baseline", over
 * per-user metric values of the same users. Per-user pairing is what makes small differences on a
 * few thousand users testable; comparing two means alone cannot.
 */
public enum SignificanceTest {
  TTEST("ttest", "paired t-test") {
    @Override
    double test(double[] baseline, double[] other) {
      return new TTest().pairedTTest(baseline, other);
    }
  },
  WILCOXON("wilcoxon", "Wilcoxon signed-rank test") {
    @Override
    double test(double[] baseline, double[] other) {
      // commons-math computes the exact distribution only up to 30 pairs; beyond, the normal approximation.
      return new WilcoxonSignedRankTest().wilcoxonSignedRankTest(baseline, other, baseline.length <= 30);
    }
  };

  /** Differences with p below this are marked. */
  public static final double ALPHA = 0.05;

  private final String option;
  private final String label;

  SignificanceTest(String option, String label) {
    this.option = option;
    this.label = label;
  }

  /** {@code ttest} or {@code wilcoxon}, as given to {@code --test}. */
  public static SignificanceTest parse(String option) {
    for (SignificanceTest t : values()) if (t.option.equalsIgnoreCase(option.trim())) return t;
    throw new ConfigException("--test " + option + ": expected ttest or wilcoxon");
  }

  /** Its name in a footnote, e.g. "paired t-test". */
  public String label() {
    return label;
  }

  abstract double test(double[] baseline, double[] other);

  /**
   * Two-sided p-value over users present in both maps (user → value). NaN when fewer than two
   * users pair up: there is nothing to test, and no mark must appear. Identical values give 1.
   */
  public double pValue(Map<Integer, Double> baseline, Map<Integer, Double> other) {
    double[][] pairs = paired(baseline, other);
    double[] a = pairs[0];
    double[] b = pairs[1];
    if (a.length < 2) return Double.NaN;
    boolean identical = true;
    for (int i = 0; i < a.length && identical; i++) identical = a[i] == b[i];
    // Both tests divide by the spread of the differences, which is 0 here: the answer is "no difference".
    if (identical) return 1.0;
    return test(a, b);
  }

  /** The values of the users both maps hold, in ascending user order: [baseline, other]. */
  public static double[][] paired(Map<Integer, Double> baseline, Map<Integer, Double> other) {
    List<Integer> users = new ArrayList<>(new TreeSet<>(baseline.keySet()));
    users.retainAll(other.keySet());
    double[] a = new double[users.size()];
    double[] b = new double[users.size()];
    for (int i = 0; i < users.size(); i++) {
      a[i] = baseline.get(users.get(i));
      b[i] = other.get(users.get(i));
    }
    return new double[][] {a, b};
  }

  @Override
  public String toString() {
    return option.toLowerCase(Locale.ROOT);
  }
}
