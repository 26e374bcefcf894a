package io.genrec.tokenize;

import java.io.IOException;
import java.nio.file.Path;

/**
 * OPQ (Ge et al., 2013, non-parametric): learns an orthogonal rotation {@code R} so that PQ on
 * {@code x R} loses less. Each round fits PQ on the rotated vectors, then solves for the rotation
 * that best maps the vectors onto their PQ reconstruction (Procrustes); the next round starts
 * Lloyd from the previous codebooks.
 *
 * <p>Round 1 uses {@code R = I} and the same seed as {@link ProductQuantizer}, and the round with
 * the lowest error is kept, so OPQ never does worse than PQ with the same config and seed.
 */
public final class OptimizedProductQuantizer extends CodebookTokenizer<OptimizedProductQuantizer.Config> {
  public static final String NAME = "opq";
  static final String ROTATION_FILE = "rotation.npy";

  /** @param rounds alternations of PQ fitting and rotation update; 1 is plain PQ */
  public record Config(int subvectors, int codebookSize, int maxIterations, int rounds, int threads) {
    public Config {
      if (subvectors < 1) throw new IllegalArgumentException("subvectors must be >= 1, got " + subvectors);
      if (codebookSize < 1) throw new IllegalArgumentException("codebook size must be >= 1, got " + codebookSize);
      if (maxIterations < 0) throw new IllegalArgumentException("max iterations must be >= 0, got " + maxIterations);
      if (rounds < 1) throw new IllegalArgumentException("rounds must be >= 1, got " + rounds);
      if (threads < 1) throw new IllegalArgumentException("threads must be >= 1, got " + threads);
    }

    public static Config defaults() {
      return new Config(4, 256, KMeans.DEFAULT_MAX_ITERATIONS, 8, KMeans.defaultThreads());
    }
  }

  private Rotation rotation;
  private float[][] codebooks; // in the rotated space

  public OptimizedProductQuantizer(Config config) {
    super(NAME, config, config.subvectors(), config.codebookSize());
  }

  @Override
  public void fit(float[][] embeddings, long seed) {
    long start = System.nanoTime();
    Config config = config();
    VectorSet items = VectorSet.ofItems(embeddings);
    int dim = items.dim();
    ProductQuantizer.checkDivisible(dim, config.subvectors());
    KMeans kmeans = ProductQuantizer.kmeans(config.codebookSize(), config.maxIterations(), config.threads());
    Rotation current = Rotation.identity(dim);
    float[][] warmStart = null;
    double best = Double.POSITIVE_INFINITY;
    int[][] codes = null;
    for (int round = 0; round < config.rounds(); round++) {
      VectorSet rotated = round == 0 ? items : current.apply(items, config.threads());
      ProductQuantizer.Fit fit =
          ProductQuantizer.fitSubspaces(rotated, config.subvectors(), kmeans, seed, warmStart);
      double error = rotated.meanSquaredDistance(fit.reconstruction());
      if (error < best) {
        best = error;
        rotation = current;
        codebooks = fit.codebooks();
        codes = fit.codes();
      }
      warmStart = fit.codebooks();
      if (round + 1 < config.rounds()) {
        current = Rotation.procrustes(items, fit.reconstruction(), config.threads());
      }
    }
    fitted(dim, seed, codes,
        TokenizerReport.of(
            NAME, dim, codes, config.codebookSize(), best, items.totalVariance(), new double[0],
            (System.nanoTime() - start) / 1e9));
  }

  /** Rotates, then takes the nearest centroid per slice; rows, no padding row. */
  @Override
  public int[][] encode(float[][] vectors) {
    VectorSet set = inputs(vectors);
    int threads = config().threads();
    return ProductQuantizer.encodeSubspaces(rotation.apply(set, threads), codebooks, codebookSize(), threads);
  }

  /** The learned rotation as rows: {@code y = x R}. */
  public float[][] rotation() {
    requireFitted();
    return new VectorSet(rotation.matrix(), dim(), dim()).toRows(false);
  }

  @Override
  void saveWeights(Path dir) throws IOException {
    TokenizerState.writeCodebooks(dir, codebooks, codebookSize(), dim() / levels());
    TokenizerState.writeMatrix(dir.resolve(ROTATION_FILE), rotation.matrix(), dim(), dim());
  }

  public static OptimizedProductQuantizer load(Path dir) throws IOException {
    TokenizerState.Header<Config> header = TokenizerState.readHeader(dir, NAME, Config.class);
    Config config = header.config();
    ProductQuantizer.checkDivisible(header.dim(), config.subvectors());
    OptimizedProductQuantizer tokenizer = new OptimizedProductQuantizer(config);
    tokenizer.rotation =
        Rotation.of(header.dim(), TokenizerState.readMatrix(dir.resolve(ROTATION_FILE), header.dim(), header.dim()));
    tokenizer.codebooks = TokenizerState.readCodebooks(
        dir, config.subvectors(), config.codebookSize(), header.dim() / config.subvectors());
    tokenizer.restore(dir, header);
    return tokenizer;
  }
}
