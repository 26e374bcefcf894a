package io.genrec.cli;

import com.google.gson.JsonObject;
import io.genrec.config.ConfigReader;
import io.genrec.data.AtomicFile;
import io.genrec.data.Datasets;
import io.genrec.data.FileTrees;
import io.genrec.data.fetch.BundledLayout;
import io.genrec.data.SequenceDataset;
import io.genrec.tokenize.ItemEmbeddings;
import io.genrec.tokenize.SemanticIdFile;
import io.genrec.tokenize.Tokenization;
import io.genrec.tokenize.TokenizeConfig;
import io.genrec.tokenize.Tokenizer;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;

/**
 * {@code genrec tokenize CONFIG [--set k=v ...] [--force]}: fits the configured tokenizer on the
 * item embeddings and writes {@code semantic_ids.tsv}, {@code tokenizer/},
 * {@code tokenize_report.json} and {@code config.json} under the config's {@code out}.
 *
 * <p>An RQ-VAE fit keeps its checkpoints in {@code out/training/} and resumes from them when run
 * again with the same config (more epochs allowed). A different config in the same {@code out}
 * is refused unless {@code --force}, which starts that training over: resuming weights trained
 * under other settings would silently mix two runs.
 */
public final class TokenizeCommand implements Command {
  static final String CONFIG_FILE = "config.json";

  private final PrintStream out;

  public TokenizeCommand() {
    this(System.out);
  }

  TokenizeCommand(PrintStream out) {
    this.out = out;
  }

  @Override
  public String name() {
    return "tokenize";
  }

  @Override
  public String summary() {
    return "fit a tokenizer (rq-vae, rq-kmeans, pq, opq) on item embeddings: semantic_ids.tsv, tokenizer/, report";
  }

  @Override
  public String arguments() {
    return "CONFIG";
  }

  @Override
  public Options options() {
    Options o = new Options();
    o.addOption(ConfigCommand.setOption());
    o.addOption(Option.builder().longOpt("force")
        .desc("start a trained tokenizer over when out/ holds a fit of a different config").build());
    return o;
  }

  @Override
  public int run(CommandLine line) throws IOException {
    List<String> args = line.getArgList();
    if (args.size() != 1) throw new UsageException("expected: tokenize CONFIG");
    Path file = Path.of(args.get(0));
    TokenizeConfig cfg;
    Tokenizer tokenizer;
    try {
      cfg = TokenizeConfig.read(file, ConfigCommand.overrides(line));
      tokenizer = cfg.createTokenizer();
    } catch (io.genrec.config.ConfigException e) {
      // As run configs do: a key's error names the file it is in (file-level errors already do).
      if (e.getMessage().startsWith(file.toString())) throw e;
      throw new io.genrec.config.ConfigException(file + ": " + e.getMessage(), e);
    }
    Path dir = Path.of(cfg.out());
    guardResume(dir, cfg.toJson(), line.hasOption("force"));

    // Several sources: one quantizer over all their items (ids "source:original", as runs name them).
    io.genrec.data.SplitDataset joined = cfg.data().hasSources() ? Datasets.loadSplit(cfg.data()) : null;
    SequenceDataset data = joined != null ? joined.data() : Datasets.load(cfg.data());
    List<String> itemIds = data.items().originals();
    float[][] table = joined != null
        ? ItemEmbeddings.perSource(cfg.embeddingFiles(), joined.sources())
        : ItemEmbeddings.load(cfg.embeddingFiles(), cfg.fusion(), cfg.fusionDim(), itemIds);
    if (tokenizer.codebookSize() > itemIds.size()) {
      // k-means cannot place more centroids than points: the extra codes stay empty and the report misleads.
      throw new io.genrec.config.ConfigException(file + ": params.codebook_size = " + tokenizer.codebookSize()
          + " is more codes per level than the " + itemIds.size() + " items of " + cfg.data().displayName()
          + "; expected at most " + itemIds.size());
    }
    Files.createDirectories(dir);
    AtomicFile.writeText(dir.resolve(CONFIG_FILE), ConfigReader.gson().toJson(cfg.toJson()) + "\n");

    boolean[] fitOn = cfg.fitOn() == TokenizeConfig.FitOn.TRAIN_ITEMS
        ? trainItems(joined != null ? joined : Datasets.loadSplit(cfg.data())) : null;
    Tokenization.Result result = Tokenization.run(tokenizer, table, itemIds, fitOn, cfg.seed(), dir);
    out.println(result.report().summary());
    out.printf(Locale.ROOT, "collision level: %d items moved off code 0 in %d groups (largest %d); IDs unique%n",
        result.collisions().collidingItems(), result.collisions().collidingGroups(), result.collisions().largestGroup());
    out.println("wrote " + dir.resolve(SemanticIdFile.FILE_NAME) + ", "
        + dir.resolve(Tokenization.TOKENIZER_DIR) + ", " + dir.resolve(Tokenization.REPORT_FILE));
    return ExitCode.OK;
  }

