package io.genrec.tokenize;

import java.io.IOException;
import java.nio.file.Path;
import java.util.SplittableRandom;

/**
 * PQ: the embedding is cut into {@code subvectors} equal slices and each slice is clustered on its
 * own; an item's code at level {@code m} is the centroid of slice {@code m}, and its
 * reconstruction is the concatenation of those centroids. Codes need not be unique.
 */
public final class ProductQuantizer extends CodebookTokenizer<ProductQuantizer.Config> {
  public static final String NAME = "pq";

  public record Config(int subvectors, int codebookSize, int maxIterations, int threads) {
    public Config {
      if (subvectors < 1) throw new IllegalArgumentException("subvectors must be >= 1, got " + subvectors);
      if (codebookSize < 1) throw new IllegalArgumentException("codebook size must be >= 1, got " + codebookSize);
      if (maxIterations < 0) throw new IllegalArgumentException("max iterations must be >= 0, got " + maxIterations);
      if (threads < 1) throw new IllegalArgumentException("threads must be >= 1, got " + threads);
    }

    public static Config defaults() {
      return new Config(4, 256, KMeans.DEFAULT_MAX_ITERATIONS, KMeans.defaultThreads());
    }
  }

  /** Codebooks, codes and reconstruction of one PQ fit over a (possibly rotated) vector set. */
  record Fit(float[][] codebooks, int[][] codes, VectorSet reconstruction) {}

  private float[][] codebooks; // per sub-vector, codebookSize × (dim / subvectors)

  public ProductQuantizer(Config config) {
    super(NAME, config, config.subvectors(), config.codebookSize());
  }

  @Override
  public void fit(float[][] embeddings, long seed) {
    long start = System.nanoTime();
    Config config = config();
    VectorSet items = VectorSet.ofItems(embeddings);
    Fit fit = fitSubspaces(items, config.subvectors(), kmeans(config.codebookSize(), config.maxIterations(), config.threads()), seed, null);
    codebooks = fit.codebooks();
    double mse = items.meanSquaredDistance(fit.reconstruction());
    fitted(items.dim(), seed, fit.codes(),
        TokenizerReport.of(
            NAME, items.dim(), fit.codes(), config.codebookSize(), mse, items.totalVariance(), new double[0],
            (System.nanoTime() - start) / 1e9));
  }

  static KMeans kmeans(int codebookSize, int maxIterations, int threads) {
    return new KMeans(codebookSize).withMaxIterations(maxIterations).withThreads(threads);
  }

  static void checkDivisible(int dim, int subvectors) {
    if (dim % subvectors != 0) {
      throw new IllegalArgumentException(
          "embedding dim " + dim + " is not divisible by " + subvectors + " subvectors; choose a divisor of "
              + dim + " (e.g. " + nearestDivisor(dim, subvectors) + ")");
    }
  }

  private static int nearestDivisor(int dim, int wanted) {
    for (int delta = 0; ; delta++) {
      if (wanted - delta >= 1 && dim % (wanted - delta) == 0) return wanted - delta;
      if (dim % (wanted + delta) == 0) return wanted + delta;
    }
  }

  /**
   * Clusters each slice of {@code vectors}.
   *
   * @param warmStart previous codebooks to start Lloyd from (OPQ rounds), or null for k-means++
   */
  static Fit fitSubspaces(VectorSet vectors, int subvectors, KMeans kmeans, long seed, float[][] warmStart) {
    checkDivisible(vectors.dim(), subvectors);
    int n = vectors.size();
    int width = vectors.dim() / subvectors;
    SplittableRandom seeds = new SplittableRandom(seed);
    float[][] codebooks = new float[subvectors][];
    int[][] codes = new int[n + 1][subvectors];
    float[] rebuilt = new float[n * vectors.dim()];
    for (int m = 0; m < subvectors; m++) {
      VectorSet slice = vectors.columns(m * width, (m + 1) * width);
      long sliceSeed = seeds.nextLong();
      KMeans.Result result =
          warmStart == null ? kmeans.fit(slice, sliceSeed) : kmeans.fit(slice, warmStart[m]);
      codebooks[m] = result.centroids();
      for (int i = 0; i < n; i++) {
        int code = result.assignment()[i];
        codes[i + 1][m] = code;
        System.arraycopy(codebooks[m], code * width, rebuilt, i * vectors.dim() + m * width, width);
      }
    }
    return new Fit(codebooks, codes, new VectorSet(rebuilt, n, vectors.dim()));
  }

  /** Nearest centroid per slice for new vectors (rows, no padding row). */
  static int[][] encodeSubspaces(VectorSet vectors, float[][] codebooks, int codebookSize, int threads) {
    int subvectors = codebooks.length;
    int width = vectors.dim() / subvectors;
    int[][] out = new int[vectors.size()][subvectors];
    for (int m = 0; m < subvectors; m++) {
      int[] nearest = KMeans.nearest(vectors.columns(m * width, (m + 1) * width), codebooks[m], codebookSize, threads);
      for (int i = 0; i < nearest.length; i++) out[i][m] = nearest[i];
    }
    return out;
  }

  @Override
  public int[][] encode(float[][] vectors) {
    return encodeSubspaces(inputs(vectors), codebooks, codebookSize(), config().threads());
  }

  /** Sub-vector {@code m}'s centroids as rows (0-based). */
  public float[][] codebook(int m) {
    requireFitted();
    return codebookRows(codebooks[m], dim() / levels());
  }

  @Override
  void saveWeights(Path dir) throws IOException {
    TokenizerState.writeCodebooks(dir, codebooks, codebookSize(), dim() / levels());
  }

  public static ProductQuantizer load(Path dir) throws IOException {
    TokenizerState.Header<Config> header = TokenizerState.readHeader(dir, NAME, Config.class);
    Config config = header.config();
    checkDivisible(header.dim(), config.subvectors());
    ProductQuantizer tokenizer = new ProductQuantizer(config);
    tokenizer.codebooks = TokenizerState.readCodebooks(
        dir, config.subvectors(), config.codebookSize(), header.dim() / config.subvectors());
    tokenizer.restore(dir, header);
    return tokenizer;
  }
}
