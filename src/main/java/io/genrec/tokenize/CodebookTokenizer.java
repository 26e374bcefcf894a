package io.genrec.tokenize;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * What every tokenizer with {@code levels} codebooks of {@code codebookSize} codes shares: the
 * state a fit leaves (input width, seed, codes, report), the accessors over it, and the saved
 * layout around the tokenizer's own weights. {@link #save} writes the weights first, then
 * {@code codes.tsv}, then {@code tokenizer.json}, so a directory with a header has the rest.
 *
 * @param <C> the tokenizer's config record, saved in the header and read back by {@code load}
 */
abstract class CodebookTokenizer<C> implements Tokenizer {
  private final String name;
  private final C config;
  private final int levels;
  private final int codebookSize;
  private int dim;
  private long seed;
  private int[][] codes;
  private TokenizerReport report;

  CodebookTokenizer(String name, C config, int levels, int codebookSize) {
    this.name = name;
    this.config = Objects.requireNonNull(config, "config");
    this.levels = levels;
    this.codebookSize = codebookSize;
  }

  @Override
  public final String name() {
    return name;
  }

  public final C config() {
    return config;
  }

  @Override
  public final int levels() {
    return levels;
  }

  @Override
  public final int codebookSize() {
    return codebookSize;
  }

  @Override
  public final int[][] codes() {
    requireFitted();
    return Codes.copy(codes);
  }

  @Override
  public final TokenizerReport report() {
    requireFitted();
    return report;
  }

  @Override
  public final void save(Path dir) throws IOException {
    requireFitted();
    saveWeights(dir);
    TokenizerState.writeCodes(dir, codes);
    TokenizerState.writeHeader(dir, new TokenizerState.Header<>(name, config, seed, dim, codes.length - 1, report));
  }

  /** Writes what only this tokenizer has (codebooks, rotation, network weights) into {@code dir}. */
  abstract void saveWeights(Path dir) throws IOException;

  @Override
  public final void codeAll(float[][] embeddings) {
    requireFitted();
    int[][] coded = encode(java.util.Arrays.copyOfRange(embeddings, 1, embeddings.length));
    int[][] all = new int[embeddings.length][];
    all[0] = new int[levels];
    System.arraycopy(coded, 0, all, 1, coded.length);
    fitted(dim, seed, all, report.recounted(all));
  }

  /** Records a finished fit; {@code codes} is {@code [items + 1][levels]} with row 0 unused. */
  final void fitted(int dim, long seed, int[][] codes, TokenizerReport report) {
    this.dim = dim;
    this.seed = seed;
    this.codes = codes;
    this.report = report;
  }

  /** The shared half of {@code load}, after the tokenizer read its own weights: header state and codes. */
  final void restore(Path dir, TokenizerState.Header<C> header) throws IOException {
    int[][] saved = TokenizerState.readCodes(dir, header.items(), levels, codebookSize);
    fitted(header.dim(), header.seed(), saved, header.report());
  }

  /** Width of the vectors the tokenizer was fitted on. */
  final int dim() {
    return dim;
  }

  final long seed() {
    return seed;
  }

  /** New vectors to code (rows, no padding row), checked against the fitted width. */
  final VectorSet inputs(float[][] vectors) {
    requireFitted();
    VectorSet set = VectorSet.of(vectors);
    if (set.dim() != dim) {
      throw new IllegalArgumentException("vectors have dim " + set.dim() + ", the " + name + " was fitted on " + dim);
    }
    return set;
  }

  /** A {@code [codebookSize, width]} codebook as rows (copies). */
  final float[][] codebookRows(float[] codebook, int width) {
    return new VectorSet(codebook, codebookSize, width).toRows(false);
  }

  final void requireFitted() {
    if (codes == null) throw new IllegalStateException(name + " is not fitted: call fit or load first");
  }
}
