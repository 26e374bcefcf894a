package io.genrec.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NpyTest {
  @TempDir Path dir;

  private static final NpyArray MATRIX =
      NpyArray.matrix(new float[][] {{1.5f, -2f, 3f}, {Float.MIN_VALUE, Float.MAX_VALUE, Float.NaN}});

  @Test
  void roundTripsMatricesAndVectorsInBothVersionsAndDtypes() throws IOException {
    NpyArray vector = NpyArray.vector(new float[] {0.25f, 7f, -1e-8f});
    for (Npy.Dtype dtype : Npy.Dtype.values()) {
      for (int version : new int[] {1, 2}) {
        Path file = dir.resolve(dtype + "-" + version + ".npy");
        Npy.write(file, MATRIX, dtype, version);
        assertEquals(MATRIX, Npy.read(file));
        Npy.write(file, vector, dtype, version);
        NpyArray back = Npy.read(file);
        assertEquals(vector, back);
        assertEquals(1, back.rank());
        assertEquals(version, Files.readAllBytes(file)[6]);
      }
    }
  }

  @Test
  void headerFollowsNumpyLayout() throws IOException {
    Path file = dir.resolve("m.npy");
    Npy.write(file, MATRIX);
    byte[] bytes = Files.readAllBytes(file);
    int headerLength = (bytes[8] & 0xff) | (bytes[9] & 0xff) << 8;
    assertEquals(0, (10 + headerLength) % 64, "data starts 64-byte aligned");
    String header = new String(bytes, 10, headerLength, StandardCharsets.ISO_8859_1);
    assertTrue(header.startsWith("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }"), header);
    assertTrue(header.endsWith(" \n"));
    assertEquals(10 + headerLength + 6 * 4, bytes.length);
  }

  /** A file as NumPy writes it, built byte by byte: version 2.0, float64, 1-D. */
  @Test
  void readsHandBuiltVersionTwoFloat64() throws IOException {
    Path file = dir.resolve("v2.npy");
    Files.write(file, npy(2, "{'descr': '<f8', 'fortran_order': False, 'shape': (2,), }", doubles(0.1, -3.0)));
    NpyArray array = Npy.read(file);
    assertArrayEquals(new int[] {2}, array.shape());
    assertArrayEquals(new float[] {0.1f, -3.0f}, array.data());
  }

  @Test
  void refusesWhatItCannotRead() throws IOException {
    Path fortran = dir.resolve("fortran.npy");
    Files.write(fortran, npy(1, "{'descr': '<f4', 'fortran_order': True, 'shape': (1, 1), }", new byte[4]));
    assertTrue(Fixtures.assertFault(fortran, 0, () -> Npy.read(fortran)).getMessage().contains("fortran_order"));

    Path ints = dir.resolve("ints.npy");
    Files.write(ints, npy(1, "{'descr': '<i8', 'fortran_order': False, 'shape': (1,), }", new byte[8]));
    assertTrue(Fixtures.assertFault(ints, 0, () -> Npy.read(ints)).getMessage().contains("'<i8'"));

    Path bigEndian = dir.resolve("big.npy");
    Files.write(bigEndian, npy(1, "{'descr': '>f4', 'fortran_order': False, 'shape': (1,), }", new byte[4]));
    Fixtures.assertFault(bigEndian, 0, () -> Npy.read(bigEndian));

    Path truncated = dir.resolve("truncated.npy");
    Files.write(truncated, npy(1, "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }", new byte[20]));
    assertTrue(Fixtures.assertFault(truncated, 0, () -> Npy.read(truncated)).getMessage().contains("truncated"));

    Path cube = dir.resolve("cube.npy");
    Files.write(cube, npy(1, "{'descr': '<f4', 'fortran_order': False, 'shape': (1, 1, 1), }", new byte[4]));
    Fixtures.assertFault(cube, 0, () -> Npy.read(cube));

    Path notNpy = Fixtures.write(dir, "text.npy", "hello, world");
    Fixtures.assertFault(notNpy, 0, () -> Npy.read(notNpy));

    Path shortFile = dir.resolve("short.npy");
    Files.write(shortFile, new byte[] {(byte) 0x93, 'N', 'U'});
    Fixtures.assertFault(shortFile, 0, () -> Npy.read(shortFile));
  }

  @Test
  void beautyEmbeddingsReadAndRewriteByteForByte() throws IOException {
    Path real = Fixtures.realData("amazon2014-beauty-tiger-semantic-ids/derived/beauty_sasrec64_by_s3rec_id.npy");
    NpyArray embeddings = Npy.read(real);
    assertArrayEquals(new int[] {12102, 64}, embeddings.shape());
    for (int c = 0; c < 64; c++) assertEquals(0f, embeddings.get(0, c), "row 0 is padding");
    Path copy = dir.resolve("copy.npy");
    Npy.write(copy, embeddings);
    assertArrayEquals(Files.readAllBytes(real), Files.readAllBytes(copy));
  }

  private static byte[] npy(int version, String dict, byte[] data) {
    int lengthBytes = version == 1 ? 2 : 4;
    int unpadded = 8 + lengthBytes + dict.length() + 1;
    String header = dict + " ".repeat((64 - unpadded % 64) % 64) + "\n";
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', (byte) version, 0});
    ByteBuffer length = ByteBuffer.allocate(lengthBytes).order(ByteOrder.LITTLE_ENDIAN);
    if (version == 1) length.putShort((short) header.length());
    else length.putInt(header.length());
    out.writeBytes(length.array());
    out.writeBytes(header.getBytes(StandardCharsets.ISO_8859_1));
    out.writeBytes(data);
    return out.toByteArray();
  }

  private static byte[] doubles(double... values) {
    ByteBuffer buffer = ByteBuffer.allocate(values.length * 8).order(ByteOrder.LITTLE_ENDIAN);
    for (double value : values) buffer.putDouble(value);
    return buffer.array();
  }
}
