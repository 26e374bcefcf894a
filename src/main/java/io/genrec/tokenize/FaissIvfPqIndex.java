package io.genrec.tokenize;

import io.genrec.data.DataFormatException;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The stored codes of a faiss {@code OPQ<M>,IVF<n>,PQ<M>x8} index file, as VQ-Rec releases its item
 * codes ({@code faiss.write_index}): read without faiss, streaming, little-endian. The quantizer's
 * own parameters (OPQ rotation, coarse centroids, PQ centroids) are checked for size and skipped;
 * what is kept is every stored vector's M codes and its id, in the order the inverted lists hold them.
 *
 * <p>Layout (faiss {@code index_write.cpp}): {@code IxPT} pre-transform index header and its
 * {@code LTra} linear transforms, then an {@code IwPQ} IVF-PQ index: header, nlist, nprobe, a flat
 * coarse quantizer ({@code IxFI} or {@code IxF2}), the direct map, by_residual, code_size, the product
 * quantizer (d, M, nbits, centroids), and {@code ilar} array inverted lists (sizes, then per list its
 * codes and int64 ids). Only 8-bit PQ is read (one byte per code). Any deviation is one {@link
 * DataFormatException} naming the file, the byte offset and what was expected there.
 */
public final class FaissIvfPqIndex {
  private final int dimension;
  private final int subvectors;
  private final int codebookSize;
  private final int[][] codes;
  private final long[] ids;

  private FaissIvfPqIndex(int dimension, int subvectors, int codebookSize, int[][] codes, long[] ids) {
    this.dimension = dimension;
    this.subvectors = subvectors;
    this.codebookSize = codebookSize;
    this.codes = codes;
    this.ids = ids;
  }

