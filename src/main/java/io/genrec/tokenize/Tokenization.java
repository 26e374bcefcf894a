package io.genrec.tokenize;

import com.google.gson.JsonObject;
import io.genrec.config.ConfigReader;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * One tokenization run, the body of {@code genrec tokenize}: fit a tokenizer on item embeddings,
 * add the collision level, and write into the output directory
 *
 * <ul>
 *   <li>{@code semantic_ids.tsv}: original item id → codes, collision level last;
 *   <li>{@code tokenizer/}: the fitted tokenizer's state ({@link Tokenizers#load});
 *   <li>{@code tokenize_report.json}: the {@link TokenizerReport} (levels, codebook size, usage
 *       and perplexity per level, collision rate before the extra level, reconstruction error, fit
 *       seconds), collision counts and the rate after the extra level (0), the seed, the codebook
 *       size of every level ({@code radices}, for {@link SemanticIdTrie}), how many items the
 *       tokenizer was fitted on ({@code fitted_items}) and the total seconds;
 *   <li>{@code training/}: a trained tokenizer's epoch log and checkpoints (RQ-VAE).
 * </ul>
 *
 * <p>The collision level's size is the codebook size, or the largest collision group when that is
 * larger (then the model's vocabulary for that level must grow to match).
 */
public final class Tokenization {
  public static final String REPORT_FILE = "tokenize_report.json";
  public static final String TOKENIZER_DIR = "tokenizer";
  /** A trained tokenizer's epoch log and checkpoints (resume point); see {@link Tokenizer#fit(float[][], long, Path)}. */
  public static final String TRAINING_DIR = "training";

  private static final Logger LOG = LogManager.getLogger(Tokenization.class);

  /**
   * @param radices codebook size of every level including the collision level
   */
  public record Result(
      TokenizerReport report, CollisionResolver.Result collisions, SemanticIds semanticIds, int[] radices) {
    /** The valid-prefix index over the unique IDs, rows in the dataset's item order. */
    public SemanticIdTrie trie() {
      return new SemanticIdTrie(collisions.codes(), radices);
    }
  }

  private Tokenization() {}

  /**
   * @param embeddings {@code [itemIds.size() + 1][dim]}, row {@code i} for {@code itemIds.get(i - 1)}
   * @param itemIds original item ids in the dataset's dense order
   */
  public static Result run(
      Tokenizer tokenizer, float[][] embeddings, List<String> itemIds, long seed, Path outDir)
      throws IOException {
    return run(tokenizer, embeddings, itemIds, null, seed, outDir);
  }

  /**
   * As {@link #run(Tokenizer, float[][], List, long, Path)}, the tokenizer fitted on the items whose
   * {@code fitOn[i]} is true only (null: all), then every item coded with what it learned: a
   * target domain's quantizer fitted on its training items, as VQ-Rec's "strict" indexes are, so
   * items seen only in validation or test do not shape the codebooks they are coded with.
   */
  public static Result run(
      Tokenizer tokenizer, float[][] embeddings, List<String> itemIds, boolean[] fitOn, long seed, Path outDir)
      throws IOException {
    if (embeddings.length != itemIds.size() + 1) {
      throw new IllegalArgumentException(
          itemIds.size() + " items need " + (itemIds.size() + 1) + " embedding rows (row 0 padding), got "
              + embeddings.length);
    }
    if (fitOn != null && fitOn.length != embeddings.length) {
      throw new IllegalArgumentException("fitOn has " + fitOn.length + " entries for " + embeddings.length + " rows");
    }
    long start = System.nanoTime();
    int fitted = itemIds.size();
    if (fitOn == null) {
      tokenizer.fit(embeddings, seed, outDir.resolve(TRAINING_DIR));
    } else {
      float[][] rows = fitRows(embeddings, fitOn);
      fitted = rows.length - 1;
      if (fitted == 0) throw new IllegalArgumentException("none of the " + itemIds.size() + " items is to be fitted on");
      tokenizer.fit(rows, seed, outDir.resolve(TRAINING_DIR));
      tokenizer.codeAll(embeddings);
      LOG.info("fitted on {} of {} items, then coded all of them", fitted, itemIds.size());
    }
    TokenizerReport report = tokenizer.report();
    CollisionResolver.Result collisions = CollisionResolver.resolve(tokenizer.codes());
    int[] radices = new int[tokenizer.levels() + 1];
    Arrays.fill(radices, tokenizer.codebookSize());
    radices[tokenizer.levels()] = Math.max(tokenizer.codebookSize(), collisions.largestGroup());
    SemanticIds ids = SemanticIds.of(itemIds, collisions.codes());

    SemanticIdFile.writeTsv(outDir.resolve(SemanticIdFile.FILE_NAME), ids);
    tokenizer.save(outDir.resolve(TOKENIZER_DIR));
    JsonObject json = new JsonObject();
    json.add("report", ConfigReader.gson().toJsonTree(report));
    JsonObject collisionJson = new JsonObject();
    collisionJson.addProperty("colliding_items", collisions.collidingItems());
    collisionJson.addProperty("colliding_groups", collisions.collidingGroups());
    collisionJson.addProperty("largest_group", collisions.largestGroup());
    collisionJson.addProperty("rate_before", report.collisionRate());
    collisionJson.addProperty(
        "rate_after", 1.0 - (double) TokenizerReport.distinctTuples(collisions.codes()) / itemIds.size());
    json.add("collisions", collisionJson);
    json.add("radices", ConfigReader.gson().toJsonTree(radices));
    json.addProperty("fitted_items", fitted);
    json.addProperty("seed", seed);
    json.addProperty("semantic_ids", SemanticIdFile.FILE_NAME);
    json.addProperty("seconds", (System.nanoTime() - start) / 1e9);
    TokenizerState.writeJson(outDir.resolve(REPORT_FILE), json);

    LOG.info("{}", report.summary());
    LOG.info(
        "collision level: {} items moved off code 0, {} groups, largest {}",
        collisions.collidingItems(), collisions.collidingGroups(), collisions.largestGroup());
    return new Result(report, collisions, ids, radices);
  }

  /** Row 0 (padding) and the rows marked in {@code fitOn}, in order. */
  private static float[][] fitRows(float[][] embeddings, boolean[] fitOn) {
    int n = 0;
    for (int i = 1; i < fitOn.length; i++) if (fitOn[i]) n++;
    float[][] rows = new float[n + 1][];
    rows[0] = embeddings[0];
    int r = 1;
    for (int i = 1; i < fitOn.length; i++) if (fitOn[i]) rows[r++] = embeddings[i];
    return rows;
  }
}
