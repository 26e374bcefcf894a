package io.genrec.data;

import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import org.apache.commons.csv.CSVException;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Records of a quoted CSV/TSV file with the line each one starts on (a quoted newline makes that
 * differ from the record number), blank lines skipped, quoting faults reported as {@link
 * DataFormatException}.
 */
final class CsvRows implements Closeable {
  private final Path file;
  private final CSVParser parser;
  private final Iterator<CSVRecord> records;
  private long line;

  CsvRows(Path file, char delimiter) throws IOException {
    this.file = file;
    // Blank lines are kept as records and skipped here, so line counting stays exact.
    CSVFormat format =
        CSVFormat.DEFAULT.builder().setDelimiter(delimiter).setIgnoreEmptyLines(false).get();
    Reader reader = open(file);
    try {
      this.parser = CSVParser.builder().setReader(reader).setFormat(format).get();
    } catch (IOException | RuntimeException e) {
      try {
        reader.close();
      } catch (IOException closing) {
        e.addSuppressed(closing);
      }
      throw e;
    }
    this.records = parser.iterator();
  }

  /**
   * The file as strict UTF-8 text (a bad byte is an error, never a replacement character), through
   * gzip when its name ends in .gz: Amazon Reviews 2023 publishes its benchmark splits as .csv.gz.
   */
  private static Reader open(Path file) throws IOException {
    if (!gzipped(file)) return Files.newBufferedReader(file, StandardCharsets.UTF_8);
    InputStream in = Files.newInputStream(file);
    try {
      in = new GZIPInputStream(in, 1 << 16);
    } catch (IOException e) {
      in.close();
      throw new DataFormatException(file, 0, "no gzip header (" + e.getMessage() + ")", "a gzip file (.gz)", e);
    }
    return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8.newDecoder()), 1 << 16);
  }

  private static boolean gzipped(Path file) {
    return file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".gz");
  }

  /** The next non-blank record, or null at the end. */
  CSVRecord next() throws IOException {
    while (true) {
      // hasNext() reads the record, so its first line is known only before the call.
      long before = parser.getCurrentLineNumber();
      CSVRecord record;
      try {
        if (!records.hasNext()) return null;
        record = records.next();
      } catch (UncheckedIOException e) {
        if (e.getCause() instanceof CSVException fault) {
          throw new DataFormatException(
              file, before + 1, "malformed quoting (" + fault.getMessage() + ")",
              "fields quoted as in RFC 4180", fault);
        }
        if (e.getCause() instanceof java.nio.charset.CharacterCodingException coding) {
          // Utf8Scan reads the bytes on disk, which are compressed in a .gz: the parser's line is the one.
          if (gzipped(file)) {
            throw new DataFormatException(file, before + 1, "bytes that are not UTF-8 text",
                "delimited text in UTF-8", coding);
          }
          throw DataFormatException.notUtf8(file, "delimited text", coding);
        }
        throw e.getCause();
      }
      line = before + 1;
      if (record.size() == 1 && record.get(0).isEmpty()) continue;
      return record;
    }
  }

  /** The 1-based line on which the record last returned by {@link #next()} starts. */
  long line() {
    return line;
  }

  Path file() {
    return file;
  }

  @Override
  public void close() throws IOException {
    parser.close();
  }
}
