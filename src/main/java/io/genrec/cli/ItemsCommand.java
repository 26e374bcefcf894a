package io.genrec.cli;

import io.genrec.config.ConfigReader;
import io.genrec.config.RunConfig;
import io.genrec.embed.TextEncoder;
import io.genrec.embed.TextEncoders;
import io.genrec.eval.MetricSpec;
import io.genrec.eval.NewItemQuota;
import io.genrec.experiment.ColdStartEvaluation;
import io.genrec.experiment.NewItemsExport;
import io.genrec.model.catalog.ModelCatalog;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;

/**
 * {@code genrec items add RUN_DIR --items NEW_ITEMS.tsv [--out DIR] [--force] [--held-out]}: a new
 * SavedModel of a trained TIGER, DIGER or VQ-Rec run that can also recommend items added after
 * training ({@link NewItemsExport}). {@code genrec items eval RUN_DIR --model DIR [--metrics ...]}:
 * that SavedModel's metrics on the cold-start test cases of a run with {@code data.holdout_items}
 * ({@link ColdStartEvaluation}).
 */
public final class ItemsCommand implements Command {
  static final String DEFAULT_METRICS = "recall@10,ndcg@10";

  private final Function<String, TextEncoder> encoders;
  private final PrintStream out;

  public ItemsCommand() {
    this(TextEncoders::open, System.out);
  }

  /** @param encoders opens a text encoder by name (tests pass a fake one) */
  ItemsCommand(Function<String, TextEncoder> encoders, PrintStream out) {
    this.encoders = encoders;
    this.out = out;
  }

  @Override
  public String name() {
    return "items";
  }

  @Override
  public String summary() {
    return "items add RUN_DIR --items FILE: a new SavedModel of a TIGER, DIGER or VQ-Rec run that also recommends new items"
        + " (no retraining) | eval RUN_DIR --model DIR: score it on the run's cold-start test cases";
  }

  @Override
  public String arguments() {
    return "add RUN_DIR | eval RUN_DIR";
  }

  @Override
  public Options options() {
    Options o = new Options();
    o.addOption(Option.builder().longOpt("items").hasArg().argName("FILE")
        .desc("the new items' metadata, as genrec embed reads it (TSV with a header, first column the item id;"
            + " or JSON); ids must be new to the run's catalog (required)").build());
    o.addOption(Option.builder().longOpt("out").hasArg().argName("DIR")
        .desc("the SavedModel to write (default RUN_DIR/savedmodel-items-<number of new items>)").build());
    o.addOption(Option.builder().longOpt("force").desc("replace --out when it exists").build());
    o.addOption(Option.builder().longOpt("model").hasArg().argName("DIR")
        .desc("eval: the SavedModel to score on the run's cold-start test cases (cold_start_cases.tsv)").build());
    o.addOption(Option.builder().longOpt("content").hasArg().argName("FILE.npy")
        .desc("eval: instead of --model, the content-only baseline over these item embeddings (genrec embed output"
            + " for the whole dataset, held-out items included): nearest items to the history's mean").build());
    o.addOption(Option.builder().longOpt("metrics").hasArg().argName("LIST")
        .desc("eval: per-user metrics, comma-separated (default " + DEFAULT_METRICS + ")").build());
    o.addOption(Option.builder().longOpt("cases").hasArg().argName("cold|test")
        .desc("eval: cold (default) scores the cases whose target the run held out (cold_start_cases.tsv); test, the"
            + " run's own test cases (what metrics.json covers), to see what new items cost the other users").build());
    o.addOption(Option.builder().longOpt("new-share").hasArg().argName("LIST")
        .desc("eval: TIGER's epsilon, comma-separated values in [0, 1]: at most floor(epsilon*K) of each top K are"
            + " held-out items (the best-ranked), old items fill the rest; one line per value").build());
    o.addOption(Option.builder().longOpt("prefix-levels").hasArg().argName("N")
        .desc("eval with --model (TIGER, DIGER): TIGER's cold-start retrieval: each generated item brings in the held-out"
            + " items whose semantic ID starts with the same N codes (the paper: all but the collision level), right"
            + " after it; use with --new-share").build());
    o.addOption(Option.builder().longOpt("held-out")
        .desc("add the items the run held out (data.holdout_items), their text from --items (other rows ignored)")
        .build());
    return o;
  }

