package io.genrec.experiment;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * Runs a shard of a plan one run after another. Finished runs are skipped; a failed run either
 * stops the sweep (the default: a broken config usually breaks every run after it) or, with
 * {@code continueAfterError}, is recorded in its error.txt and the sweep moves on. A run whose
 * needed runs are not DONE (another shard owns them, or they failed) is not started: it waits, and
 * a later sweep of the same share runs it.
 */
public final class Sweep {
  private static final Logger LOG = LogManager.getLogger(Sweep.class);

  /** A run that threw, with its exception. */
  public record Failure(Path dir, Exception error) {}

  /** A run not started because runs it needs have no DONE (another shard's, or failed). */
  public record Waiting(Path dir, List<Path> needs) {
    public Waiting {
      needs = List.copyOf(needs);
    }
  }

  /**
   * What a sweep did. {@code stoppedBy} is the failure that ended the sweep early, null when it
   * went through its whole share.
   */
  public record Summary(
      List<Path> completed, List<Path> skipped, List<Failure> failed, List<Waiting> waiting, Failure stoppedBy) {
    public Summary {
      completed = List.copyOf(completed);
      skipped = List.copyOf(skipped);
      failed = List.copyOf(failed);
      waiting = List.copyOf(waiting);
    }

    public void print(PrintStream out) {
      out.printf("sweep: %d done, %d skipped (already done), %d failed%s%s%n", completed.size(), skipped.size(),
          failed.size(), waiting.isEmpty() ? "" : ", " + waiting.size() + " waiting for runs they need",
          stoppedBy != null ? " (stopped at the first failure; --continue-after-error goes on)" : "");
      for (Path p : completed) out.println("  done     " + p);
      for (Path p : skipped) out.println("  skipped  " + p);
      for (Failure f : failed) out.println("  failed   " + f.dir() + "  (" + f.error() + "; see its error.txt)");
      for (Waiting w : waiting) out.println("  waiting  " + w.dir() + "  (needs " + w.needs() + ")");
      if (!waiting.isEmpty()) {
        out.println("  Runs wait when what they need is not DONE: another shard runs it, or it failed."
            + " Rerun this sweep (same --shard) once those runs are DONE; finished runs are skipped.");
      }
    }
  }

  private final ExperimentRunner runner;
  private final PrintStream out;

  public Sweep(ExperimentRunner runner, PrintStream out) {
    this.runner = runner;
    this.out = out;
  }

  public Summary run(List<PlannedRun> runs, boolean continueAfterError) {
    List<Path> completed = new ArrayList<>();
    List<Path> skipped = new ArrayList<>();
    List<Failure> failed = new ArrayList<>();
    List<Waiting> waiting = new ArrayList<>();
    for (int i = 0; i < runs.size(); i++) {
      PlannedRun run = runs.get(i);
      Path dir = run.directory().path();
      if (run.isDone()) {
        skipped.add(dir);
        continue;
      }
      List<RunDirectory> unfinished = run.unfinishedNeeds();
      if (!unfinished.isEmpty()) {
        // Runs come after what they need, so a need of this share has run (or failed) by now.
        waiting.add(new Waiting(dir, unfinished.stream().map(RunDirectory::path).toList()));
        out.printf("[%d/%d] %s  waits for %s (not DONE)%n", i + 1, runs.size(), dir, waiting.get(waiting.size() - 1).needs());
        continue;
      }
      out.printf("[%d/%d] %s  %s%n", i + 1, runs.size(), dir, run.describeOverrides());
      try {
        runner.run(run, false);
        completed.add(dir);
      } catch (Exception e) {
        // Already logged with its trace and written to error.txt by the runner; here it is counted.
        Failure f = new Failure(dir, e);
        failed.add(f);
        if (!continueAfterError) return new Summary(completed, skipped, failed, waiting, f);
        LOG.warn("continuing after failed run {}: {}", dir, e.toString());
      }
    }
    return new Summary(completed, skipped, failed, waiting, null);
  }
}
