package io.genrec.cli;

import io.genrec.experiment.FinishedRun;
import io.genrec.experiment.MetricsChart;
import io.genrec.experiment.ResultsTable;
import io.genrec.experiment.SignificanceTest;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;

/**
 * {@code genrec chart RUNS_DIR}: the rows {@code genrec table} would print, as bars, one panel per
 * metric side by side (PNG + SVG), e.g. the beyond-accuracy metrics of a TIGRESS study.
 */
public final class ChartCommand implements Command {
  static final String DEFAULT_OUT = "metrics_chart.png";
  static final String DEFAULT_METRICS = "Cov@5,Cov@10,Gini@5,Gini@10";
  private final PrintStream out;

  public ChartCommand() {
    this(System.out);
  }

  public ChartCommand(PrintStream out) {
    this.out = out;
  }

  @Override
  public String name() {
    return "chart";
  }

  @Override
  public String summary() {
    return "chart RUNS_DIR: genrec table's rows as bars, one panel per metric (PNG + SVG)";
  }

  @Override
  public String arguments() {
    return "RUNS_DIR";
  }

  @Override
  public Options options() {
    Options o = new Options();
    o.addOption(Option.builder().longOpt("metrics").hasArg().argName("LIST")
        .desc("one panel each, e.g. Cov@10,BrandCov@10,Gini@10,Disp@10 (default " + DEFAULT_METRICS + ")").build());
    o.addOption(Option.builder().longOpt("group").hasArg().argName("KEYS")
        .desc("one bar per group: dataset, model or config key paths (default dataset,model)").build());
    o.addOption(Option.builder().longOpt("split").hasArg().argName("test|valid").desc("metrics split (default test)").build());
    o.addOption(Option.builder().longOpt("out").hasArg().argName("FILE.png")
        .desc("figure file; the SVG goes beside it (default " + DEFAULT_OUT + ")").build());
    return o;
  }

  @Override
  public int run(CommandLine line) throws Exception {
    List<String> args = line.getArgList();
    if (args.size() != 1) throw new UsageException("expected one RUNS_DIR");
    ResultsTable.Spec spec = new ResultsTable.Spec(TableCommand.metrics(line.getOptionValue("metrics", DEFAULT_METRICS)),
        TableCommand.list(line.getOptionValue("group", "dataset,model")), line.getOptionValue("split", "test"),
        null, SignificanceTest.TTEST);
    // build refuses no runs, no runs with the split and a metric no run reports, each naming what is wrong.
    ResultsTable table = ResultsTable.build(FinishedRun.under(Path.of(args.get(0))), spec);
    for (Path written : MetricsChart.write(table, Path.of(line.getOptionValue("out", DEFAULT_OUT)))) {
      out.println("wrote " + written);
    }
    return ExitCode.OK;
  }
}