  @Override
  public int run(CommandLine line) throws Exception {
    List<String> args = line.getArgList();
    if (args.size() == 2 && args.get(0).equals("eval")) return eval(line, Path.of(args.get(1)));
    if (args.size() != 2 || !args.get(0).equals("add")) {
      throw new UsageException("expected: items add RUN_DIR --items FILE, or items eval RUN_DIR --model DIR");
    }
    String items = line.getOptionValue("items");
    if (items == null || items.isBlank()) throw new UsageException("--items is required");
    Path target = line.hasOption("out") ? Path.of(line.getOptionValue("out")) : null;
    NewItemsExport.Result result = NewItemsExport.run(Path.of(args.get(1)), Path.of(items), target,
        line.hasOption("force"), line.hasOption("held-out"), this::open);
    out.println("added " + result.newItems().size() + " items to the " + result.oldItems() + " of " + args.get(1)
        + " -> " + result.out() + " (codes in " + result.out().resolve(NewItemsExport.ASSETS_EXTRA) + ")");
    return ExitCode.OK;
  }

  private int eval(CommandLine line, Path runDir) throws Exception {
    String model = line.getOptionValue("model");
    String content = line.getOptionValue("content");
    if ((model == null) == (content == null)) throw new UsageException("eval: give --model DIR or --content FILE.npy");
    List<MetricSpec> metrics;
    try {
      metrics = MetricSpec.parseAll(List.of(line.getOptionValue("metrics", DEFAULT_METRICS).split(",")));
    } catch (IllegalArgumentException e) {
      throw new UsageException("--metrics: " + e.getMessage());
    }
    String which = line.getOptionValue("cases", "cold");
    if (!which.equals("cold") && !which.equals("test")) {
      throw new UsageException("--cases: expected cold or test, got '" + which + "'");
    }
    List<NewItemQuota> quotas = new ArrayList<>();
    if (line.hasOption("new-share")) {
      Set<String> heldOut = ColdStartEvaluation.heldOutItems(runDir);
      for (String value : line.getOptionValue("new-share").split(",")) {
        double share;
        try {
          share = Double.parseDouble(value.strip());
        } catch (NumberFormatException e) {
          throw new UsageException("--new-share: '" + value + "' is not a number in [0, 1]");
        }
        if (!(share >= 0 && share <= 1)) throw new UsageException("--new-share: " + value + " is not in [0, 1]");
        quotas.add(new NewItemQuota(heldOut, share));
      }
    } else {
      quotas.add(null);
    }
    int prefixLevels = 0;
    if (line.hasOption("prefix-levels")) {
      if (model == null) throw new UsageException("--prefix-levels needs --model (a TIGER or DIGER SavedModel)");
      try {
        prefixLevels = Integer.parseInt(line.getOptionValue("prefix-levels").strip());
      } catch (NumberFormatException e) {
        throw new UsageException("--prefix-levels: '" + line.getOptionValue("prefix-levels") + "' is not a whole number");
      }
      if (prefixLevels < 1) throw new UsageException("--prefix-levels: expected at least 1, got " + prefixLevels);
    }
    RunConfig cfg = null;
    if (content != null || which.equals("test")) {
      Path config = runDir.resolve("config.json");
      if (!Files.isRegularFile(config)) throw new UsageException(runDir + ": not a run directory (no config.json)");
      cfg = new ConfigReader(ModelCatalog.INSTANCE).resolve(ConfigReader.parseFile(config)).config();
    }
    List<ColdStartEvaluation.Case> cases = which.equals("cold") ? ColdStartEvaluation.coldStartCases(runDir)
        : ColdStartEvaluation.runTestCases(cfg);
    for (NewItemQuota quota : quotas) {
      ColdStartEvaluation.Result result = prefixLevels > 0
          ? ColdStartEvaluation.runPrefixMatched(runDir, cases, Path.of(model), metrics, quota, prefixLevels)
          : model != null ? ColdStartEvaluation.run(cases, Path.of(model), metrics, quota)
          : ColdStartEvaluation.contentBaseline(cases, cfg, Path.of(content), metrics, quota);
      StringBuilder sb = new StringBuilder((which.equals("cold") ? "cold-start" : "run") + " test cases: " + result.cases());
      if (quota != null) sb.append(String.format(Locale.ROOT, "  new-share %s", trim(quota.share())));
      result.metrics().forEach((key, value) -> sb.append(String.format(Locale.ROOT, "  %s %.4f", key, value)));
      out.println(sb);
    }
    return ExitCode.OK;
  }

  private static String trim(double value) {
    return value == Math.rint(value) ? String.valueOf((long) value) : String.valueOf(value);
  }

  private TextEncoder open(String model) {
    try {
      return encoders.apply(model);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("the run's item embeddings were made with text encoder '" + model
          + "', which cannot be opened here: " + e.getMessage(), e);
    }
  }
}
