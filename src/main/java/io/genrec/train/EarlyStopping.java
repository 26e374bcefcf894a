package io.genrec.train;

/**
 * Tracks the best validation value and how many evaluations passed without beating it. Its state is
 * three numbers so a resumed run continues exactly where it stopped.
 */
public final class EarlyStopping {
  private final int patience;
  private double best = Double.NEGATIVE_INFINITY;
  private int bestEpoch = -1;
  private int badEvaluations;

  public EarlyStopping(int patience) {
    this.patience = patience;
  }

  /** Records an evaluation; returns true when it is the best so far. */
  public boolean update(int epoch, double value) {
    if (value > best) {
      best = value;
      bestEpoch = epoch;
      badEvaluations = 0;
      return true;
    }
    badEvaluations++;
    return false;
  }

  public boolean shouldStop() {
    return patience > 0 && badEvaluations >= patience;
  }

  public double best() {
    return best;
  }

  public int bestEpoch() {
    return bestEpoch;
  }

  public int badEvaluations() {
    return badEvaluations;
  }

  public void restore(double best, int bestEpoch, int badEvaluations) {
    this.best = best;
    this.bestEpoch = bestEpoch;
    this.badEvaluations = badEvaluations;
  }
}
