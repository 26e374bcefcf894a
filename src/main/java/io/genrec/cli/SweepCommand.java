package io.genrec.cli;

import io.genrec.config.ConfigException;
import io.genrec.config.ConfigReader;
import io.genrec.config.ModelConfigTypes;
import io.genrec.data.AtomicFile;
import io.genrec.experiment.ExperimentRunner;
import io.genrec.experiment.PlannedRun;
import io.genrec.experiment.Provenance;
import io.genrec.experiment.RunBodies;
import io.genrec.experiment.Shard;
import io.genrec.experiment.SlurmScript;
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
 */
public final class SweepCommand implements Command {
  static final String SLURM_LOG_DIR = "slurm-logs";
  /** Set by tools/genrec to its own absolute path. */
  static final String LAUNCHER_ENV = "GENREC_LAUNCHER";

  private final ModelConfigTypes models;
  private final Supplier<RunBody> body;
  private final Provenance.Sources sources;
  private final Map<String, String> env;
  private final PrintStream out;

  public SweepCommand() {
    this(ModelCatalog.INSTANCE, RunBodies::training, null, System.getenv(), System.out);
  }

  /** @param sources provenance sources; null means the live machine */
  public SweepCommand(ModelConfigTypes models, Supplier<RunBody> body, Provenance.Sources sources,
      Map<String, String> env, PrintStream out) {
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

    if (line.hasOption("emit-slurm")) return emitSlurm(line, args.get(0), plan);

    Shard shard = line.hasOption("shard") ? Shard.parse(line.getOptionValue("shard"))
        : Shard.fromSlurm(env).orElse(Shard.ALL);
    List<PlannedRun> mine = shard.select(plan.runs());
    String share = shard.count() == 1 ? "" : " (shard " + shard + " of " + plan.runs().size() + " runs)";
    if (line.hasOption("dry-run")) return dryRun(mine, share);

    out.println("sweep: " + mine.size() + " runs" + share);
    ExperimentRunner runner = new ExperimentRunner(body.get(),
        sources != null ? sources : Provenance.Sources.live(), RunCommand.argv(name(), line));
    Sweep.Summary summary = new Sweep(runner, out).run(mine, line.hasOption("continue-after-error"));
    summary.print(out);
    if (summary.stoppedBy() != null) throw summary.stoppedBy().error();
    return summary.failed().isEmpty() ? ExitCode.OK : ExitCode.SWEEP_HAD_FAILURES;
  }

  private int dryRun(List<PlannedRun> runs, String share) {
    int done = 0;
    for (PlannedRun r : runs) {
      String status = r.directory().isDone() ? "done" : r.directory().isStarted() ? "started" : "pending";
      if (status.equals("done")) done++;
      out.printf("%-8s %s  %s  [%s]%n", status, r.directory().path(), r.describeOverrides(), r.source());
    }
    out.printf("%d runs%s: %d done, %d to run%n", runs.size(), share, done, runs.size() - done);
    return ExitCode.OK;
  }

  private int emitSlurm(CommandLine line, String target, SweepPlan plan) throws Exception {
    if (line.hasOption("shard") || line.hasOption("dry-run")) {
      throw new UsageException("--emit-slurm writes a script for all shards; drop --shard / --dry-run");
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
    AtomicFile.writeText(file, script.render());
    // sbatch does not create the --output directory; a missing one silently loses every log.
    Files.createDirectories(logs);
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
