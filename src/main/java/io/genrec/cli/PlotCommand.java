package io.genrec.cli;

import io.genrec.experiment.TrainingCurves;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;

/** {@code genrec plot RUN_DIR...}: training loss and a validation metric per epoch, as PNG and SVG. */
public final class PlotCommand implements Command {
  static final String DEFAULT_OUT = "training_curves.png";
  private final PrintStream out;

  public PlotCommand() {
    this(System.out);
  }

  public PlotCommand(PrintStream out) {
    this.out = out;
  }

  @Override
  public String name() {
    return "plot";
  }

  @Override
  public String summary() {
    return "plot RUN_DIR...: training loss and validation metric per epoch of one or more runs (PNG + SVG)";
  }

  @Override
  public String arguments() {
    return "RUN_DIR...";
  }

  @Override
  public Options options() {
    Options o = new Options();
    o.addOption(Option.builder().longOpt("out").hasArg().argName("FILE.png")
        .desc("figure file; the SVG goes beside it (default " + DEFAULT_OUT + ")").build());
    o.addOption(Option.builder().longOpt("metric").hasArg().argName("KEY")
        .desc("validation metric key in epochs.jsonl (default ndcg@10)").build());
    return o;
  }

  @Override
  public int run(CommandLine line) throws Exception {
    if (line.getArgList().isEmpty()) throw new UsageException("expected at least one RUN_DIR");
    String metric = line.getOptionValue("metric", "ndcg@10");
    List<TrainingCurves.Curve> curves = new ArrayList<>();
    for (String dir : line.getArgList()) curves.add(TrainingCurves.read(Path.of(dir), metric));
    for (Path written : TrainingCurves.write(curves, metric, Path.of(line.getOptionValue("out", DEFAULT_OUT)))) {
      out.println("wrote " + written);
    }
    return ExitCode.OK;
  }
}
