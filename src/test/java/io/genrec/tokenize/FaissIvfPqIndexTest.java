package io.genrec.tokenize;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.genrec.data.DataFormatException;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The faiss index reader on small files written here in faiss's layout (OPQ, IVF1, PQ M x 8): the
 * codes and ids come back in list order; a wrong magic and a truncated copy each give one error
 * naming the file and the byte offset.
 */
class FaissIvfPqIndexTest {
  @TempDir Path dir;

  /** Little-endian writes as faiss's WRITE1 / WRITEVECTOR make them. */
  static final class FaissWriter {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    FaissWriter fourcc(String s) {
      out.writeBytes(s.getBytes(StandardCharsets.ISO_8859_1));
      return this;
    }

    FaissWriter int8(int v) {
      out.write(v);
      return this;
    }

    FaissWriter int32(int v) {
      out.writeBytes(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(v).array());
      return this;
    }

    FaissWriter int64(long v) {
      out.writeBytes(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(v).array());
      return this;
    }

    FaissWriter floats(int n) {
      int64(n);
      for (int i = 0; i < n; i++) int32(Float.floatToIntBits(i * 0.5f));
      return this;
    }

    FaissWriter header(int d, long ntotal) {
      return int32(d).int64(ntotal).int64(1 << 20).int64(1 << 20).int8(1).int32(0);
    }

    byte[] bytes() {
      return out.toByteArray();
    }
  }

  /** An OPQ(d) + IVF1 + PQ(m x 8) index over {@code codes} (ids 0..n-1), as faiss writes it. */
  static byte[] index(int d, int m, int[][] codes) {
    int n = codes.length;
    FaissWriter w = new FaissWriter().fourcc("IxPT").header(d, n).int32(1)
        .fourcc("LTra").int8(0).floats(d * d).floats(0).int32(d).int32(d).int8(1)
        .fourcc("IwPQ").header(d, n).int64(1).int64(1)
        .fourcc("IxFI").header(d, 1).floats(d)
        .int8(0).int64(0)
        .int8(1).int64(m)
        .int64(d).int64(m).int64(8).floats(d * 256)
        .fourcc("ilar").int64(1).int64(m).fourcc("full").int64(1).int64(n);
    for (int[] row : codes) for (int c : row) w.int8(c);
    for (int i = 0; i < n; i++) w.int64(i);
    return w.bytes();
  }

  static int[][] someCodes(int n, int m) {
    int[][] codes = new int[n][m];
    for (int i = 0; i < n; i++) for (int j = 0; j < m; j++) codes[i][j] = (i * 37 + j * 11) % 256;
    return codes;
  }

  @Test
  void readsTheCodesAndIdsInListOrder() throws Exception {
    int[][] codes = someCodes(5, 4);
    Path file = Files.write(dir.resolve("x.index"), index(8, 4, codes));
    assertTrue(FaissIvfPqIndex.looksLikeOne(file));
    FaissIvfPqIndex index = FaissIvfPqIndex.read(file);
    assertEquals(5, index.size());
    assertEquals(4, index.subvectors());
    assertEquals(256, index.codebookSize());
    assertEquals(8, index.dimension());
    for (int i = 0; i < 5; i++) {
      assertArrayEquals(codes[i], index.codes(i));
      assertEquals(i, index.id(i));
    }
    assertTrue(codes[4][3] > 127, "the fixture holds codes above 127, which must read unsigned");
  }

  @Test
  void aWrongMagicIsOneErrorNamingTheFileAndOffset() throws Exception {
    byte[] bytes = index(8, 4, someCodes(3, 4));
    System.arraycopy("IxFI".getBytes(StandardCharsets.ISO_8859_1), 0, bytes, 0, 4);
    Path file = Files.write(dir.resolve("magic.index"), bytes);
    assertFalse(FaissIvfPqIndex.looksLikeOne(file));
    DataFormatException e = assertThrows(DataFormatException.class, () -> FaissIvfPqIndex.read(file));
    assertEquals(file + ": found fourcc 'IxFI' at byte 0, expected 'IxPT' (a faiss IndexPreTransform"
        + " (index_factory \"OPQ..,IVF..,PQ..\"))", e.getMessage());
  }

  @Test
  void aTruncatedCopyIsOneErrorNamingTheFileAndOffset() throws Exception {
    byte[] whole = index(8, 4, someCodes(3, 4));
    // Cut inside the codes: they start 3 x 4 + 3 x 8 bytes before the end.
    int codesAt = whole.length - 3 * 4 - 3 * 8;
    Path file = Files.write(dir.resolve("cut.index"), Arrays.copyOf(whole, codesAt + 5));
    DataFormatException e = assertThrows(DataFormatException.class, () -> FaissIvfPqIndex.read(file));
    assertEquals(file + ": found the end of the file within the 12 bytes of the list's codes at byte " + codesAt
        + ", expected a complete faiss index (the file is truncated)", e.getMessage());

    Path header = Files.write(dir.resolve("short.index"), Arrays.copyOf(whole, 10));
    e = assertThrows(DataFormatException.class, () -> FaissIvfPqIndex.read(header));
    assertEquals(header + ": found the end of the file within the 8 bytes of ntotal at byte 8, expected a complete"
        + " faiss index (the file is truncated)", e.getMessage());
  }

  @Test
  void trailingBytesAreRefused() throws Exception {
    byte[] whole = index(8, 4, someCodes(2, 4));
    Path longer = Files.write(dir.resolve("long.index"), Arrays.copyOf(whole, whole.length + 3));
    DataFormatException e = assertThrows(DataFormatException.class, () -> FaissIvfPqIndex.read(longer));
    assertEquals(longer + ": found 3 more bytes at byte " + whole.length + ", expected the end of the file after the"
        + " inverted lists", e.getMessage());
  }
}