  /** True when {@code file} starts like a faiss pre-transform index (for format sniffing). */
  public static boolean looksLikeOne(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      byte[] magic = in.readNBytes(4);
      return new String(magic, StandardCharsets.ISO_8859_1).equals("IxPT");
    }
  }

  public static FaissIvfPqIndex read(Path file) throws IOException {
    try (Reader in = new Reader(file, new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16)))) {
      return parse(in);
    }
  }

  private static FaissIvfPqIndex parse(Reader in) throws IOException {
    in.fourcc("IxPT", "a faiss IndexPreTransform (index_factory \"OPQ..,IVF..,PQ..\")");
    Header outer = in.header();
    int transforms = in.int32("the number of vector transforms");
    if (transforms < 0 || transforms > 16) in.fail(transforms + " vector transforms", "0 to 16");
    for (int t = 0; t < transforms; t++) linearTransform(in);

    in.fourcc("IwPQ", "an IVF-PQ index");
    Header inner = in.header();
    if (inner.dimension != outer.dimension && transforms == 0) {
      in.fail("dimension " + inner.dimension, "the pre-transform's " + outer.dimension);
    }
    long nlist = in.uint64("nlist");
    in.uint64("nprobe");
    flatQuantizer(in, inner.dimension, nlist);
    directMap(in);
    in.int8("by_residual");
    long codeSize = in.uint64("code_size");

    long pqDimension = in.uint64("the product quantizer's d");
    long m = in.uint64("the product quantizer's M");
    long nbits = in.uint64("the product quantizer's nbits");
    if (nbits != 8) in.fail("nbits " + nbits, "8 (one byte per code)");
    if (m < 1 || m > 4096 || pqDimension % m != 0) {
      in.fail("M " + m + " for d " + pqDimension, "M in 1..4096 dividing d");
    }
    if (codeSize != m) in.fail("code_size " + codeSize, "M = " + m + " bytes (8-bit codes)");
    long centroids = in.uint64("the product quantizer's centroids' size");
    if (centroids != pqDimension << nbits) in.fail(centroids + " centroid floats", "d x 2^nbits = " + (pqDimension << nbits));
    in.floats(centroids, "the product quantizer's centroids");

    in.fourcc("ilar", "array inverted lists");
    long lists = in.uint64("the inverted lists' nlist");
    if (lists != nlist) in.fail(lists + " inverted lists", "nlist = " + nlist);
    long listCodeSize = in.uint64("the inverted lists' code_size");
    if (listCodeSize != codeSize) in.fail("code_size " + listCodeSize, "the index's " + codeSize);
    long[] sizes = listSizes(in, nlist);
    long total = 0;
    for (long s : sizes) total += s;
    if (total != inner.ntotal) in.fail(total + " stored codes in the lists", "ntotal = " + inner.ntotal);
    int n = (int) total;
    int subs = (int) m;
    int[][] codes = new int[n][subs];
    long[] ids = new long[n];
    int row = 0;
    for (long size : sizes) {
      if (size == 0) continue;
      byte[] bytes = in.bytes(size * subs, "the list's codes");
      for (int i = 0; i < size; i++) {
        for (int j = 0; j < subs; j++) codes[row + i][j] = bytes[i * subs + j] & 0xff;
      }
      for (int i = 0; i < size; i++) ids[row + i] = in.int64("a stored id");
      row += (int) size;
    }
    in.end();
    return new FaissIvfPqIndex((int) pqDimension, subs, 1 << nbits, codes, ids);
  }

  /** {@code LTra}: have_bias, A (d_out x d_in), b, d_in, d_out, is_trained. */
  private static void linearTransform(Reader in) throws IOException {
    in.fourcc("LTra", "a linear transform (OPQ rotation)");
    int bias = in.int8("have_bias");
    long a = in.uint64("the transform matrix's size");
    in.floats(a, "the transform matrix");
    long b = in.uint64("the transform bias's size");
    in.floats(b, "the transform bias");
    int dIn = in.int32("d_in");
    int dOut = in.int32("d_out");
    in.int8("is_trained");
    if (a != (long) dIn * dOut) in.fail("a " + a + "-entry matrix for d_in " + dIn + ", d_out " + dOut, "d_in x d_out");
    if (bias != 0 ? b != dOut : b != 0 && b != dOut) in.fail("a " + b + "-entry bias", "none or d_out = " + dOut);
  }

  /** The coarse quantizer: a flat index ({@code IxFI} inner product or {@code IxF2} L2) of nlist centroids. */
  private static void flatQuantizer(Reader in, int dimension, long nlist) throws IOException {
    long at = in.offset();
    String kind = in.fourcc();
    if (!kind.equals("IxFI") && !kind.equals("IxF2")) {
      in.failAt(at, "fourcc '" + kind + "'", "'IxFI' or 'IxF2' (the flat coarse quantizer)");
    }
    Header h = in.header();
    long count = in.uint64("the coarse centroids' size");
    if (count != nlist * dimension || h.ntotal != nlist) {
      in.fail(h.ntotal + " coarse centroids of " + count + " floats in all", nlist + " of dimension " + dimension);
    }
    in.floats(count, "the coarse centroids");
  }

  /** type (0 none, 1 array, 2 hash table), the array, and for a hash table its pairs. */
  private static void directMap(Reader in) throws IOException {
    int type = in.int8("the direct map's type");
    if (type < 0 || type > 2) in.fail("direct map type " + type, "0, 1 or 2");
    in.skip(in.uint64("the direct map's size"), 8, "the direct map");
    if (type == 2) in.skip(in.uint64("the direct map's hash table size"), 16, "the direct map's hash table");
  }

  /** {@code full}: one size per list; {@code sprs}: (list, size) pairs for the non-empty ones. */
  private static long[] listSizes(Reader in, long nlist) throws IOException {
    if (nlist < 1 || nlist > 1 << 24) in.fail(nlist + " inverted lists", "1 to 2^24");
    long at = in.offset();
    String kind = in.fourcc();
    long[] sizes = new long[(int) nlist];
    if (kind.equals("full")) {
      long count = in.uint64("the number of list sizes");
      if (count != nlist) in.fail(count + " list sizes", "nlist = " + nlist);
      for (int i = 0; i < nlist; i++) sizes[i] = in.uint64("a list size");
    } else if (kind.equals("sprs")) {
      long count = in.uint64("the sparse list sizes' length");
      if (count % 2 != 0 || count / 2 > nlist) in.fail(count + " entries", "(list, size) pairs, at most nlist");
      for (long i = 0; i < count / 2; i++) {
        long list = in.uint64("a list number");
        if (list >= nlist) in.fail("list " + list, "below nlist = " + nlist);
        sizes[(int) list] = in.uint64("a list size");
      }
    } else {
      in.failAt(at, "fourcc '" + kind + "'", "'full' or 'sprs' (the list sizes)");
    }
    for (long s : sizes) if (s < 0 || s > 1 << 28) in.fail("a list of " + s + " codes", "0 to 2^28");
    return sizes;
  }

  /** The vector dimension the product quantizer splits (after the rotation). */
  public int dimension() {
    return dimension;
  }

  /** M: codes per stored vector. */
  public int subvectors() {
    return subvectors;
  }

  /** K = 2^nbits: codes per sub-vector. */
  public int codebookSize() {
    return codebookSize;
  }

  /** The number of stored vectors (ntotal). */
  public int size() {
    return codes.length;
  }

  /** Codes (0..K-1) of the {@code i}-th stored vector in list order; shared, do not modify. */
  public int[] codes(int i) {
    return codes[i];
  }

  /** The id the {@code i}-th stored vector was added with. */
  public long id(int i) {
    return ids[i];
  }

  private record Header(int dimension, long ntotal) {}

  /** Little-endian reads that know their byte offset, so every fault can say where it is. */
  private static final class Reader implements AutoCloseable {
    private final Path file;
    private final DataInputStream in;
    private long offset;

    Reader(Path file, DataInputStream in) {
      this.file = file;
      this.in = in;
    }

    long offset() {
      return offset;
    }

    /** A faiss index header: d, ntotal, two unused int64, is_trained, metric (+ its argument). */
    Header header() throws IOException {
      int d = int32("the index dimension");
      long ntotal = int64("ntotal");
      int64("an unused header field");
      int64("an unused header field");
      int8("is_trained");
      int metric = int32("the metric type");
      if (metric > 1) int32("the metric argument");
      if (d < 1 || d > 1 << 20) fail("dimension " + d, "1 to 2^20");
      if (ntotal < 0 || ntotal > Integer.MAX_VALUE) fail("ntotal " + ntotal, "0 to 2^31 - 1");
      return new Header(d, ntotal);
    }

    String fourcc() throws IOException {
      return new String(bytes(4, "a four-character code"), StandardCharsets.ISO_8859_1);
    }

    void fourcc(String expected, String what) throws IOException {
      long at = offset;
      String found = fourcc();
      if (!found.equals(expected)) failAt(at, "fourcc '" + printable(found) + "'", "'" + expected + "' (" + what + ")");
    }

    int int8(String what) throws IOException {
      return bytes(1, what)[0];
    }

    int int32(String what) throws IOException {
      byte[] b = bytes(4, what);
      return (b[0] & 0xff) | (b[1] & 0xff) << 8 | (b[2] & 0xff) << 16 | (b[3] & 0xff) << 24;
    }

    long int64(String what) throws IOException {
      byte[] b = bytes(8, what);
      long v = 0;
      for (int i = 7; i >= 0; i--) v = v << 8 | (b[i] & 0xff);
      return v;
    }

    /** A size_t; one this large cannot be a size in a file we can read. */
    long uint64(String what) throws IOException {
      long at = offset;
      long v = int64(what);
      if (v < 0 || v > 1L << 40) failAt(at, what + " " + Long.toUnsignedString(v), "a size below 2^40");
      return v;
    }

    void floats(long count, String what) throws IOException {
      skip(count, 4, what);
    }

    void skip(long count, int width, String what) throws IOException {
      long at = offset;
      long n = count * width;
      try {
        in.skipNBytes(n);
      } catch (EOFException e) {
        throw truncated(at, n, what, e);
      }
      offset += n;
    }

    byte[] bytes(long n, String what) throws IOException {
      if (n > Integer.MAX_VALUE) fail(n + " bytes of " + what, "below 2^31");
      byte[] b = new byte[(int) n];
      try {
        in.readFully(b);
      } catch (EOFException e) {
        throw truncated(offset, n, what, e);
      }
      offset += n;
      return b;
    }

    /** Nothing may follow the inverted lists. */
    void end() throws IOException {
      long extra = 0;
      while (in.read() >= 0) extra++;
      if (extra > 0) failAt(offset, extra + " more bytes", "the end of the file after the inverted lists");
    }

    private DataFormatException truncated(long at, long n, String what, EOFException e) {
      return new DataFormatException(file, 0, "the end of the file within the " + n + " bytes of " + what
          + " at byte " + at, "a complete faiss index (the file is truncated)", e);
    }

    void fail(String found, String expected) {
      failAt(offset, found, expected);
    }

    void failAt(long at, String found, String expected) {
      throw new DataFormatException(file, 0, found + " at byte " + at, expected);
    }

    private static String printable(String s) {
      StringBuilder b = new StringBuilder();
      for (char c : s.toCharArray()) {
        if (c >= 32 && c < 127) b.append(c);
        else b.append(String.format("\\x%02x", (int) c));
      }
      return b.toString();
    }

    @Override
    public void close() throws IOException {
      in.close();
    }
  }
}
