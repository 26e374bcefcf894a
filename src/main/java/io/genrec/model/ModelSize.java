package io.genrec.model;

import io.genrec.config.ConfigException;
import java.lang.management.ManagementFactory;
import java.util.Locale;

/**
 * Refuses a model too large to train here, before its graph is built: a mistyped width or one
 * semantic code of 50,000,000 in an ID file would otherwise build a billion-parameter graph and
 * die of memory exhaustion far from the cause.
 *
 * <p>Training holds about {@value #BYTES_PER_PARAMETER} bytes per weight (the weight, its gradient
 * and Adam's two moments, float32 each), so the bound is the machine's physical memory over that,
 * and never more than {@value #MAX_PARAMETERS} weights: beyond that a TF Java graph on one machine
 * is not a configuration this framework is meant for.
 */
public final class ModelSize {
  public static final int BYTES_PER_PARAMETER = 16;
  public static final long MAX_PARAMETERS = 1L << 30;

  private ModelSize() {}

  /** The largest parameter count a run may build on this machine. */
  public static long bound() {
    long memory = physicalMemory();
    return memory <= 0 ? MAX_PARAMETERS : Math.min(MAX_PARAMETERS, memory / BYTES_PER_PARAMETER);
  }

  /**
   * @param estimate the model's {@link SequentialRecommender#parameterEstimate}, negative when unknown
   * @throws ConfigException naming the estimate and the bound
   */
  public static void check(String modelName, long estimate) {
    long bound = bound();
    if (estimate <= bound) return;
    throw new ConfigException(String.format(Locale.ROOT,
        "model %s: about %,d parameters (estimated from the config and the data before building it), above the"
            + " bound of %,d (%d bytes each to train, against %,d MiB of memory here, and at most %,d);"
            + " check model widths, the catalog size and, for semantic-ID models, the largest code in the ID file",
        modelName, estimate, bound, BYTES_PER_PARAMETER, physicalMemory() >> 20, MAX_PARAMETERS));
  }

  private static long physicalMemory() {
    if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
      return os.getTotalMemorySize();
    }
    return -1;
  }
}
