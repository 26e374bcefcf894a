package io.genrec.cli;

/** Exit codes of the genrec command, documented in README.md. */
public final class ExitCode {
  public static final int OK = 0;
  /** Something failed while running: bad data file, NaN loss, I/O error. */
  public static final int FAILURE = 1;
  /** The command line or the config is wrong; nothing was run. */
  public static final int USAGE = 2;
  /** A sweep finished but at least one of its runs failed. */
  public static final int SWEEP_HAD_FAILURES = 3;
  /**
   * A sweep ran what it could, but some runs wait for runs they need that are not DONE (another
   * shard's, not finished yet); rerun the same shard after those finish.
   */
  public static final int SWEEP_HAS_WAITING_RUNS = 4;

  private ExitCode() {}
}
