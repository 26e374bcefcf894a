package io.genrec.cli;

import io.genrec.config.ConfigReader;
import io.genrec.config.Overrides;
import io.genrec.model.catalog.ModelCatalog;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;

/** {@code genrec config show FILE [--set k=v ...]}: prints the resolved config. */
public final class ConfigCommand implements Command {
  @Override
  public String name() {
    return "config";
  }

  @Override
  public String summary() {
    return "config show FILE: print the config as resolved (defaults + file + --set), after validation";
  }

  @Override
  public String arguments() {
    return "show FILE";
  }

  @Override
  public Options options() {
    Options o = new Options();
    o.addOption(setOption());
    return o;
  }

  static Option setOption() {
    return Option.builder().longOpt("set").hasArg().argName("KEY=VALUE")
        .desc("override a config key after the file, e.g. --set train.lr=5e-4 (repeatable; value is JSON, else a string)")
        .build();
  }

  static List<Overrides.Override> overrides(CommandLine line) {
    List<Overrides.Override> list = new ArrayList<>();
    String[] sets = line.getOptionValues("set");
    if (sets != null) for (String s : sets) list.add(Overrides.parse(s));
    return list;
  }

  @Override
  public int run(CommandLine line) {
    List<String> args = line.getArgList();
    if (args.size() != 2 || !args.get(0).equals("show")) {
      throw new UsageException("expected: config show FILE");
    }
    ConfigReader.Resolved r = new ConfigReader(ModelCatalog.INSTANCE).read(Path.of(args.get(1)), overrides(line));
    System.out.println(ConfigReader.gson().toJson(r.json()));
    return ExitCode.OK;
  }
}
