package io.genrec.cli;

import io.genrec.config.ConfigReader;
import io.genrec.config.RunConfig;
import io.genrec.model.catalog.ModelCatalog;
import io.genrec.experiment.ModelExport;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;

/** {@code genrec export RUN_DIR [--out DIR]}: (re)exports a run's best checkpoint as a SavedModel. */
public final class ExportCommand implements Command {
  @Override
  public String name() {
    return "export";
  }

  @Override
  public String summary() {
    return "export a run's best checkpoint as a SavedModel (default savedmodels/<run-name>/)";
  }

  @Override
  public String arguments() {
    return "RUN_DIR";
  }

  @Override
  public Options options() {
    Options o = new Options();
    o.addOption(Option.builder().longOpt("out").hasArg().argName("DIR")
        .desc("export directory (default: export.dir/<run-name>)").build());
    return o;
  }

  @Override
  public int run(CommandLine line) throws Exception {
    if (line.getArgList().size() != 1) throw new UsageException("expected: export RUN_DIR");
    Path run = Path.of(line.getArgList().get(0));
    Path config = run.resolve("config.json");
    if (!Files.isRegularFile(config)) {
      throw new UsageException(run + ": not a run directory (no config.json)");
    }
    RunConfig cfg = new ConfigReader(ModelCatalog.INSTANCE).resolve(ConfigReader.parseFile(config)).config();
    Path out = line.hasOption("out") ? Path.of(line.getOptionValue("out"))
        : Path.of(cfg.export().dir()).resolve(run.toAbsolutePath().normalize().getFileName());
    ModelExport.fromRun(cfg, run.resolve("checkpoints"), out);
    System.out.println("exported " + out);
    return ExitCode.OK;
  }
}
