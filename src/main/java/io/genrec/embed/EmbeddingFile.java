package io.genrec.embed;

import io.genrec.data.DataFormatException;
import io.genrec.data.Npy;
import io.genrec.data.NpyArray;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * User-supplied item embeddings ({@code .npy}, float32 or float64) checked against the dataset
 * before a tokenizer sees them. Accepted shapes for {@code numItems} items:
 *
 * <ul>
 *   <li>{@code [numItems + 1, dim]}: row {@code i} is item {@code i}; row 0 is padding, is not
 *       checked, and is replaced by zeros;
 *   <li>{@code [numItems, dim]}: row {@code i} is item {@code i + 1}; a zero padding row is
 *       prepended.
 * </ul>
 *
 * Item rows must be finite; the error names the first bad row as numbered in the file (0-based,
 * as NumPy numbers it) and counts the others.
 */
public final class EmbeddingFile {
  private EmbeddingFile() {}

  /** @return {@code [numItems + 1][dim]}, row 0 zeros */
  public static float[][] load(Path file, int numItems) throws IOException {
    return check(Npy.read(file), numItems, file);
  }

  /** Checks an array as {@link #load} does; {@code source} only names it in errors. */
  public static float[][] check(NpyArray array, int numItems, Path source) {
    if (numItems < 1) throw new IllegalArgumentException("numItems must be >= 1, got " + numItems);
    int[] shape = array.shape();
    String expected =
        "[" + (numItems + 1) + ", dim] (row 0 padding) or [" + numItems + ", dim] for " + numItems + " items";
    if (shape.length != 2) {
      throw new DataFormatException(source, 0, "a 1-D array of shape " + Arrays.toString(shape), expected);
    }
    int rows = shape[0];
    int dim = shape[1];
    if (dim < 1 || (rows != numItems + 1 && rows != numItems)) {
      throw new DataFormatException(source, 0, "shape " + Arrays.toString(shape), expected);
    }
    int firstItemRow = rows == numItems + 1 ? 1 : 0;
    float[] data = array.data();
    int badRows = 0;
    int firstBad = -1;
    int firstBadColumn = -1;
    for (int r = firstItemRow; r < rows; r++) {
      for (int c = 0; c < dim; c++) {
        if (!Float.isFinite(data[r * dim + c])) {
          if (badRows == 0) {
            firstBad = r;
            firstBadColumn = c;
          }
          badRows++;
          break;
        }
      }
    }
    if (badRows > 0) {
      throw new DataFormatException(
          source, 0,
          "NaN or infinity in " + badRows + " row(s), the first at row " + firstBad + " column " + firstBadColumn
              + " (" + data[firstBad * dim + firstBadColumn] + ")",
          "finite item rows");
    }
    float[][] table = new float[numItems + 1][dim];
    for (int i = 1; i <= numItems; i++) {
      System.arraycopy(data, (i - 1 + firstItemRow) * dim, table[i], 0, dim);
    }
    return table;
  }

  /** Writes a table (row 0 padding) as float32 {@code .npy}, atomically. */
  public static void write(Path file, float[][] table) throws IOException {
    Npy.write(file, NpyArray.matrix(table));
  }
}
