package io.genrec.tokenize;

import java.io.IOException;
import java.nio.file.Path;
import java.util.SplittableRandom;

/**
 * RQ-KMeans: level 1 clusters the embeddings, each further level clusters what the levels before
 * left unexplained (the residual). An item's reconstruction is the sum of its chosen centroids, so
 * the error can only fall from level to level.
 */
public final class ResidualKMeans extends CodebookTokenizer<ResidualKMeans.Config> {
  public static final String NAME = "rq-kmeans";

  /**
   * @param balanced cap every cluster at ceil(n / k) items (see {@link KMeans}), which spreads
   *     items over the codebook and lowers collisions at some cost in reconstruction
   */
  public record Config(int levels, int codebookSize, boolean balanced, int maxIterations, int threads) {
    public Config {
      if (levels < 1) throw new IllegalArgumentException("levels must be >= 1, got " + levels);
      if (codebookSize < 1) throw new IllegalArgumentException("codebook size must be >= 1, got " + codebookSize);
      if (maxIterations < 0) throw new IllegalArgumentException("max iterations must be >= 0, got " + maxIterations);
      if (threads < 1) throw new IllegalArgumentException("threads must be >= 1, got " + threads);
    }

    /** 3 levels × 256 codes, as TIGER's semantic IDs before the collision level. */
    public static Config defaults() {
      return new Config(3, 256, false, KMeans.DEFAULT_MAX_ITERATIONS, KMeans.defaultThreads());
    }
  }

  private float[][] codebooks; // per level, codebookSize × dim, row-major

  public ResidualKMeans(Config config) {
    super(NAME, config, config.levels(), config.codebookSize());
  }

  @Override
  public void fit(float[][] embeddings, long seed) {
    long start = System.nanoTime();
    Config config = config();
    VectorSet items = VectorSet.ofItems(embeddings);
    int n = items.size();
    int dim = items.dim();
    KMeans kmeans =
        new KMeans(config.codebookSize())
            .withBalanced(config.balanced())
            .withMaxIterations(config.maxIterations())
            .withThreads(config.threads());
    SplittableRandom seeds = new SplittableRandom(seed);
    VectorSet residual = items.copy();
    float[] values = residual.data();
    codebooks = new float[config.levels()][];
    int[][] codes = new int[n + 1][config.levels()];
    double[] errorAfterLevel = new double[config.levels()];
    for (int level = 0; level < config.levels(); level++) {
      KMeans.Result result = kmeans.fit(residual, seeds.nextLong());
      codebooks[level] = result.centroids();
      double error = 0;
      for (int i = 0; i < n; i++) {
        int code = result.assignment()[i];
        codes[i + 1][level] = code;
        int base = i * dim;
        int centroid = code * dim;
        for (int t = 0; t < dim; t++) {
          float left = values[base + t] - codebooks[level][centroid + t];
          values[base + t] = left;
          error += (double) left * left;
        }
      }
      errorAfterLevel[level] = error / n;
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    fitted(dim, seed, codes,
        TokenizerReport.of(
            NAME, dim, codes, config.codebookSize(), errorAfterLevel[config.levels() - 1],
            items.totalVariance(), errorAfterLevel, seconds));
  }

  /** Codes for new vectors (rows, no padding row), level by level on the residual. */
  @Override
  public int[][] encode(float[][] vectors) {
    VectorSet residual = inputs(vectors);
    int n = residual.size();
    int dim = dim();
    int[][] out = new int[n][levels()];
    float[] values = residual.data();
    for (int level = 0; level < levels(); level++) {
      int[] nearest = KMeans.nearest(residual, codebooks[level], codebookSize(), config().threads());
      for (int i = 0; i < n; i++) {
        out[i][level] = nearest[i];
        for (int t = 0; t < dim; t++) values[i * dim + t] -= codebooks[level][nearest[i] * dim + t];
      }
    }
    return out;
  }

  /** The sum of the chosen centroids. */
  public float[] reconstruct(int[] itemCodes) {
    requireFitted();
    if (itemCodes.length != levels()) {
      throw new IllegalArgumentException(itemCodes.length + " codes, need " + levels());
    }
    int dim = dim();
    float[] out = new float[dim];
    for (int level = 0; level < itemCodes.length; level++) {
      int base = itemCodes[level] * dim;
      for (int t = 0; t < dim; t++) out[t] += codebooks[level][base + t];
    }
    return out;
  }

  /** Level {@code level}'s centroids as rows (0-based level). */
  public float[][] codebook(int level) {
    requireFitted();
    return codebookRows(codebooks[level], dim());
  }

  @Override
  void saveWeights(Path dir) throws IOException {
    TokenizerState.writeCodebooks(dir, codebooks, codebookSize(), dim());
  }

  public static ResidualKMeans load(Path dir) throws IOException {
    TokenizerState.Header<Config> header = TokenizerState.readHeader(dir, NAME, Config.class);
    Config config = header.config();
    ResidualKMeans tokenizer = new ResidualKMeans(config);
    tokenizer.codebooks = TokenizerState.readCodebooks(dir, config.levels(), config.codebookSize(), header.dim());
    tokenizer.restore(dir, header);
    return tokenizer;
  }
}
