package io.genrec.data;

import java.util.Arrays;
import java.util.Objects;

/**
 * A 1-D or 2-D float array as stored in a {@code .npy} file, row-major. {@code data} is shared,
 * not copied, so an embedding table is not held twice.
 *
 * @param shape {@code {n}} or {@code {rows, cols}}
 * @param data {@code shape[0] * shape[1]} values, row after row
 */
public record NpyArray(int[] shape, float[] data) {
  public NpyArray {
    Objects.requireNonNull(shape, "shape");
    Objects.requireNonNull(data, "data");
    if (shape.length < 1 || shape.length > 2) {
      throw new IllegalArgumentException("rank " + shape.length + ": only 1-D and 2-D arrays");
    }
    long count = 1;
    for (int extent : shape) {
      if (extent < 0) throw new IllegalArgumentException("negative extent in " + Arrays.toString(shape));
      count *= extent;
    }
    if (count != data.length) {
      throw new IllegalArgumentException(
          "shape " + Arrays.toString(shape) + " needs " + count + " values, got " + data.length);
    }
    shape = shape.clone();
  }

  public static NpyArray vector(float[] values) {
    return new NpyArray(new int[] {values.length}, values);
  }

  /** Copies equal-length rows into one row-major array. */
  public static NpyArray matrix(float[][] rows) {
    int cols = rows.length == 0 ? 0 : rows[0].length;
    float[] data = new float[rows.length * cols];
    for (int r = 0; r < rows.length; r++) {
      if (rows[r].length != cols) {
        throw new IllegalArgumentException("row " + r + " has " + rows[r].length + " values, row 0 has " + cols);
      }
      System.arraycopy(rows[r], 0, data, r * cols, cols);
    }
    return new NpyArray(new int[] {rows.length, cols}, data);
  }

  @Override
  public int[] shape() {
    return shape.clone();
  }

  public int rank() {
    return shape.length;
  }

  /** Number of rows: the length of a vector, the first extent of a matrix. */
  public int rows() {
    return shape[0];
  }

  /** Number of columns; 1 for a vector. */
  public int cols() {
    return shape.length == 2 ? shape[1] : 1;
  }

  public float get(int row, int col) {
    if (row < 0 || row >= rows() || col < 0 || col >= cols()) {
      throw new IndexOutOfBoundsException("(" + row + ", " + col + ") outside " + Arrays.toString(shape));
    }
    return data[row * cols() + col];
  }

  /** A copy of one row. */
  public float[] row(int row) {
    return Arrays.copyOfRange(data, row * cols(), (row + 1) * cols());
  }

  public float[][] toMatrix() {
    float[][] rows = new float[rows()][];
    for (int r = 0; r < rows.length; r++) rows[r] = row(r);
    return rows;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof NpyArray array
        && Arrays.equals(shape, array.shape)
        && Arrays.equals(data, array.data);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(shape) + Arrays.hashCode(data);
  }

  @Override
  public String toString() {
    return "NpyArray" + Arrays.toString(shape);
  }
}
