package io.genrec.cli;

import io.genrec.eval.MetricSpec;
import io.genrec.data.AtomicFile;
import io.genrec.experiment.FinishedRun;
import io.genrec.experiment.ResultsTable;
import io.genrec.experiment.SignificanceTest;
import io.genrec.experiment.TableFormat;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;

/**
 * {@code genrec table RUNS_DIR}: a paper table from every finished run under RUNS_DIR, read from
 * the runs' config.json, metrics.json and per_user.csv.
 */
public final class TableCommand implements Command {
  private static final Logger LOG = LogManager.getLogger(TableCommand.class);
  private final PrintStream out;

  public TableCommand() {
    this(System.out);
  }

  public TableCommand(PrintStream out) {
    this.out = out;
  }

  @Override
  public String name() {
    return "table";
  }

  @Override
  public String summary() {
    return "table RUNS_DIR: mean ± std per dataset and model over finished runs, best bold, optional significance";
  }

  @Override
  public String arguments() {
    return "RUNS_DIR";
  }

  @Override
  public Options options() {
    Options o = new Options();
    o.addOption(Option.builder().longOpt("metrics").hasArg().argName("LIST")
        .desc("columns, e.g. R@10,N@10,HR@10,MRR@10 (default R@10,N@10,R@50,N@50)").build());
    o.addOption(Option.builder().longOpt("group").hasArg().argName("KEYS")
        .desc("row keys: dataset, model or config key paths such as train.lr (default dataset,model)").build());
    o.addOption(Option.builder().longOpt("columns").hasArg().argName("PATHS")
        .desc("more columns: numbers at dotted paths of metrics.json, e.g. model.codes_used_0,wall_seconds").build());
    o.addOption(Option.builder().longOpt("format").hasArg().argName("md|latex|csv").desc("output format (default md)").build());
    o.addOption(Option.builder().longOpt("baseline").hasArg().argName("MODEL")
        .desc("mark rows that differ from this model's row of the same dataset with † (p < 0.05)").build());
    o.addOption(Option.builder().longOpt("test").hasArg().argName("ttest|wilcoxon")
        .desc("paired test over per-user values for --baseline (default ttest)").build());
    o.addOption(Option.builder().longOpt("split").hasArg().argName("test|valid").desc("metrics split (default test)").build());
    o.addOption(Option.builder().longOpt("out").hasArg().argName("FILE").desc("write to FILE instead of stdout").build());
    return o;
  }

  @Override
  public int run(CommandLine line) throws Exception {
    List<String> args = line.getArgList();
    if (args.size() != 1) throw new UsageException("expected one RUNS_DIR");
    List<MetricSpec> metrics = metrics(line.getOptionValue("metrics", "R@10,N@10,R@50,N@50"));
    ResultsTable.Spec spec = new ResultsTable.Spec(metrics, list(line.getOptionValue("group", "dataset,model")),
        line.getOptionValue("split", "test"), line.getOptionValue("baseline"),
        SignificanceTest.parse(line.getOptionValue("test", "ttest")),
        line.hasOption("columns") ? list(line.getOptionValue("columns")) : List.of());
    TableFormat format = TableFormat.parse(line.getOptionValue("format", "md"));
    List<FinishedRun> runs = FinishedRun.under(Path.of(args.get(0)));
    ResultsTable table = ResultsTable.build(runs, spec);
    List<FinishedRun> leftOut = ResultsTable.withoutSplit(runs, spec.split());
    if (!leftOut.isEmpty()) {
      LOG.info("left out {} run(s) without {} metrics (pre-training): {}", leftOut.size(), spec.split(),
          leftOut.stream().map(r -> r.dir().getFileName().toString()).toList());
    }
    String text = format.render(table);
    if (line.hasOption("out")) {
      Path file = Path.of(line.getOptionValue("out"));
      AtomicFile.writeText(file, text);
      out.println("wrote " + file + " (" + table.rows().size() + " rows)");
    } else {
      out.print(text);
    }
    return ExitCode.OK;
  }

  /** The --metrics list of table and chart; a bad name is a usage error naming it. */
  static List<MetricSpec> metrics(String commaSeparated) {
    try {
      return MetricSpec.parseAll(list(commaSeparated));
    } catch (IllegalArgumentException e) {
      throw new UsageException("--metrics: " + e.getMessage());
    }
  }

  static List<String> list(String commaSeparated) {
    return Arrays.stream(commaSeparated.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
  }
}
