package io.genrec.tokenize;

import java.util.Arrays;

/**
 * {@code n} vectors of {@code dim} floats in one row-major array. The quantizers loop over flat
 * arrays because {@code float[][]} rows scatter over the heap and defeat the cache and the JIT's
 * vectorisation in the distance loops.
 */
public final class VectorSet {
  private final float[] data;
  private final int size;
  private final int dim;

  public VectorSet(float[] data, int size, int dim) {
    if (size < 0 || dim < 1) {
      throw new IllegalArgumentException("need size >= 0 and dim >= 1, got " + size + " x " + dim);
    }
    if ((long) size * dim != data.length) {
      throw new IllegalArgumentException(
          size + " x " + dim + " vectors need " + (long) size * dim + " values, got " + data.length);
    }
    this.data = data;
    this.size = size;
    this.dim = dim;
  }

  /** Copies all rows; they must share one length. */
  public static VectorSet of(float[][] rows) {
    return copyRows(rows, 0);
  }

  /**
   * Copies rows 1..n of an item table whose row 0 is padding, checking that every item row is
   * finite: one NaN would silently poison every centroid it touches.
   */
  public static VectorSet ofItems(float[][] table) {
    if (table.length < 2) {
      throw new IllegalArgumentException(
          "an item table needs row 0 (padding) and at least one item row, got " + table.length + " rows");
    }
    VectorSet items = copyRows(table, 1);
    for (int i = 0; i < items.size; i++) {
      int base = i * items.dim;
      for (int t = 0; t < items.dim; t++) {
        if (!Float.isFinite(items.data[base + t])) {
          throw new IllegalArgumentException(
              "item row " + (i + 1) + " holds " + items.data[base + t] + " at column " + t);
        }
      }
    }
    return items;
  }

  private static VectorSet copyRows(float[][] rows, int first) {
    int n = rows.length - first;
    if (n == 0) throw new IllegalArgumentException("no vectors");
    int dim = rows[first].length;
    float[] data = new float[Math.multiplyExact(n, dim)];
    for (int i = 0; i < n; i++) {
      float[] row = rows[first + i];
      if (row.length != dim) {
        throw new IllegalArgumentException(
            "row " + (first + i) + " has " + row.length + " values, row " + first + " has " + dim);
      }
      System.arraycopy(row, 0, data, i * dim, dim);
    }
    return new VectorSet(data, n, dim);
  }

  public int size() {
    return size;
  }

  public int dim() {
    return dim;
  }

  /** The backing array, row-major; shared, not copied. */
  public float[] data() {
    return data;
  }

  public float get(int row, int col) {
    return data[row * dim + col];
  }

  /** Columns {@code [from, to)} of every vector, as a new set (a PQ sub-space). */
  public VectorSet columns(int from, int to) {
    if (from < 0 || to > dim || from >= to) {
      throw new IllegalArgumentException("columns [" + from + ", " + to + ") outside [0, " + dim + ")");
    }
    int width = to - from;
    float[] out = new float[size * width];
    for (int i = 0; i < size; i++) System.arraycopy(data, i * dim + from, out, i * width, width);
    return new VectorSet(out, size, width);
  }

  public VectorSet copy() {
    return new VectorSet(Arrays.copyOf(data, data.length), size, dim);
  }

  /** Rows as arrays, with an all-zero row 0 prepended when {@code withPadding}. */
  public float[][] toRows(boolean withPadding) {
    int offset = withPadding ? 1 : 0;
    float[][] rows = new float[size + offset][dim];
    for (int i = 0; i < size; i++) System.arraycopy(data, i * dim, rows[i + offset], 0, dim);
    return rows;
  }

  /** Mean over vectors of the squared L2 distance to {@code other}, same shape. */
  public double meanSquaredDistance(VectorSet other) {
    if (other.size != size || other.dim != dim) {
      throw new IllegalArgumentException(
          "shapes differ: " + size + " x " + dim + " vs " + other.size + " x " + other.dim);
    }
    double total = 0;
    for (int k = 0; k < data.length; k++) {
      double diff = data[k] - other.data[k];
      total += diff * diff;
    }
    return total / size;
  }

  /** Mean squared L2 distance of the vectors to their mean: what a single centroid would leave. */
  public double totalVariance() {
    double[] mean = new double[dim];
    for (int i = 0; i < size; i++) {
      for (int t = 0; t < dim; t++) mean[t] += data[i * dim + t];
    }
    for (int t = 0; t < dim; t++) mean[t] /= size;
    double total = 0;
    for (int i = 0; i < size; i++) {
      for (int t = 0; t < dim; t++) {
        double diff = data[i * dim + t] - mean[t];
        total += diff * diff;
      }
    }
    return total / size;
  }
}
