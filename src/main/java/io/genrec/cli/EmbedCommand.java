package io.genrec.cli;

import io.genrec.data.DatasetLoader;
import io.genrec.data.ItemMetadata;
import io.genrec.data.ItemRecord;
import io.genrec.data.LoadOptions;
import io.genrec.embed.ItemEmbedder;
import io.genrec.embed.ItemTextTemplate;
import io.genrec.embed.TextEncoder;
import io.genrec.embed.TextEncoders;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;

/**
 * {@code genrec embed --items ITEMS --out items.npy [--data PATH] [--model NAME] [--template T]}:
 * item metadata → text embeddings, a float32 {@code .npy} of {@code [items + 1, dim]} (row 0
 * padding) with a JSON sidecar ({@link io.genrec.embed.EmbeddingSidecar}).
 *
 * <p>Row order: with {@code --data}, the dataset's dense item ids (what {@code genrec tokenize}
 * and the models index by); without it, the metadata file's own order, which only lines up with
 * a dataset whose ids were assigned in that order.
 */
public final class EmbedCommand implements Command {
  private final Function<String, TextEncoder> encoders;
  private final PrintStream out;

  public EmbedCommand() {
    this(TextEncoders::open, System.out);
  }

  /** @param encoders opens a text encoder by name (tests pass a fake one) */
  EmbedCommand(Function<String, TextEncoder> encoders, PrintStream out) {
    this.encoders = encoders;
    this.out = out;
  }

  @Override
  public String name() {
    return "embed";
  }

  @Override
  public String summary() {
    return "item metadata -> text embeddings .npy [items + 1, dim] in the dataset's item order, with a JSON sidecar";
  }

  @Override
  public Options options() {
    Options o = new Options();
    o.addOption(Option.builder().longOpt("items").hasArg().argName("FILE")
        .desc("item metadata: TSV with a header (first column the item id) or JSON (required)").build());
    o.addOption(Option.builder().longOpt("out").hasArg().argName("FILE.npy")
        .desc("embedding table to write; the sidecar goes beside it as FILE.json (required)").build());
    o.addOption(Option.builder().longOpt("data").hasArg().argName("PATH")
        .desc("interactions whose dense item order the rows follow (default: the metadata's order)").build());
    o.addOption(Option.builder().longOpt("model").hasArg().argName("NAME")
        .desc("text encoder, one of " + TextEncoders.names() + " (default " + TextEncoders.DEFAULT + ")").build());
    o.addOption(Option.builder().longOpt("template").hasArg().argName("TEXT")
        .desc("item text template over " + ItemTextTemplate.FIELDS + " (default \"" + ItemTextTemplate.DEFAULT + "\")")
        .build());
    o.addOption(Option.builder().longOpt("from-run").hasArg().argName("RUN_DIR")
        .desc("instead of text: the item-embedding table a trained run learned (sasrec, diffsasrec), from its best"
            + " checkpoint, in the run's item order (or --data's)").build());
    o.addOption(Option.builder().longOpt("id-column").hasArg().argName("NAME")
        .desc("TSV metadata: the column holding the item id (default: the first)").build());
    return o;
  }

  @Override
  public int run(CommandLine line) throws IOException {
    if (!line.getArgList().isEmpty()) throw new UsageException("unexpected arguments " + line.getArgList());
    Path target = Path.of(required(line, "out"));
    if (!target.getFileName().toString().endsWith(".npy")) {
      throw new UsageException("--out " + target + ": expected a .npy file name");
    }
    if (line.hasOption("from-run")) {
      for (String textOnly : List.of("items", "model", "template", "id-column")) {
        if (line.hasOption(textOnly)) throw new UsageException("--" + textOnly + " is for text; leave it out with --from-run");
      }
      RunItemEmbeddings.Result r = RunItemEmbeddings.write(Path.of(line.getOptionValue("from-run")),
          line.hasOption("data") ? Path.of(line.getOptionValue("data")) : null, target);
      out.printf(Locale.ROOT, "wrote %d items' %s (dim %d) -> %s, %s%n", r.items(), r.variable(), r.dim(), target,
          r.sidecar());
      return ExitCode.OK;
    }
    Path items = Path.of(required(line, "items"));
    ItemTextTemplate template;
    try {
      template = ItemTextTemplate.parse(line.getOptionValue("template", ItemTextTemplate.DEFAULT));
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage());
    }
    String model = line.getOptionValue("model", TextEncoders.DEFAULT);
    ItemEmbedder.Result result;
    List<String> order;
    // The encoder opens first, so an unknown model name fails before any file is read.
    try (TextEncoder encoder = open(model)) {
      ItemMetadata metadata = line.hasOption("id-column")
          ? ItemMetadata.loadTsv(items, line.getOptionValue("id-column"))
          : ItemMetadata.load(items);
      String orderSource;
      if (line.hasOption("data")) {
        Path data = Path.of(line.getOptionValue("data"));
        order = DatasetLoader.load(data, LoadOptions.defaults()).items().originals();
        orderSource = "the dense item ids of " + data;
      } else {
        order = metadata.records().stream().map(ItemRecord::id).toList();
        orderSource = "the order of " + items;
      }
      result = ItemEmbedder.run(metadata, order, template, encoder, target, orderSource);
    }
    out.printf(Locale.ROOT, "embedded %d items (%s, dim %d) in %.1f s -> %s, %s%n", order.size(), model,
        result.embeddings()[0].length, result.seconds(), result.file(), result.sidecar());
    return ExitCode.OK;
  }

  private TextEncoder open(String model) {
    try {
      return encoders.apply(model);
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage());
    }
  }

  private static String required(CommandLine line, String option) {
    String value = line.getOptionValue(option);
    if (value == null || value.isBlank()) throw new UsageException("--" + option + " is required");
    return value;
  }
}
