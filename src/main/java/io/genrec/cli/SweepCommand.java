package io.genrec.cli;

import io.genrec.config.ConfigException;
import io.genrec.config.ConfigReader;
import io.genrec.config.ModelConfigTypes;
import io.genrec.data.AtomicFile;
import io.genrec.experiment.ExperimentRunner;
import io.genrec.experiment.PlannedRun;
import io.genrec.experiment.StepBody;
import io.genrec.experiment.Provenance;
import io.genrec.experiment.RunBodies;
import io.genrec.experiment.Shard;
import io.genrec.experiment.SlurmScript;
import io.genrec.experiment.SlurmStages;
import io.genrec.experiment.Sweep;
import io.genrec.experiment.SweepPlan;
import io.genrec.model.catalog.ModelCatalog;
import io.genrec.train.RunBody;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;

/**
 * {@code genrec sweep DIR}: every *.json under DIR (sorted, recursive), each config's sweep grid
 * expanded, run one after another; finished runs are skipped. Shards ({@code --shard i/n},
 * 1-based, or a SLURM array's task id) split the list for parallel jobs.
 *
 * <p>Chains (a config with {@code needs}): needed runs come first in the list. A shard runs its
 * own runs in that order; a run whose needed run is not DONE (another shard owns it and has not
 * finished, or it failed) is not started, and the sweep exits {@link ExitCode#SWEEP_HAS_WAITING_RUNS}
 * so the shard can be rerun later. {@code --stage k} restricts the sweep to one layer of the chain
 * before sharding, which is how {@code --emit-slurm} runs chains: one job array per stage, each
 * submitted after the one before.
 */
public final class SweepCommand implements Command {
  static final String SLURM_LOG_DIR = "slurm-logs";
  /** Set by tools/genrec to its own absolute path. */
  static final String LAUNCHER_ENV = "GENREC_LAUNCHER";

  private final ModelConfigTypes models;
  private final Supplier<RunBody> body;
  private final Supplier<StepBody> steps;
  private final Provenance.Sources sources;
  private final Map<String, String> env;
  private final PrintStream out;

  public SweepCommand() {
    this(ModelCatalog.INSTANCE, RunBodies::training, null, System.getenv(), System.out);
  }

  /** @param sources provenance sources; null means the live machine */
  public SweepCommand(ModelConfigTypes models, Supplier<RunBody> body, Provenance.Sources sources,
      Map<String, String> env, PrintStream out) {
    this(models, body, () -> new PreparationSteps(out), sources, env, out);
  }

  /** @param steps runs the plan's preparation steps (tests pass steps with a fake text encoder) */
  public SweepCommand(ModelConfigTypes models, Supplier<RunBody> body, Supplier<StepBody> steps,
      Provenance.Sources sources, Map<String, String> env, PrintStream out) {
    this.steps = steps;
    this.models = models;
    this.body = body;
    this.sources = sources;
    this.env = env;
    this.out = out;
  }

  @Override
  public String name() {
    return "sweep";
  }

  @Override
  public String summary() {
    return "sweep DIR: run every config under DIR (and each config's sweep grid), skipping finished runs";
  }

  @Override
  public String arguments() {
    return "DIR";
  }

  @Override
  public Options options() {
    Options o = new Options();
    o.addOption(ConfigCommand.setOption());
    o.addOption(RunCommand.runsDirOption());
    o.addOption(Option.builder().longOpt("shard").hasArg().argName("i/n")
        .desc("run only shard i of n (1-based: 1/4 .. 4/4): runs at positions p with p mod n = i-1 of the"
            + " expanded list. Default: from SLURM_ARRAY_TASK_ID (0-based from SLURM_ARRAY_TASK_MIN) and"
            + " SLURM_ARRAY_TASK_COUNT when set, else all runs").build());
    o.addOption(Option.builder().longOpt("stage").hasArg().argName("K")
        .desc("run only stage K of a chained plan (1: runs that need no other run; K: runs needing runs of"
            + " stages below K), sharded within it; --dry-run shows the stages").build());
    o.addOption(Option.builder().longOpt("continue-after-error")
        .desc("record a failed run (error.txt) and go on; exit 3 at the end if any failed").build());
    o.addOption(Option.builder().longOpt("dry-run").desc("list the expanded runs and their status; run nothing").build());
    o.addOption(Option.builder().longOpt("emit-slurm").hasArg().argName("FILE")
        .desc("write an sbatch job-array script running the sweep in shards, then exit").build());
    o.addOption(Option.builder().longOpt("shards").hasArg().argName("N")
        .desc("with --emit-slurm: number of array tasks (default: one per run)").build());
    o.addOption(Option.builder().longOpt("partition").hasArg().argName("P").desc("with --emit-slurm: #SBATCH --partition").build());
    o.addOption(Option.builder().longOpt("time").hasArg().argName("T").desc("with --emit-slurm: #SBATCH --time, e.g. 12:00:00").build());
    o.addOption(Option.builder().longOpt("cpus").hasArg().argName("N").desc("with --emit-slurm: #SBATCH --cpus-per-task").build());
    o.addOption(Option.builder().longOpt("mem").hasArg().argName("M").desc("with --emit-slurm: #SBATCH --mem, e.g. 16G").build());
    return o;
  }

