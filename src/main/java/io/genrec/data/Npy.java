package io.genrec.data;

import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * NumPy {@code .npy} files holding 1-D or 2-D float arrays: little-endian float32 or float64 in C
 * order, header versions 1.0, 2.0 and 3.0. float64 is narrowed to float on reading, since every
 * consumer here (embedding tables, TF float tensors) works in float32.
 */
public final class Npy {
  /** The element types read and written. */
  public enum Dtype {
    FLOAT32("<f4", 4),
    FLOAT64("<f8", 8);

    final String descr;
    final int bytes;

    Dtype(String descr, int bytes) {
      this.descr = descr;
      this.bytes = bytes;
    }
  }

  private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
  private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']*)'");
  private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
  private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");
  private static final int CHUNK = 1 << 20;

  private Npy() {}

  public static NpyArray read(Path file) throws IOException {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      ByteBuffer preamble = readFully(file, channel, 8, "the 8-byte magic and version");
      byte[] magic = new byte[6];
      preamble.get(magic);
      if (!Arrays.equals(magic, MAGIC)) {
        throw new DataFormatException(file, 0, "no NumPy magic", "a .npy file starting with \\x93NUMPY");
      }
      int major = preamble.get() & 0xff;
      int minor = preamble.get() & 0xff;
      int headerLength;
      if (major == 1) {
        headerLength = readFully(file, channel, 2, "the header length").getShort() & 0xffff;
      } else if (major == 2 || major == 3) {
        long length = readFully(file, channel, 4, "the header length").getInt() & 0xffffffffL;
        if (length > Integer.MAX_VALUE) {
          throw new DataFormatException(file, 0, "a header of " + length + " bytes", "a smaller header");
        }
        headerLength = (int) length;
      } else {
        throw new DataFormatException(
            file, 0, "format version " + major + "." + minor, "version 1.0, 2.0 or 3.0");
      }
      ByteBuffer headerBytes = readFully(file, channel, headerLength, "a header of " + headerLength + " bytes");
      String header =
          new String(headerBytes.array(), major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
      Dtype dtype = dtype(file, header);
      int[] shape = shape(file, header);
      long count = 1;
      for (int extent : shape) count *= extent;
      if (count > Integer.MAX_VALUE - 8) {
        throw new DataFormatException(
            file, 0, "shape " + Arrays.toString(shape), "at most 2^31 values (one Java array)");
      }
      long expected = count * dtype.bytes;
      long available = channel.size() - channel.position();
      if (available < expected) {
        throw new DataFormatException(
            file, 0, "truncated data: " + available + " bytes",
            expected + " bytes for shape " + Arrays.toString(shape) + " " + dtype.descr);
      }
      if (available > expected) {
        throw new DataFormatException(
            file, 0, (available - expected) + " bytes after the data",
            expected + " bytes for shape " + Arrays.toString(shape) + " " + dtype.descr);
      }
      return new NpyArray(shape, values(file, channel, (int) count, dtype));
    }
  }

  /** Writes float32, header version 1.0 (2.0 only if the header would not fit). */
  public static void write(Path file, NpyArray array) throws IOException {
    write(file, array, Dtype.FLOAT32, 1);
  }

  /**
   * @param majorVersion 1 or 2; 1 is what older NumPy can read, and is upgraded to 2 when the
   *     header exceeds 65535 bytes (it never does for rank ≤ 2)
   */
  public static void write(Path file, NpyArray array, Dtype dtype, int majorVersion)
      throws IOException {
    if (majorVersion != 1 && majorVersion != 2) {
      throw new IllegalArgumentException("header version " + majorVersion + ": write 1 or 2");
    }
    int[] shape = array.shape();
    String shapeText =
        shape.length == 1 ? "(" + shape[0] + ",)" : "(" + shape[0] + ", " + shape[1] + ")";
    String dict = "{'descr': '" + dtype.descr + "', 'fortran_order': False, 'shape': " + shapeText + ", }";
    int lengthBytes = majorVersion == 1 ? 2 : 4;
    // NumPy pads the header with spaces and a newline so that the data starts 64-byte aligned.
    int unpadded = MAGIC.length + 2 + lengthBytes + dict.length() + 1;
    int padding = (64 - unpadded % 64) % 64;
    String header = dict + " ".repeat(padding) + "\n";
    if (majorVersion == 1 && header.length() > 0xffff) {
      write(file, array, dtype, 2);
      return;
    }
    float[] data = array.data();
    AtomicFile.write(
        file,
        out -> {
          DataOutputStream stream = new DataOutputStream(out);
          stream.write(MAGIC);
          stream.write(majorVersion);
          stream.write(0);
          ByteBuffer length = ByteBuffer.allocate(lengthBytes).order(ByteOrder.LITTLE_ENDIAN);
          if (majorVersion == 1) length.putShort((short) header.length());
          else length.putInt(header.length());
          stream.write(length.array());
          stream.write(header.getBytes(StandardCharsets.ISO_8859_1));
          ByteBuffer chunk = ByteBuffer.allocate(CHUNK).order(ByteOrder.LITTLE_ENDIAN);
          for (float value : data) {
            if (chunk.remaining() < dtype.bytes) {
              stream.write(chunk.array(), 0, chunk.position());
              chunk.clear();
            }
            if (dtype == Dtype.FLOAT32) chunk.putFloat(value);
            else chunk.putDouble(value);
          }
          stream.write(chunk.array(), 0, chunk.position());
          stream.flush();
        });
  }

