package io.genrec.semid;

import io.genrec.config.ConfigException;
import io.genrec.config.RunConfig;

/**
 * The load-time check every model ranking through {@link ConstrainedBeamSearch} shares: the search
 * returns at most {@code beam} items per user, so a cut-off above it would be scored on fewer items
 * than it names (a silently lower metric) or serve fewer items than asked.
 */
public final class BeamCutoffs {
  private BeamCutoffs() {}

  /**
   * @param model the model's name in the message (e.g. "TIGER")
   * @throws ConfigException naming eval.ks or export.k, and model.beam
   */
  public static void requireWithinBeam(RunConfig run, int beam, String model) {
    int maxK = run.eval().maxK();
    if (maxK > beam) {
      throw new ConfigException("eval.ks goes up to " + maxK + " but model.beam = " + beam + ": " + model
          + " returns at most beam items per user, so @" + maxK + " would be scored on " + beam + " items; lower"
          + " eval.ks or raise model.beam");
    }
    if (run.export().enabled() && run.export().k() > beam) {
      throw new ConfigException("export.k = " + run.export().k() + " but model.beam = " + beam + ": " + model
          + " returns at most beam items per call; lower export.k or raise model.beam");
    }
  }
}