  @Override
  public int run(CommandLine line) throws Exception {
    List<String> args = line.getArgList();
    if (args.size() != 1) throw new UsageException("expected one DIR (or config file)");
    for (String slurmOnly : List.of("shards", "partition", "time", "cpus", "mem")) {
      if (line.hasOption(slurmOnly) && !line.hasOption("emit-slurm")) {
        throw new UsageException("--" + slurmOnly + " only applies with --emit-slurm FILE");
      }
    }
    SweepPlan plan = SweepPlan.read(Path.of(args.get(0)), ConfigCommand.overrides(line),
        new ConfigReader(models), RunCommand.runsDir(line));
    for (String d : plan.duplicates()) System.err.println("note: " + d);
    for (Path t : plan.tokenizeConfigs()) {
      System.err.println("note: " + t + " is a tokenize or embed step no run here needs: passed by"
          + " (a config's \"needs\" plans it; run it alone with genrec tokenize / genrec embed)");
    }

    if (line.hasOption("emit-slurm")) return emitSlurm(line, args.get(0), plan);

    Shard shard = line.hasOption("shard") ? Shard.parse(line.getOptionValue("shard"))
        : Shard.fromSlurm(env).orElse(Shard.ALL);
    List<PlannedRun> pool = plan.runs();
    String share = "";
    if (line.hasOption("stage")) {
      int stage = positive("--stage", line.getOptionValue("stage"));
      if (stage > plan.stageCount()) {
        throw new UsageException("--stage " + stage + ": the plan has " + plan.stageCount() + " stage(s)");
      }
      pool = plan.stageRuns(stage);
      share = " of stage " + stage + "/" + plan.stageCount();
    }
    List<PlannedRun> mine = shard.select(pool);
    if (shard.count() > 1) share = " (shard " + shard + " of " + pool.size() + " runs" + share + ")";
    else if (!share.isEmpty()) share = " (" + pool.size() + " runs" + share + ")";
    if (line.hasOption("dry-run")) return dryRun(plan, mine, share);

    out.println("sweep: " + mine.size() + " runs" + share);
    ExperimentRunner runner = new ExperimentRunner(body.get(), steps.get(),
        sources != null ? sources : Provenance.Sources.live(), RunCommand.argv(name(), line));
    Sweep.Summary summary = new Sweep(runner, out).run(mine, line.hasOption("continue-after-error"));
    summary.print(out);
    if (summary.stoppedBy() != null) throw summary.stoppedBy().error();
    if (!summary.failed().isEmpty()) return ExitCode.SWEEP_HAD_FAILURES;
    return summary.waiting().isEmpty() ? ExitCode.OK : ExitCode.SWEEP_HAS_WAITING_RUNS;
  }

  /**
   * One line per run in plan order (needed runs first) with its status: done, started, pending, or
   * waiting (what it needs has no DONE yet); chained plans also show each run's stage.
   */
  private int dryRun(SweepPlan plan, List<PlannedRun> runs, String share) {
    int done = 0;
    boolean chained = plan.stageCount() > 1;
    for (PlannedRun r : runs) {
      String status = r.isDone() ? "done" : r.directory().isStarted() ? "started"
          : r.unfinishedNeeds().isEmpty() ? "pending" : "waiting";
      if (status.equals("done")) done++;
      out.printf("%-8s %s  %s  [%s]%s%n", status, r.directory().path(), r.describeOverrides(), r.source(),
          chained ? "  stage " + plan.stage(r) : "");
    }
    out.printf("%d runs%s: %d done, %d to run%s%n", runs.size(), share, done, runs.size() - done,
        chained ? " (" + plan.stageCount() + " stages: a run starts from runs of lower stages)" : "");
    return ExitCode.OK;
  }

