package io.genrec.tokenize;

import java.io.IOException;
import java.nio.file.Path;
import java.util.SplittableRandom;

/**
 * RQ-KMeans: level 1 clusters the embeddings, each further level clusters what the levels before
 * left unexplained (the residual). An item's reconstruction is the sum of its chosen centroids, so
 * the error can only fall from level to level.
 */
public final class ResidualKMeans implements Tokenizer {
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

  private final Config config;
  private float[][] codebooks; // per level, codebookSize × dim, row-major
  private int dim;
  private long seed;
  private int[][] codes;
  private TokenizerReport report;

  public ResidualKMeans(Config config) {
    this.config = config;
  }

  public Config config() {
    return config;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public void fit(float[][] embeddings, long seed) {
    long start = System.nanoTime();
    VectorSet items = VectorSet.ofItems(embeddings);
    int n = items.size();
    dim = items.dim();
    this.seed = seed;
    KMeans kmeans =
        new KMeans(config.codebookSize())
            .withBalanced(config.balanced())
            .withMaxIterations(config.maxIterations())
            .withThreads(config.threads());
    SplittableRandom seeds = new SplittableRandom(seed);
    VectorSet residual = items.copy();
    float[] values = residual.data();
    codebooks = new float[config.levels()][];
    codes = new int[n + 1][config.levels()];
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
    report =
        TokenizerReport.of(
            NAME, dim, codes, config.codebookSize(), errorAfterLevel[config.levels() - 1],
            items.totalVariance(), errorAfterLevel, seconds);
  }

  /** Codes for new vectors (rows, no padding row), level by level on the residual. */
  public int[][] encode(float[][] vectors) {
    requireFitted();
    VectorSet residual = VectorSet.of(vectors);
    checkDim(residual.dim());
    int n = residual.size();
    int[][] out = new int[n][config.levels()];
    float[] values = residual.data();
    for (int level = 0; level < config.levels(); level++) {
      int[] nearest = KMeans.nearest(residual, codebooks[level], config.codebookSize(), config.threads());
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
    if (itemCodes.length != config.levels()) {
      throw new IllegalArgumentException(itemCodes.length + " codes, need " + config.levels());
    }
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
    return new VectorSet(codebooks[level].clone(), config.codebookSize(), dim).toRows(false);
  }

  @Override
  public int[][] codes() {
    requireFitted();
    return Codes.copy(codes);
  }

  @Override
  public int levels() {
    return config.levels();
  }

  @Override
  public int codebookSize() {
    return config.codebookSize();
  }

  @Override
  public TokenizerReport report() {
    requireFitted();
    return report;
  }

  @Override
  public void save(Path dir) throws IOException {
    requireFitted();
    for (int level = 0; level < config.levels(); level++) {
      TokenizerState.writeMatrix(
          dir.resolve(codebookFile(level)), codebooks[level], config.codebookSize(), dim);
    }
    TokenizerState.writeCodes(dir, codes);
    TokenizerState.writeHeader(
        dir, new TokenizerState.Header<>(NAME, config, seed, dim, codes.length - 1, report));
  }

  public static ResidualKMeans load(Path dir) throws IOException {
    TokenizerState.Header<Config> header = TokenizerState.readHeader(dir, NAME, Config.class);
    ResidualKMeans tokenizer = new ResidualKMeans(header.config());
    Config config = header.config();
    tokenizer.dim = header.dim();
    tokenizer.seed = header.seed();
    tokenizer.codebooks = new float[config.levels()][];
    for (int level = 0; level < config.levels(); level++) {
      tokenizer.codebooks[level] =
          TokenizerState.readMatrix(dir.resolve(codebookFile(level)), config.codebookSize(), header.dim());
    }
    tokenizer.codes = TokenizerState.readCodes(dir, header.items(), config.levels(), config.codebookSize());
    tokenizer.report = header.report();
    return tokenizer;
  }

  static String codebookFile(int level) {
    return "codebook_" + (level + 1) + ".npy";
  }

  private void checkDim(int found) {
    if (found != dim) throw new IllegalArgumentException("vectors have dim " + found + ", codebooks " + dim);
  }

  private void requireFitted() {
    if (codes == null) throw new IllegalStateException(NAME + " is not fitted: call fit or load first");
  }
}
