package io.genrec.data;

import java.io.Closeable;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
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
    Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8);
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
