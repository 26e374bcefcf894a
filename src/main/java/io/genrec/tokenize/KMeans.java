package io.genrec.tokenize;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * k-means over a {@link VectorSet}: k-means++ seeding, then Lloyd iterations until no point
 * changes cluster or {@link #maxIterations()} is reached.
 *
 * <p>Empty clusters are re-seeded from the points farthest from their centroids (taken only from
 * clusters that keep at least one point), so with at least {@code k} distinct points every
 * cluster ends non-empty. With fewer distinct points than {@code k} the surplus centroids
 * duplicate existing ones and stay empty: those codes are simply never used.
 *
 * <p>Balanced mode caps each cluster at {@code ceil(n / k)} points and assigns greedily in order
 * of increasing distance over all (point, centroid) pairs, as RQ-KMeans tokenizers do to spread
 * items over the codebook (see {@link BalancedAssignment}). It keeps an {@code n × k} distance
 * table: {@code 8·n·k} bytes.
 *
 * <p>Immutable; {@code with}-style methods return a changed copy.
 */
public final class KMeans {
  public static final int DEFAULT_MAX_ITERATIONS = 25;
  private static final int BLOCK = 4;

  private final int k;
  private final int maxIterations;
  private final boolean balanced;
  private final int threads;

  public KMeans(int k) {
    this(k, DEFAULT_MAX_ITERATIONS, false, defaultThreads());
  }

  private KMeans(int k, int maxIterations, boolean balanced, int threads) {
    if (k < 1) throw new IllegalArgumentException("k must be >= 1, got " + k);
    if (maxIterations < 0) {
      throw new IllegalArgumentException("max iterations must be >= 0, got " + maxIterations);
    }
    if (threads < 1) throw new IllegalArgumentException("threads must be >= 1, got " + threads);
    this.k = k;
    this.maxIterations = maxIterations;
    this.balanced = balanced;
    this.threads = threads;
  }

  /** Two threads at most: the project's machines have two cores shared with other work. */
  public static int defaultThreads() {
    return Math.max(1, Math.min(2, Runtime.getRuntime().availableProcessors()));
  }

  public KMeans withMaxIterations(int maxIterations) {
    return new KMeans(k, maxIterations, balanced, threads);
  }

  public KMeans withBalanced(boolean balanced) {
    return new KMeans(k, maxIterations, balanced, threads);
  }

  public KMeans withThreads(int threads) {
    return new KMeans(k, maxIterations, balanced, threads);
  }

  public int k() {
    return k;
  }

  public int maxIterations() {
    return maxIterations;
  }

  public boolean balanced() {
    return balanced;
  }

  public int threads() {
    return threads;
  }

  /**
   * A fitted clustering.
   *
   * @param centroids {@code k × dim}, row-major
   * @param assignment the cluster of each point
   * @param meanSquaredError mean over points of the squared distance to their centroid
   * @param iterations Lloyd iterations run after seeding
   */
  public record Result(
      int k, int dim, float[] centroids, int[] assignment, double meanSquaredError, int iterations) {
    public float[] centroid(int cluster) {
      return Arrays.copyOfRange(centroids, cluster * dim, (cluster + 1) * dim);
    }

    /** Number of points in each cluster. */
    public int[] clusterSizes() {
      int[] sizes = new int[k];
      for (int cluster : assignment) sizes[cluster]++;
      return sizes;
    }
  }

  public Result fit(float[][] points, long seed) {
    return fit(VectorSet.of(points), seed);
  }

  /** Seeds with k-means++ drawn from {@code seed}; the same seed gives the same result. */
  public Result fit(VectorSet points, long seed) {
    try (Lloyd lloyd = new Lloyd(points)) {
      lloyd.seedPlusPlus(new SplittableRandom(seed));
      return lloyd.iterate();
    }
  }

  /** Starts from given centroids ({@code k × dim}, row-major), e.g. the previous OPQ round's. */
  public Result fit(VectorSet points, float[] initialCentroids) {
    if (initialCentroids.length != k * points.dim()) {
      throw new IllegalArgumentException(
          "initial centroids hold " + initialCentroids.length + " values, need " + k + " x " + points.dim());
    }
    try (Lloyd lloyd = new Lloyd(points)) {
      System.arraycopy(initialCentroids, 0, lloyd.centroids, 0, initialCentroids.length);
      return lloyd.iterate();
    }
  }

  /** The nearest centroid of each point (ties to the lower index), for encoding new vectors. */
  public static int[] nearest(VectorSet points, float[] centroids, int k, int threads) {
    if (centroids.length != k * points.dim()) {
      throw new IllegalArgumentException(
          "centroids hold " + centroids.length + " values, need " + k + " x " + points.dim());
    }
    KMeans plain = new KMeans(k, 0, false, threads);
    try (Lloyd lloyd = plain.new Lloyd(points)) {
      System.arraycopy(centroids, 0, lloyd.centroids, 0, centroids.length);
      lloyd.assign();
      return lloyd.assignment;
    }
  }

  /**
   * Four partial sums: a float reduction is not vectorised by the JIT (it must keep the order), so
   * independent accumulators are what lets the CPU overlap the additions.
   */
  static float squaredDistance(float[] a, int aFrom, float[] b, int bFrom, int length) {
    float s0 = 0f;
    float s1 = 0f;
    float s2 = 0f;
    float s3 = 0f;
    int t = 0;
    for (; t + 3 < length; t += 4) {
      float d0 = a[aFrom + t] - b[bFrom + t];
      float d1 = a[aFrom + t + 1] - b[bFrom + t + 1];
      float d2 = a[aFrom + t + 2] - b[bFrom + t + 2];
      float d3 = a[aFrom + t + 3] - b[bFrom + t + 3];
      s0 += d0 * d0;
      s1 += d1 * d1;
      s2 += d2 * d2;
      s3 += d3 * d3;
    }
    for (; t < length; t++) {
      float d = a[aFrom + t] - b[bFrom + t];
      s0 += d * d;
    }
    return (s0 + s1) + (s2 + s3);
  }

  /** The state of one fit; owns its worker threads. */
  private final class Lloyd implements AutoCloseable {
    private final float[] data;
    private final int n;
    private final int dim;
    private final float[] norms;
    private final float[] centroids;
    // dim rows of k: the distance loop runs along centroids, and C2 (JDK 17) vectorises
    // row[j] but not flat[offset + j], a 2-3x difference measured on a 12k x 384 x 256 fit.
    private final float[][] transposed;
    private final float[] centroidNorms;
    private final int[] assignment;
    private final float[] distance; // squared distance of each point to its centroid
    private final float[][][] scratch; // per chunk, BLOCK × k dot products
    private final RowChunks chunks;
    private float[] table; // n × k squared distances, balanced mode only

    Lloyd(VectorSet points) {
      if (points.size() == 0) throw new IllegalArgumentException("k-means needs at least one point");
      data = points.data();
      n = points.size();
      dim = points.dim();
      norms = new float[n];
      centroids = new float[k * dim];
      transposed = new float[dim][k];
      centroidNorms = new float[k];
      assignment = new int[n];
      distance = new float[n];
      chunks = new RowChunks(threads);
      scratch = new float[chunks.chunks()][BLOCK][k];
      if (balanced && (long) n * k > Integer.MAX_VALUE) {
        throw new IllegalArgumentException(
            "balanced k-means keeps an n x k table: " + n + " x " + k + " is too large; use balanced=false");
      }
      for (int i = 0; i < n; i++) {
        float sum = 0f;
        for (int t = 0, base = i * dim; t < dim; t++) sum += data[base + t] * data[base + t];
        norms[i] = sum;
      }
    }

    void seedPlusPlus(SplittableRandom random) {
      float[] nearest = new float[n];
      Arrays.fill(nearest, Float.POSITIVE_INFINITY);
      int pick = random.nextInt(n);
      for (int c = 0; c < k; c++) {
        if (c > 0) pick = drawByDistance(nearest, random);
        System.arraycopy(data, pick * dim, centroids, c * dim, dim);
        int base = c * dim;
        chunks.run(
            n,
            (chunk, from, to) -> {
              for (int i = from; i < to; i++) {
                float sum = squaredDistance(data, i * dim, centroids, base, dim);
                if (sum < nearest[i]) nearest[i] = sum;
              }
            });
      }
    }

    /** D² sampling; when every point already sits on a centroid, any point will do. */
    private int drawByDistance(float[] nearest, SplittableRandom random) {
      double total = 0;
      for (float value : nearest) total += value;
      if (!(total > 0)) return random.nextInt(n);
      double target = random.nextDouble() * total;
      double running = 0;
      int last = -1;
      for (int i = 0; i < n; i++) {
        if (nearest[i] <= 0f) continue;
        running += nearest[i];
        last = i;
        if (running > target) return i;
      }
      return last; // rounding left target just above the running sum
    }

    Result iterate() {
      assign();
      reseedEmpty();
      int iterations = 0;
      int[] previous = new int[n];
      while (iterations < maxIterations) {
        iterations++;
        updateCentroids();
        System.arraycopy(assignment, 0, previous, 0, n);
        assign();
        reseedEmpty();
        if (Arrays.equals(previous, assignment)) break;
      }
      double total = 0;
      for (float value : distance) total += value;
      return new Result(k, dim, centroids.clone(), assignment.clone(), total / n, iterations);
    }

    void assign() {
      for (int j = 0; j < k; j++) {
        float sum = 0f;
        for (int t = 0; t < dim; t++) {
          float value = centroids[j * dim + t];
          transposed[t][j] = value;
          sum += value * value;
        }
        centroidNorms[j] = sum;
      }
      if (balanced) {
        if (table == null) table = new float[n * k];
        chunks.run(n, (chunk, from, to) -> distanceRows(from, to, scratch[chunk]));
        BalancedAssignment.assign(table, n, k, chunks, assignment, distance);
      } else {
        chunks.run(n, (chunk, from, to) -> nearestRows(from, to, scratch[chunk]));
      }
    }

    /**
     * {@code acc[p][j] = x_(i+p) · c_j} for four points at once: each centroid column is read once
     * per four points, which cuts memory traffic by about half. Past {@code to}, the last point is
     * repeated and its dot products ignored.
     */
    private void dotBlock(int i, int to, float[][] acc) {
      float[] a0 = acc[0];
      float[] a1 = acc[1];
      float[] a2 = acc[2];
      float[] a3 = acc[3];
      Arrays.fill(a0, 0f);
      Arrays.fill(a1, 0f);
      Arrays.fill(a2, 0f);
      Arrays.fill(a3, 0f);
      int last = to - 1;
      int b0 = i * dim;
      int b1 = Math.min(i + 1, last) * dim;
      int b2 = Math.min(i + 2, last) * dim;
      int b3 = Math.min(i + 3, last) * dim;
      for (int t = 0; t < dim; t++) {
        float x0 = data[b0 + t];
        float x1 = data[b1 + t];
        float x2 = data[b2 + t];
        float x3 = data[b3 + t];
        float[] row = transposed[t];
        for (int j = 0; j < k; j++) {
          float c = row[j];
          a0[j] += x0 * c;
          a1[j] += x1 * c;
          a2[j] += x2 * c;
          a3[j] += x3 * c;
        }
      }
    }

    private void nearestRows(int from, int to, float[][] acc) {
      for (int block = from; block < to; block += BLOCK) {
        dotBlock(block, to, acc);
        for (int i = block; i < Math.min(block + BLOCK, to); i++) {
          float[] dots = acc[i - block];
          int best = 0;
          float bestValue = centroidNorms[0] - 2f * dots[0];
          for (int j = 1; j < k; j++) {
            float value = centroidNorms[j] - 2f * dots[j];
            if (value < bestValue) {
              bestValue = value;
              best = j;
            }
          }
          assignment[i] = best;
          distance[i] = Math.max(0f, norms[i] + bestValue);
        }
      }
    }

    private void distanceRows(int from, int to, float[][] acc) {
      for (int block = from; block < to; block += BLOCK) {
        dotBlock(block, to, acc);
        for (int i = block; i < Math.min(block + BLOCK, to); i++) {
          float[] dots = acc[i - block];
          int row = i * k;
          for (int j = 0; j < k; j++) {
            table[row + j] = Math.max(0f, norms[i] + centroidNorms[j] - 2f * dots[j]);
          }
        }
      }
    }

    private void updateCentroids() {
      double[] sums = new double[k * dim];
      int[] sizes = new int[k];
      for (int i = 0; i < n; i++) {
        int cluster = assignment[i];
        sizes[cluster]++;
        int target = cluster * dim;
        for (int t = 0, base = i * dim; t < dim; t++) sums[target + t] += data[base + t];
      }
      for (int j = 0; j < k; j++) {
        if (sizes[j] == 0) continue; // re-seeded after the next assignment
        for (int t = 0; t < dim; t++) centroids[j * dim + t] = (float) (sums[j * dim + t] / sizes[j]);
      }
    }

    /**
     * Moves each empty centroid onto the farthest point still available; a donor cluster must keep
     * one point, so re-seeding never empties another cluster.
     */
    private void reseedEmpty() {
      int[] sizes = new int[k];
      for (int cluster : assignment) sizes[cluster]++;
      int empty = 0;
      for (int size : sizes) if (size == 0) empty++;
      if (empty == 0) return;
      long[] order = new long[n];
      for (int i = 0; i < n; i++) order[i] = ((long) Float.floatToRawIntBits(distance[i]) << 32) | i;
      Arrays.sort(order);
      int next = n - 1;
      for (int j = 0; j < k; j++) {
        if (sizes[j] > 0) continue;
        int point = -1;
        while (next >= 0) {
          int candidate = (int) order[next--];
          if (distance[candidate] > 0f && sizes[assignment[candidate]] >= 2) {
            point = candidate;
            break;
          }
        }
        if (point < 0) return; // fewer distinct points than clusters
        sizes[assignment[point]]--;
        assignment[point] = j;
        sizes[j] = 1;
        distance[point] = 0f;
        System.arraycopy(data, point * dim, centroids, j * dim, dim);
      }
    }

    @Override
    public void close() {
      chunks.close();
    }
  }
}
