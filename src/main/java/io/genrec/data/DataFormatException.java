package io.genrec.data;

import java.nio.file.Path;

/**
 * Input that does not follow its format. The message always names the file, and for text formats
 * the 1-based line, so the user can open the file at the fault instead of guessing.
 */
public final class DataFormatException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final transient Path file;
  private final long line;

  /**
   * @param line 1-based line number, or 0 when the fault is not tied to a line (binary files,
   *     whole-file problems such as a missing split part)
   */
  public DataFormatException(Path file, long line, String found, String expected) {
    this(file, line, found, expected, null);
  }

  public DataFormatException(Path file, long line, String found, String expected, Throwable cause) {
    super(location(file, line) + ": found " + found + ", expected " + expected, cause);
    this.file = file;
    this.line = line;
  }

  private static String location(Path file, long line) {
    return line > 0 ? file + ":" + line : file.toString();
  }

  public Path file() {
    return file;
  }

  /** The 1-based line of the fault, or 0 when it is not tied to a line. */
  public long line() {
    return line;
  }

  /**
   * The JDK says only "Input length = 1"; the user needs the file, the line of the first byte that
   * is not UTF-8 (found by reading the file again: the decoder fails a whole buffer ahead of the
   * parser) and what to do about it.
   */
  public static DataFormatException notUtf8(Path file, String expected, java.nio.charset.CharacterCodingException e) {
    return new DataFormatException(file, Utf8Scan.firstBadLine(file), "bytes that are not UTF-8 text (a binary or"
        + " compressed file?)", expected + " in UTF-8: decompress a gzip file first, convert Latin-1 text with iconv"
        + " -f latin1 -t utf-8", e);
  }
}