  private static Dtype dtype(Path file, String header) {
    Matcher descr = DESCR.matcher(header);
    if (!descr.find()) {
      throw new DataFormatException(file, 0, "header " + header.strip() + " without 'descr'", "a dtype");
    }
    Matcher fortran = FORTRAN.matcher(header);
    if (!fortran.find()) {
      throw new DataFormatException(file, 0, "header " + header.strip() + " without 'fortran_order'", "fortran_order");
    }
    if (fortran.group(1).equals("True")) {
      throw new DataFormatException(
          file, 0, "fortran_order True", "C order (save with np.ascontiguousarray)");
    }
    for (Dtype dtype : Dtype.values()) {
      if (dtype.descr.equals(descr.group(1))) return dtype;
    }
    throw new DataFormatException(
        file, 0, "unsupported dtype '" + descr.group(1) + "'", "'<f4' (float32) or '<f8' (float64)");
  }

  private static int[] shape(Path file, String header) {
    Matcher shape = SHAPE.matcher(header);
    if (!shape.find()) {
      throw new DataFormatException(file, 0, "header " + header.strip() + " without 'shape'", "a shape tuple");
    }
    String[] parts = shape.group(1).split(",");
    int[] extents = new int[parts.length];
    int rank = 0;
    for (String part : parts) {
      String extent = part.strip();
      if (extent.isEmpty()) continue; // "(5,)" and "(3, 4, )"
      try {
        extents[rank++] = Integer.parseInt(extent.endsWith("L") ? extent.substring(0, extent.length() - 1) : extent);
      } catch (NumberFormatException e) {
        throw new DataFormatException(file, 0, "shape (" + shape.group(1) + ")", "integer extents", e);
      }
    }
    if (rank < 1 || rank > 2) {
      throw new DataFormatException(file, 0, "a " + rank + "-D array (" + shape.group(1) + ")", "a 1-D or 2-D array");
    }
    return Arrays.copyOf(extents, rank);
  }

  private static ByteBuffer readFully(Path file, FileChannel channel, int length, String what)
      throws IOException {
    ByteBuffer buffer = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
    while (buffer.hasRemaining()) {
      if (channel.read(buffer) < 0) {
        throw new DataFormatException(
            file, 0, "end of file after " + channel.position() + " bytes", what);
      }
    }
    return buffer.flip();
  }

  private static float[] values(Path file, FileChannel channel, int count, Dtype dtype)
      throws IOException {
    float[] values = new float[count];
    ByteBuffer chunk = ByteBuffer.allocate(CHUNK).order(ByteOrder.LITTLE_ENDIAN);
    int filled = 0;
    while (filled < count) {
      chunk.clear();
      chunk.limit((int) Math.min(CHUNK, (long) (count - filled) * dtype.bytes));
      while (chunk.hasRemaining()) {
        if (channel.read(chunk) < 0) {
          throw new DataFormatException(file, 0, "end of file after " + filled + " values", count + " values");
        }
      }
      chunk.flip();
      if (dtype == Dtype.FLOAT32) {
        int n = chunk.remaining() / 4;
        chunk.asFloatBuffer().get(values, filled, n);
        filled += n;
      } else {
        while (chunk.remaining() >= 8) values[filled++] = (float) chunk.getDouble();
      }
    }
    return values;
  }
}
