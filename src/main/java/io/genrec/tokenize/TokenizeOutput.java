package io.genrec.tokenize;

import io.genrec.data.ItemMetadata;
import io.genrec.embed.ItemTextEncoding;
import io.genrec.embed.TextEncoder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

/**
 * A {@code genrec tokenize} output directory read back to code items it never saw the way it coded
 * its own: their text rendered with the template and encoded by the text encoder its embedding
 * table was made with ({@link ItemTextEncoding}), then coded by its fitted tokenizer.
 * Only an output fitted on one text-embedding table can do this: a fused table (text + other
 * embeddings) has parts that text alone does not give.
 */
public final class TokenizeOutput {
  /** The tokenize config a {@code genrec tokenize} run writes into its output directory. */
  public static final String CONFIG_FILE = "config.json";

  private final Path dir;
  private final Tokenizer tokenizer;
  private final ItemTextEncoding embedding;

  private TokenizeOutput(Path dir, Tokenizer tokenizer, ItemTextEncoding embedding) {
    this.dir = dir;
    this.tokenizer = tokenizer;
    this.embedding = embedding;
  }

  /**
   * The output directory that holds {@code semanticIdFile} (its {@code semantic_ids.tsv}).
   *
   * @throws IllegalArgumentException naming the file when it is not the output of a tokenize run
   *     that can code new items, and why
   */
  public static TokenizeOutput of(Path semanticIdFile) throws IOException {
    Path dir = semanticIdFile.toAbsolutePath().normalize().getParent();
    Path config = dir.resolve(CONFIG_FILE);
    Path tokenizerDir = dir.resolve(Tokenization.TOKENIZER_DIR);
    if (!Files.isRegularFile(config) || !Files.isDirectory(tokenizerDir)) {
      throw new IllegalArgumentException(semanticIdFile + ": not the output of genrec tokenize (no " + CONFIG_FILE
          + " and " + Tokenization.TOKENIZER_DIR + "/ beside it), so there is no tokenizer to code new items with;"
          + " new items need a run whose semantic IDs come from genrec tokenize");
    }
    TokenizeConfig cfg = TokenizeConfig.read(config, List.of());
    if (cfg.data().hasSources()) {
      throw new IllegalArgumentException(config + ": the tokenizer was fitted over several data sources; coding new"
          + " items supports a tokenizer of one dataset");
    }
    if (cfg.itemsEmbeddings().size() != 1) {
      throw new IllegalArgumentException(config + ": the tokenizer was fitted on " + cfg.itemsEmbeddings().size()
          + " fused embedding tables; new items' text gives only a text embedding, so they cannot be coded the same way");
    }
    ItemTextEncoding text = ItemTextEncoding.of(Path.of(cfg.itemsEmbeddings().get(0)));
    return new TokenizeOutput(dir, Tokenizers.load(tokenizerDir), text);
  }

  /** The tokenizer's registry name, e.g. {@code rq-vae}. */
  public String tokenizerName() {
    return tokenizer.name();
  }

  /** Levels the tokenizer codes (without a collision level). */
  public int levels() {
    return tokenizer.levels();
  }

  /**
   * Fails unless every item of {@code runIds} has the ID this output gave it: a tokenizer fitted
   * again after the run would code new items in another code space than the model was trained on.
   */
  public void requireSameIds(SemanticIds runIds, Path runIdFile) throws IOException {
    Path ownFile = dir.resolve(SemanticIdFile.FILE_NAME);
    SemanticIds own = SemanticIdFile.readTsv(ownFile);
    for (String item : runIds.itemIds()) {
      int[] ours = own.get(item).orElse(null);
      int[] theirs = runIds.get(item).orElseThrow();
      if (ours == null || !Arrays.equals(ours, theirs)) {
        throw new IllegalArgumentException(runIdFile + ": item '" + item + "' has ID " + Arrays.toString(theirs)
            + " but " + ownFile + " gives it " + (ours == null ? "none" : Arrays.toString(ours))
            + "; the tokenizer in " + dir + " was fitted again after the run, so it would code new items in"
            + " another code space than the model was trained on");
      }
    }
  }

  /**
   * Codes of items from their metadata: text by the recorded template, embedded by the recorded
   * encoder ({@code encoders} opens it by name), coded by the tokenizer.
   *
   * @return {@code [itemIds.size()][levels()]}
   */
  public int[][] code(ItemMetadata metadata, List<String> itemIds, Function<String, TextEncoder> encoders) {
    return tokenizer.encode(embedding.embed(metadata, itemIds, encoders));
  }

  @Override
  public String toString() {
    return dir + " (" + tokenizer.name() + ", text by " + embedding + ")";
  }
}