  /** {@code [numItems + 1]}: true for the items of the training part of the split. */
  static boolean[] trainItems(io.genrec.data.SplitDataset split) {
    boolean[] train = new boolean[split.data().items().size() + 1];
    for (int[] sequence : split.train()) for (int item : sequence) train[item] = true;
    return train;
  }

  /**
   * Refuses an {@code out} fitted under another config (its IDs would be overwritten by a different
   * tokenizer's, and an RQ-VAE would resume weights trained for other settings), or holding files
   * with no {@code config.json} of ours; {@code force} allows both and starts any training over.
   * The same config again (epochs and the progress bar may differ: more epochs continue the fit) is fine.
   */
  static void guardResume(Path dir, JsonObject config, boolean force) throws IOException {
    Path training = dir.resolve(Tokenization.TRAINING_DIR);
    Path previous = dir.resolve(CONFIG_FILE);
    if (!Files.isRegularFile(previous)) {
      if (!force && Files.isDirectory(dir) && !isEmpty(dir)) {
        throw new UsageException(dir + " already holds files and no " + CONFIG_FILE
            + " of a tokenizer fit; use another out, or --force to write the tokenizer's files into it");
      }
      return;
    }
    JsonObject before = ConfigReader.parseFile(previous);
    List<String> changed = new ArrayList<>();
    differences("", resumeKey(before), resumeKey(config), changed);
    if (changed.isEmpty()) return;
    if (!force) {
      throw new UsageException(dir + " holds a tokenizer fitted under a different config (" + previous + " differs in "
          + String.join(", ", changed) + "); use another out, or --force to replace it");
    }
    FileTrees.delete(training);
  }

  private static boolean isEmpty(Path dir) throws IOException {
    try (var entries = Files.list(dir)) {
      return entries.findAny().isEmpty();
    }
  }

  /** The dotted keys whose values differ between two configs, so the refusal can say what changed. */
  private static void differences(String prefix, JsonObject a, JsonObject b, List<String> out) {
    java.util.SortedSet<String> keys = new java.util.TreeSet<>(a.keySet());
    keys.addAll(b.keySet());
    for (String k : keys) {
      var x = a.get(k);
      var y = b.get(k);
      if (x != null && y != null && x.isJsonObject() && y.isJsonObject()) {
        differences(prefix + k + ".", x.getAsJsonObject(), y.getAsJsonObject(), out);
      } else if (x == null || !x.equals(y)) {
        out.add(prefix + k);
      }
    }
  }

  private static JsonObject resumeKey(JsonObject config) {
    JsonObject key = config.deepCopy();
    key.remove("out");
    // A fit over a named dataset is the fit over the ../shared/data paths it reads, wherever they were found.
    if (key.get("data") instanceof JsonObject data) BundledLayout.standard().rewrite(data);
    // A fit written before fit_on existed was fitted on all items.
    if (key.has(TokenizeConfig.FIT_ON) && key.get(TokenizeConfig.FIT_ON).getAsString().equals("all")) {
      key.remove(TokenizeConfig.FIT_ON);
    }
    if (key.has("train") && key.get("train").isJsonObject()) {
      key.getAsJsonObject("train").remove("epochs");
      key.getAsJsonObject("train").remove("progress");
    }
    return key;
  }
}
