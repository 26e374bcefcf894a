package io.genrec.cli;

import io.genrec.config.ConfigReader;
import io.genrec.config.DataConfig;
import io.genrec.data.DatasetStats;
import io.genrec.data.SequenceDataset;
import io.genrec.data.SplitDataset;
import io.genrec.data.DataSource;
import io.genrec.data.Datasets;
import io.genrec.model.catalog.ModelCatalog;
import io.genrec.data.fetch.CatalogEntry;
import io.genrec.data.fetch.DatasetCatalog;
import io.genrec.data.fetch.DatasetFetcher;
import io.genrec.data.fetch.DataRoots;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;

/** {@code genrec data stats PATH-or-CONFIG [--json]}: what a dataset holds. */
public final class DataCommand implements Command {
  @Override
  public String name() {
    return "data";
  }

  @Override
  public String summary() {
    return "data stats PATH|CONFIG | get NAME [--dir D] [--mirror D] | list: dataset statistics; fetch a catalogued dataset (sha256-verified)";
  }

  @Override
  public String arguments() {
    return "stats PATH|CONFIG | get NAME | list";
  }

  @Override
  public Options options() {
    Options o = new Options();
    o.addOption(Option.builder().longOpt("json").desc("print one JSON object").build());
    o.addOption(Option.builder().longOpt("format").hasArg().argName("FORMAT")
        .desc("auto|sequence|recbole|csv|amazon2023|amazon2023_reviews (when PATH is a data file; default auto)").build());
    o.addOption(ConfigCommand.setOption());
    o.addOption(Option.builder().longOpt("dir").hasArg().argName("DIR")
        .desc("data directory for get/list (default $GENREC_DATA_DIR, else ~/.cache/genrec/data)").build());
    o.addOption(Option.builder().longOpt("mirror").hasArg().argName("DIR")
        .desc("copy from a local copy laid out like ../shared/data (default $GENREC_DATA_MIRROR)").build());
    return o;
  }

  @Override
  public int run(CommandLine line) throws Exception {
    List<String> args = line.getArgList();
    if (!args.isEmpty() && args.get(0).equals("list")) {
      return list(line);
    }
    if (args.size() == 2 && args.get(0).equals("get")) {
      return get(line, args.get(1));
    }
    if (args.size() != 2 || !args.get(0).equals("stats")) {
      throw new UsageException("expected: data stats PATH|CONFIG");
    }
    Path path = Path.of(args.get(1));
    DataConfig data;
    boolean fromConfig = path.toString().endsWith(".json");
    if (fromConfig) {
      data = new ConfigReader(ModelCatalog.INSTANCE)
          .read(path, ConfigCommand.overrides(line)).config().data();
    } else {
      DataConfig d = DataConfig.defaults();
      DataConfig.Format format = parseFormat(line.getOptionValue("format", "auto"));
      data = new DataConfig(path.toString(), d.name(), format, d.split(), d.timeQuantile(),
          d.maxLength(), d.userColumn(), d.itemColumn(), d.timeColumn(), d.items());
    }
    SplitDataset split = fromConfig ? Datasets.loadSplit(data) : null;
    SequenceDataset ds = fromConfig ? split.data() : Datasets.load(data);
    var json = DatasetStats.of(ds).toJson();
    if (fromConfig) {
      json.addProperty("split", data.split().name().toLowerCase(Locale.ROOT));
      json.addProperty("train_interactions", split.numTrainInteractions());
      json.addProperty("valid_cases", split.valid().size());
      json.addProperty("test_cases", split.test().size());
      if (split.hasSeveralSources()) {
        for (DataSource s : split.sources()) {
          json.addProperty("source_" + s.name(), "items " + s.firstItem() + ".." + s.lastItem() + ", users "
              + s.firstUser() + ".." + (s.firstUser() + s.userCount() - 1));
        }
      }
    }
    if (line.hasOption("json")) {
      System.out.println(ConfigReader.gson().toJson(json));
    } else {
      DataConfig files = Datasets.located(data);
      System.out.println(files.displayName() + "  (" + (data.hasSources() ? data.sourceNames() : files.path()) + ")");
      for (var e : json.entrySet()) {
        System.out.printf(Locale.ROOT, "  %-20s %s%n", e.getKey(), e.getValue());
      }
    }
    return ExitCode.OK;
  }

  private static Path dataDir(CommandLine line) {
    if (line.hasOption("dir")) return Path.of(line.getOptionValue("dir"));
    return DataRoots.fetchDirectory();
  }

  private static int get(CommandLine line, String name) throws Exception {
    DatasetCatalog catalog = DatasetCatalog.standard();
    CatalogEntry entry;
    try {
      entry = catalog.get(name);
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage());
    }
    Path bundled = Path.of(DataRoots.BUNDLED);
    // Runs read a named dataset from the bundled copy when the data directory lacks it, so a second
    // copy would only cost the download; --dir asks for one anyway.
    if (!line.hasOption("dir") && !DatasetFetcher.present(entry, dataDir(line)) && DatasetFetcher.verified(entry, bundled)) {
      System.err.println(name + ": present and verified in " + bundled + " (bundled); runs read it there, nothing"
          + " fetched (--dir DIR fetches a copy anyway)");
      return ExitCode.OK;
    }
    String mirror = line.hasOption("mirror") ? line.getOptionValue("mirror") : System.getenv("GENREC_DATA_MIRROR");
    new DatasetFetcher(System.err, catalog).fetch(entry, dataDir(line), mirror == null || mirror.isBlank() ? null : Path.of(mirror));
    return ExitCode.OK;
  }

  private static int list(CommandLine line) {
    Path dir = dataDir(line);
    Path bundled = Path.of(DataRoots.BUNDLED);
    for (CatalogEntry e : DatasetCatalog.standard().entries()) {
      boolean sized = e.files().stream().allMatch(f -> f.size() >= 0);
      String where = DatasetFetcher.present(e, dir) ? "present"
          : DatasetFetcher.present(e, bundled) ? "in " + DataRoots.BUNDLED + " (bundled)" : "absent";
      System.out.printf(Locale.ROOT, "%-44s %18s  %s%n", e.name(),
          sized ? String.format(Locale.ROOT, "%,d bytes", e.size()) : "size unknown", where);
    }
    return ExitCode.OK;
  }

  private static DataConfig.Format parseFormat(String s) {
    for (DataConfig.Format f : DataConfig.Format.values()) {
      if (f.name().equalsIgnoreCase(s)) return f;
    }
    throw new UsageException("--format " + s + ": expected one of auto, sequence, recbole, csv, amazon2023, amazon2023_reviews");
  }
}
