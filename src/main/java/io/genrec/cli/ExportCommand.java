package io.genrec.cli;

import io.genrec.config.ConfigReader;
import io.genrec.config.RunConfig;
import io.genrec.model.catalog.ModelCatalog;
import io.genrec.experiment.ModelExport;
import io.genrec.serve.http.TfServingLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;

/**
 * {@code genrec export RUN_DIR [--out DIR]}: (re)exports a run's best checkpoint as a SavedModel.
 * {@code --layout tfserving --out BASE [--name NAME] [--version V]} writes it as BASE/NAME/VERSION/
 * instead (TF Serving's layout, which {@code genrec serve --models BASE} polls for new versions).
 */
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
        .desc("export directory (default: export.dir/<run-name>); with --layout tfserving the base directory"
            + " (default: export.dir)").build());
    o.addOption(Option.builder().longOpt("layout").hasArg().argName("LAYOUT")
        .desc("savedmodel (default: the SavedModel in --out) or tfserving (OUT/NAME/VERSION/, written whole or not at all)")
        .build());
    o.addOption(Option.builder().longOpt("force")
        .desc("replace --out even when it holds files a SavedModel export did not write (they are deleted)").build());
    o.addOption(Option.builder().longOpt("name").hasArg().argName("NAME")
        .desc("with --layout tfserving: the model's name (default: the run directory's name)").build());
    o.addOption(Option.builder().longOpt("version").hasArg().argName("V")
        .desc("with --layout tfserving: the version number (default: one above the highest there)").build());
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
    String layout = line.getOptionValue("layout", "savedmodel");
    String runName = run.toAbsolutePath().normalize().getFileName().toString();
    if (layout.equals("tfserving")) {
      String name = line.getOptionValue("name", runName);
      if (!name.matches("[A-Za-z0-9_][A-Za-z0-9._-]*")) {
        throw new UsageException("--name " + name + ": a model name is letters, digits, '.', '_' and '-' (it is a"
            + " directory and part of the URL /v1/models/NAME)");
      }
      Path modelDir = Path.of(line.getOptionValue("out", cfg.export().dir())).resolve(name);
      long version = line.hasOption("version") ? version(line.getOptionValue("version"))
          : TfServingLayout.nextVersion(modelDir);
      Path published = TfServingLayout.publish(modelDir, version,
          dir -> ModelExport.fromRun(cfg, run.resolve("checkpoints"), dir, true));
      System.out.println("exported " + published);
      return ExitCode.OK;
    }
    if (!layout.equals("savedmodel")) throw new UsageException("--layout " + layout + ": expected savedmodel or tfserving");
    if (line.hasOption("name") || line.hasOption("version")) {
      throw new UsageException("--name and --version go with --layout tfserving");
    }
    Path out = line.hasOption("out") ? Path.of(line.getOptionValue("out"))
        : Path.of(cfg.export().dir()).resolve(run.toAbsolutePath().normalize().getFileName());
    ModelExport.fromRun(cfg, run.resolve("checkpoints"), out, line.hasOption("force"));
    System.out.println("exported " + out);
    return ExitCode.OK;
  }

  private static long version(String s) {
    try {
      long v = Long.parseLong(s);
      if (v >= 1) return v;
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new UsageException("--version " + s + ": expected a positive integer");
  }
}
