package io.genrec.tokenize;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Turns item embeddings into semantic IDs: a short tuple of codes per item, one per level, each in
 * {@code [0, codebookSize())}.
 *
 * <p>Item tables follow the data package's convention: row {@code i} belongs to the item with dense
 * index {@code i}, and row 0 is padding that fitting ignores. Codes need not be unique per item;
 * {@link CollisionResolver} adds the level that makes them so.
 *
 * <p>Implementations save their state (config, codebooks, codes, report) into a directory with
 * {@link #save}; {@link Tokenizers#load} restores any of them from it.
 */
public interface Tokenizer {
  /** The registry name, e.g. {@code rq-kmeans}, as written to the saved state. */
  String name();

  /**
   * Learns the codebooks and codes the items.
   *
   * @param embeddings {@code [numItems + 1][dim]}; row 0 is ignored
   * @param seed drives every random choice: the same seed and data give the same codes
   */
  void fit(float[][] embeddings, long seed);

  /**
   * As {@link #fit(float[][], long)}, for a tokenizer that trains: {@code workDir} receives its
   * checkpoints and epoch log, so an interrupted fit resumes there. Others ignore it.
   */
  default void fit(float[][] embeddings, long seed, Path workDir) throws IOException {
    fit(embeddings, seed);
  }

  /** Codes of new vectors (rows, no padding row) with the fitted codebooks: {@code [rows][levels()]}. */
  int[][] encode(float[][] vectors);

  /**
   * After a fit on some of the items, codes every row of {@code embeddings} ({@code [numItems + 1][dim]},
   * row 0 ignored) with the fitted codebooks and keeps those as {@link #codes()}; the report's code
   * statistics then cover every item, its errors stay those of the fit's items.
   */
  void codeAll(float[][] embeddings);

  /** Codes per item, {@code [numItems + 1][levels()]}; row 0 is all zeros and unused. */
  int[][] codes();

  int levels();

  /** Codes per level run over {@code [0, codebookSize())}. */
  int codebookSize();

  /** How the last fit (or the loaded fit) went. */
  TokenizerReport report();

  /** Writes the fitted state into {@code dir} (created if missing); files are replaced atomically. */
  void save(Path dir) throws IOException;
}
