package io.genrec.tokenize;

import java.util.Random;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.QRDecomposition;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.math3.linear.SingularValueDecomposition;

/**
 * An orthogonal {@code dim × dim} matrix {@code R} acting on row vectors: {@code y = x R}. Being
 * orthogonal, it keeps distances, so quantization error measured after rotating equals the error
 * in the original space.
 */
final class Rotation {
  private final int dim;
  private final float[] matrix; // row-major

  private Rotation(int dim, float[] matrix) {
    this.dim = dim;
    this.matrix = matrix;
  }

  static Rotation identity(int dim) {
    float[] matrix = new float[dim * dim];
    for (int t = 0; t < dim; t++) matrix[t * dim + t] = 1f;
    return new Rotation(dim, matrix);
  }

  static Rotation of(int dim, float[] matrix) {
    if (matrix.length != dim * dim) {
      throw new IllegalArgumentException("a " + dim + " x " + dim + " rotation needs " + dim * dim + " values, got " + matrix.length);
    }
    return new Rotation(dim, matrix.clone());
  }

  /** Uniformly random (Haar) rotation: Q of the QR of a Gaussian matrix, columns sign-fixed by R's diagonal. */
  static Rotation random(int dim, long seed) {
    Random random = new Random(seed);
    double[][] gaussian = new double[dim][dim];
    for (double[] row : gaussian) for (int t = 0; t < dim; t++) row[t] = random.nextGaussian();
    QRDecomposition qr = new QRDecomposition(new Array2DRowRealMatrix(gaussian, false));
    RealMatrix q = qr.getQ();
    RealMatrix r = qr.getR();
    float[] matrix = new float[dim * dim];
    for (int j = 0; j < dim; j++) {
      double sign = r.getEntry(j, j) < 0 ? -1 : 1;
      for (int t = 0; t < dim; t++) matrix[t * dim + j] = (float) (q.getEntry(t, j) * sign);
    }
    return new Rotation(dim, matrix);
  }

  /**
   * Orthogonal Procrustes: the rotation {@code R} minimising {@code ||X R - Y||}, which is
   * {@code U Vᵀ} for the SVD {@code Xᵀ Y = U S Vᵀ}.
   */
  static Rotation procrustes(VectorSet x, VectorSet y, int threads) {
    int dim = x.dim();
    if (y.dim() != dim || y.size() != x.size()) {
      throw new IllegalArgumentException("Procrustes needs equal shapes");
    }
    double[][] cross = new double[dim][dim];
    try (RowChunks chunks = new RowChunks(threads)) {
      // Row arrays, not flat offsets: C2 (JDK 17) only vectorises loops indexed plainly by j.
      float[][][] partial = new float[chunks.chunks()][dim][dim];
      float[] xs = x.data();
      float[] ys = y.data();
      chunks.run(
          x.size(),
          (chunk, from, to) -> {
            float[][] sum = partial[chunk];
            float[] target = new float[dim];
            for (int i = from; i < to; i++) {
              int base = i * dim;
              System.arraycopy(ys, base, target, 0, dim);
              for (int t = 0; t < dim; t++) {
                float value = xs[base + t];
                float[] row = sum[t];
                for (int j = 0; j < dim; j++) row[j] += value * target[j];
              }
            }
          });
      for (float[][] sum : partial) {
        for (int t = 0; t < dim; t++) for (int j = 0; j < dim; j++) cross[t][j] += sum[t][j];
      }
    }
    SingularValueDecomposition svd = new SingularValueDecomposition(new Array2DRowRealMatrix(cross, false));
    RealMatrix product = svd.getU().multiply(svd.getVT());
    float[] matrix = new float[dim * dim];
    for (int t = 0; t < dim; t++) for (int j = 0; j < dim; j++) matrix[t * dim + j] = (float) product.getEntry(t, j);
    return new Rotation(dim, matrix);
  }

  int dim() {
    return dim;
  }

  float[] matrix() {
    return matrix.clone();
  }

  /** {@code x R} for every row. */
  VectorSet apply(VectorSet x, int threads) {
    return multiply(x, false, threads);
  }

  /** {@code y Rᵀ} for every row: undoes {@link #apply}. */
  VectorSet applyInverse(VectorSet y, int threads) {
    return multiply(y, true, threads);
  }

  private VectorSet multiply(VectorSet x, boolean transpose, int threads) {
    if (x.dim() != dim) throw new IllegalArgumentException("vectors have dim " + x.dim() + ", rotation " + dim);
    float[][] rows = rows(transpose);
    float[] in = x.data();
    float[] out = new float[in.length];
    try (RowChunks chunks = new RowChunks(threads)) {
      chunks.run(
          x.size(),
          (chunk, from, to) -> {
            float[] result = new float[dim];
            for (int i = from; i < to; i++) {
              int base = i * dim;
              java.util.Arrays.fill(result, 0f);
              for (int t = 0; t < dim; t++) {
                float value = in[base + t];
                float[] row = rows[t];
                for (int j = 0; j < dim; j++) result[j] += value * row[j];
              }
              System.arraycopy(result, 0, out, base, dim);
            }
          });
    }
    return new VectorSet(out, x.size(), dim);
  }

  /** The matrix (or its transpose) as row arrays, the layout the multiply loop vectorises. */
  private float[][] rows(boolean transpose) {
    float[][] rows = new float[dim][dim];
    for (int t = 0; t < dim; t++) {
      for (int j = 0; j < dim; j++) rows[t][j] = transpose ? matrix[j * dim + t] : matrix[t * dim + j];
    }
    return rows;
  }
}
