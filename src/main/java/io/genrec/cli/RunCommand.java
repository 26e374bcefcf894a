package io.genrec.cli;

import io.genrec.config.ConfigReader;
import io.genrec.config.ModelConfigTypes;
import io.genrec.experiment.ExperimentRunner;
import io.genrec.experiment.PlannedRun;
import io.genrec.experiment.Provenance;
import io.genrec.experiment.RunBodies;
import io.genrec.experiment.SweepPlan;
import io.genrec.model.catalog.ModelCatalog;
import io.genrec.train.RunBody;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;

/**
 * {@code genrec run CONFIG [--set k=v ...] [--force] [--runs-dir DIR]}: one run in its run
 * directory. A finished run is not repeated; an interrupted one resumes; a failed one leaves
 * error.txt and exits 1.
 */
public final class RunCommand implements Command {
  static final String DEFAULT_RUNS_DIR = "experiments";

  private final ModelConfigTypes models;
  private final Supplier<RunBody> body;
  private final Provenance.Sources sources;
  private final PrintStream out;

  public RunCommand() {
    this(ModelCatalog.INSTANCE, RunBodies::training, null, System.out);
  }

  /** @param sources provenance sources; null means the live machine (TensorFlow loaded on first run) */
  public RunCommand(ModelConfigTypes models, Supplier<RunBody> body, Provenance.Sources sources, PrintStream out) {
    this.models = models;
    this.body = body;
    this.sources = sources;
    this.out = out;
  }

  @Override
  public String name() {
    return "run";
  }

  @Override
  public String summary() {
    return "run CONFIG: train and evaluate one config in experiments/<experiment>/<model>-<dataset>-<hash6>/";
  }

  @Override
  public String arguments() {
    return "CONFIG";
  }

  @Override
  public Options options() {
    Options o = new Options();
    o.addOption(ConfigCommand.setOption());
    o.addOption(runsDirOption());
    o.addOption(Option.builder().longOpt("force")
        .desc("delete the run's directory (results, checkpoints) and run it again from scratch").build());
    return o;
  }

  static Option runsDirOption() {
    return Option.builder().longOpt("runs-dir").hasArg().argName("DIR")
        .desc("root of the run directories (default: " + DEFAULT_RUNS_DIR + ")").build();
  }

  static Path runsDir(CommandLine line) {
    return Path.of(line.getOptionValue("runs-dir", DEFAULT_RUNS_DIR));
  }

  Provenance.Sources sources() {
    return sources != null ? sources : Provenance.Sources.live();
  }

  @Override
  public int run(CommandLine line) throws Exception {
    List<String> args = line.getArgList();
    if (args.size() != 1) throw new UsageException("expected one CONFIG file");
    Path file = Path.of(args.get(0));
    SweepPlan plan = SweepPlan.read(file, ConfigCommand.overrides(line), new ConfigReader(models), runsDir(line));
    // The plan also holds the runs the config needs (its "needs"); those run first, unless DONE.
    List<PlannedRun> own = plan.runs().stream().filter(r -> r.source().equals(file)).toList();
    if (own.size() != 1) {
      throw new UsageException(args.get(0) + " sweeps over " + own.size()
          + " runs; use 'genrec sweep " + args.get(0) + "', or pin every swept key with --set");
    }
    PlannedRun run = own.get(0);
    ExperimentRunner runner = new ExperimentRunner(body.get(), new PreparationSteps(out), sources(), argv(name(), line));
    for (PlannedRun needed : plan.withNeeds(run)) {
      if (needed == run) continue;
      out.println((runner.run(needed, false) == ExperimentRunner.Outcome.ALREADY_DONE ? "needed, already done: "
          : "needed, done: ") + needed.directory().path());
    }
    ExperimentRunner.Outcome outcome = runner.run(run, line.hasOption("force"));
    out.println((outcome == ExperimentRunner.Outcome.ALREADY_DONE ? "already done: " : "done: ")
        + run.directory().path());
    return ExitCode.OK;
  }

  /** The command line as typed, for provenance (the JVM's own argv holds only the launcher's). */
  static List<String> argv(String command, CommandLine line) {
    List<String> argv = new ArrayList<>(List.of("genrec", command));
    for (Option o : line.getOptions()) {
      argv.add("--" + o.getLongOpt());
      if (o.hasArg() && o.getValue() != null) argv.add(o.getValue());
    }
    argv.addAll(line.getArgList());
    return argv;
  }
}