  private int emitSlurm(CommandLine line, String target, SweepPlan plan) throws Exception {
    if (line.hasOption("shard") || line.hasOption("dry-run") || line.hasOption("stage")) {
      throw new UsageException("--emit-slurm writes a script for all shards; drop --shard / --dry-run / --stage");
    }
    int shards = line.hasOption("shards") ? positive("--shards", line.getOptionValue("shards")) : plan.runs().size();
    Integer cpus = line.hasOption("cpus") ? positive("--cpus", line.getOptionValue("cpus")) : null;
    List<String> passOn = new ArrayList<>();
    String[] sets = line.getOptionValues("set");
    if (sets != null) for (String s : sets) passOn.addAll(List.of("--set", s));
    if (line.hasOption("runs-dir")) passOn.addAll(List.of("--runs-dir", line.getOptionValue("runs-dir")));
    if (line.hasOption("continue-after-error")) passOn.add("--continue-after-error");
    Path workingDirectory = Path.of("").toAbsolutePath();
    // Beside the runs (ignored by git, on the shared file system the tasks write to anyway).
    Path logs = RunCommand.runsDir(line).toAbsolutePath().resolve(SLURM_LOG_DIR);
    SlurmScript script = new SlurmScript(workingDirectory, launcher(), target, shards, passOn, line.getOptionValue("partition"),
        line.getOptionValue("time"), cpus, line.getOptionValue("mem"), logs);
    Path file = Path.of(line.getOptionValue("emit-slurm"));
    // sbatch does not create the --output directory; a missing one silently loses every log.
    Files.createDirectories(logs);
    if (plan.stageCount() > 1) return emitStages(line, target, plan, script, workingDirectory, file);
    AtomicFile.writeText(file, script.render());
    if (shards > plan.runs().size()) {
      System.err.println("note: " + shards + " shards for " + plan.runs().size() + " runs; some tasks will have nothing to do");
    }
    out.println("wrote " + file + " (" + plan.runs().size() + " runs in " + shards + " shards)");
    out.println(script.submitHint(file));
    return ExitCode.OK;
  }

  /**
   * The launcher the array tasks run: the one running now (tools/genrec exports its own path),
   * else tools/genrec under the working directory.
   */
  private Path launcher() {
    String exported = env.get(LAUNCHER_ENV);
    Path launcher = Path.of(exported != null && !exported.isBlank() ? exported : "tools/genrec").toAbsolutePath();
    if (!Files.isExecutable(launcher)) {
      throw new UsageException("--emit-slurm: the array tasks would run " + launcher + ", which is not an executable"
          + " file; run genrec through its launcher (tools/genrec) so the script can name it");
    }
    return launcher;
  }

  /** A chained plan: one array script per stage and a bash script submitting them in order. */
  private int emitStages(CommandLine line, String target, SweepPlan plan, SlurmScript script, Path workingDirectory,
      Path file) throws Exception {
    List<Path> stageFiles = new ArrayList<>();
    StringBuilder sizes = new StringBuilder();
    for (int stage = 1; stage <= plan.stageCount(); stage++) {
      int runs = plan.stageRuns(stage).size();
      int tasks = line.hasOption("shards") ? Math.min(runs, positive("--shards", line.getOptionValue("shards"))) : runs;
      Path stageFile = SlurmStages.stageFile(file, stage);
      AtomicFile.writeText(stageFile, script.forStage(stage, tasks).render());
      stageFiles.add(stageFile);
      sizes.append(stage == 1 ? "" : ", ").append("stage ").append(stage).append(": ").append(runs)
          .append(" runs in ").append(tasks).append(" tasks");
    }
    SlurmStages stages = new SlurmStages(workingDirectory, target, stageFiles);
    AtomicFile.writeText(file, stages.render());
    out.println("wrote " + file + " and " + stageFiles.size() + " stage scripts (" + sizes + ")");
    out.println(stages.submitHint(file, script.logDirectory()));
    return ExitCode.OK;
  }

  private static int positive(String option, String value) {
    try {
      int n = Integer.parseInt(value.trim());
      if (n >= 1) return n;
    } catch (NumberFormatException e) {
      throw new ConfigException(option + " " + value + ": expected a positive integer", e);
    }
    throw new ConfigException(option + " " + value + ": expected a positive integer");
  }
}
