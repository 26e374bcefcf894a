package io.genrec.embed;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.genrec.data.DataFormatException;
import io.genrec.data.Npy;
import io.genrec.data.NpyArray;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddingFileTest {
  @TempDir Path dir;

  private Path npy(String name, int[] shape, float[] data) throws IOException {
    Path file = dir.resolve(name);
    Npy.write(file, new NpyArray(shape, data));
    return file;
  }

  @Test
  void paddedTableKeepsItemRowsAndZeroesRowZero() throws IOException {
    Path file = npy("padded.npy", new int[] {3, 2}, new float[] {9, 9, 1, 2, 3, 4});
    float[][] table = EmbeddingFile.load(file, 2);
    assertArrayEquals(new float[][] {{0, 0}, {1, 2}, {3, 4}}, table);
  }

  @Test
  void unpaddedTableGetsAZeroRowPrepended() throws IOException {
    Path file = npy("items.npy", new int[] {2, 2}, new float[] {1, 2, 3, 4});
    assertArrayEquals(new float[][] {{0, 0}, {1, 2}, {3, 4}}, EmbeddingFile.load(file, 2));
  }

  @Test
  void writeThenLoadRoundTrips() throws IOException {
    float[][] table = {{0, 0, 0}, {1, 2, 3}, {4, 5, 6}, {7, 8, 9}};
    Path file = dir.resolve("round.npy");
    EmbeddingFile.write(file, table);
    assertArrayEquals(table, EmbeddingFile.load(file, 3));
  }

  @Test
  void wrongShapeSaysWhatWasExpected() throws IOException {
    Path file = npy("wrong.npy", new int[] {5, 2}, new float[10]);
    DataFormatException error = assertThrows(DataFormatException.class, () -> EmbeddingFile.load(file, 2));
    assertTrue(error.getMessage().contains("wrong.npy"), error.getMessage());
    assertTrue(error.getMessage().contains("shape [5, 2]"), error.getMessage());
    assertTrue(error.getMessage().contains("[3, dim] (row 0 padding) or [2, dim]"), error.getMessage());
    Path vector = npy("vector.npy", new int[] {3}, new float[3]);
    DataFormatException oneD = assertThrows(DataFormatException.class, () -> EmbeddingFile.load(vector, 2));
    assertTrue(oneD.getMessage().contains("1-D"), oneD.getMessage());
  }

  @Test
  void nonFiniteRowsAreCountedAndTheFirstNamed() throws IOException {
    float[] data = {0, 0, 1, 2, 3, Float.NaN, Float.POSITIVE_INFINITY, 1};
    Path file = npy("nan.npy", new int[] {4, 2}, data);
    DataFormatException error = assertThrows(DataFormatException.class, () -> EmbeddingFile.load(file, 3));
    assertTrue(error.getMessage().contains("2 row(s), the first at row 2 column 1 (NaN)"), error.getMessage());
    // NaN in the padding row is ignored: the row is replaced by zeros.
    Path padding = npy("nanpad.npy", new int[] {2, 2}, new float[] {Float.NaN, 0, 1, 1});
    assertEquals(0f, EmbeddingFile.load(padding, 1)[0][0]);
  }
}
