package io.genrec.experiment;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.genrec.config.ConfigReader;
import io.genrec.train.RunBody;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * Executes one planned run (a training run, or a sweep's preparation step: the same bookkeeping,
 * the step's command's report as its results) in its directory and keeps the directory truthful
 * about it:
 * <ul>
 *   <li>DONE present: nothing happens (a finished run is never repeated by accident);
 *   <li>a run it needs has no DONE: it is refused before anything is written;
 *   <li>started but not DONE (killed, failed): the body is called again on the same directory and
 *       resumes from what it left in checkpoints/;
 *   <li>{@code force}: the directory is deleted and the run starts from scratch;
 *   <li>the body throws: error.txt gets the message and stack trace, provenance says "failed",
 *       and the exception propagates to the caller.
 * </ul>
 */
public final class ExperimentRunner {
  private static final Logger LOG = LogManager.getLogger(ExperimentRunner.class);

  public enum Outcome {
    /** DONE was already there; the body was not called. */
    ALREADY_DONE,
    /** The body ran to the end and DONE was written. */
    COMPLETED
  }

  private final RunBody body;
  private final StepBody steps;
  private final Provenance.Sources sources;
  private final List<String> argv;

  /** A runner of training runs only: a plan with preparation steps is refused at its first step. */
  public ExperimentRunner(RunBody body, Provenance.Sources sources, List<String> argv) {
    this(body, null, sources, argv);
  }

  /**
   * @param steps runs a plan's preparation steps (tokenize, embed); null refuses them
   * @param argv the command line that asked for the run, recorded in provenance.json
   */
  public ExperimentRunner(RunBody body, StepBody steps, Provenance.Sources sources, List<String> argv) {
    this.body = body;
    this.steps = steps;
    this.sources = sources;
    this.argv = List.copyOf(argv);
  }

  public Outcome run(PlannedRun run, boolean force) throws Exception {
    RunDirectory dir = run.directory();
    PreparationStep step = run.step();
    if (force) {
      LOG.info("--force: removing {}", dir);
      dir.delete();
    }
    if (dir.isMarkedDone() && !run.isDone()) {
      LOG.warn("{} has DONE but {}; running it again (it resumes from what it left)", dir,
          step != null && !step.outputExists() ? step.output() + " is missing" : dir.unreadableResults());
      dir.unmarkDone();
    }
    if (run.isDone()) {
      LOG.info("already done: {}", dir);
      return Outcome.ALREADY_DONE;
    }
    if (!run.unfinishedNeeds().isEmpty()) {
      throw new IllegalStateException(dir + " starts from " + run.unfinishedNeeds()
          + ", which has not finished (no DONE); run it first (genrec sweep and genrec run order needed runs first)");
    }
    if (step != null && steps == null) {
      throw new IllegalStateException(run.source() + " is a " + step.kind().word()
          + " step, which this command does not run; run it with genrec sweep or genrec " + step.kind().word());
    }
    boolean resumed = dir.isStarted();
    if (resumed) checkSameConfig(dir, run.json());
    int attempt = resumed ? previousAttempt(dir) + 1 : 1;

    // First: it locates a named dataset, and one found nowhere must stop the run before it writes anything.
    Provenance provenance = step != null ? Provenance.startStep(step, argv, attempt, sources)
        : Provenance.start(run.resolved().config(), argv, attempt, sources);
    Files.createDirectories(dir.path());
    dir.writeJson(RunDirectory.CONFIG, run.json());
    dir.writeJson(RunDirectory.OVERRIDES, run.overrides());
    dir.clearError();
    if (step == null) dir.checkpointDir();
    dir.writeJson(RunDirectory.PROVENANCE, provenance.toJson());

    try (RunLog ignoredWhileOpen = new RunLog(dir.file(RunDirectory.RUN_LOG))) {
      LOG.info("{} {} (attempt {}, {})", resumed ? "resuming" : "starting", dir, attempt,
          step != null ? step.kind().word() + " step -> " + step.output() : run.describeOverrides());
      try {
        if (step != null) {
          // A step's results are its command's report; it is done only once its output is there.
          JsonObject report = steps.execute(step, force);
          if (!step.outputExists()) {
            throw new IllegalStateException("the " + step.kind().word() + " step returned without writing " + step.output());
          }
          dir.writeJson(RunDirectory.METRICS, report);
        } else {
          body.execute(run.resolved().config(), dir);
        }
        if (!Files.isRegularFile(dir.file(RunDirectory.METRICS))) {
          throw new IllegalStateException("the run body returned without writing " + RunDirectory.METRICS
              + "; a run without results is not marked DONE");
        }
      } catch (Exception | Error failure) {
        LOG.error("run failed: {}", dir, failure);
        try {
          dir.writeError(failure);
          dir.writeJson(RunDirectory.PROVENANCE, provenance.finish("failed", sources.clock()).toJson());
        } catch (IOException | RuntimeException recording) {
          failure.addSuppressed(recording);
        }
        throw failure;
      }
      if (step == null && !Files.isRegularFile(dir.perUserCsv())) {
        LOG.warn("{} has no {}: significance tests against this run will not be possible", dir, RunDirectory.PER_USER);
      }
      dir.writeJson(RunDirectory.PROVENANCE, provenance.finish("done", sources.clock()).toJson());
      dir.markDone(Instant.now(sources.clock()).toString());
      LOG.info("done: {}", dir);
    }
    return Outcome.COMPLETED;
  }

  /** A 6-hex-digit name can collide; never resume one config's checkpoints with another config. */
  private static void checkSameConfig(RunDirectory dir, JsonObject resolved) {
    JsonObject earlier = ConfigReader.parseFile(dir.file(RunDirectory.CONFIG));
    if (!ConfigDigest.canonical(earlier).equals(ConfigDigest.canonical(resolved))) {
      throw new IllegalStateException(dir + " holds a different config with the same name (hash collision or"
          + " changed defaults); compare its config.json, then remove the directory or rerun with --force");
    }
  }

  private static int previousAttempt(RunDirectory dir) {
    Path p = dir.file(RunDirectory.PROVENANCE);
    if (!Files.isRegularFile(p)) return 1;
    JsonElement a = ConfigReader.parseFile(p).get("attempt");
    return a != null && a.isJsonPrimitive() ? a.getAsInt() : 1;
  }
}
