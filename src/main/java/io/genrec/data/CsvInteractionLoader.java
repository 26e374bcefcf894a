package io.genrec.data;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.apache.commons.csv.CSVRecord;

/**
 * Comma-separated interactions with a header, one interaction per row, in any row order; each
 * user's items are sorted by the time column (stable, so ties keep file order). Columns are named
 * by {@link CsvColumns}; others are ignored. Quoted fields follow RFC 4180.
 */
public final class CsvInteractionLoader implements InteractionLoader {
  private final CsvColumns columns;
  private final IdOrder idOrder;

  public CsvInteractionLoader() {
    this(CsvColumns.DEFAULT, IdOrder.FIRST_SEEN);
  }

  public CsvInteractionLoader(CsvColumns columns, IdOrder idOrder) {
    this.columns = columns;
    this.idOrder = idOrder;
  }

  @Override
  public SequenceDataset load(Path file) throws IOException {
    boolean timed = columns.time() != null;
    SequenceAssembler assembler = new SequenceAssembler(timed);
    try (CsvRows rows = new CsvRows(file, ',')) {
      CSVRecord first = rows.next();
      if (first == null) {
        throw new DataFormatException(file, 1, "an empty file", "a header naming " + names());
      }
      List<String> header = first.toList().stream().map(String::strip).toList();
      int userColumn = column(file, header, columns.user());
      int itemColumn = column(file, header, columns.item());
      int timeColumn = timed ? column(file, header, columns.time()) : -1;
      int count = 0;
      for (CSVRecord record = rows.next(); record != null; record = rows.next()) {
        long line = rows.line();
        if (record.size() != header.size()) {
          throw new DataFormatException(
              file, line, record.size() + " columns", header.size() + " columns as in the header");
        }
        int user = assembler.user(id(file, line, record, userColumn, columns.user()));
        int item = assembler.item(id(file, line, record, itemColumn, columns.item()));
        if (timed) {
          assembler.append(user, item, time(file, line, record.get(timeColumn)));
        } else {
          assembler.append(user, item);
        }
        count++;
      }
      if (count == 0) {
        throw new DataFormatException(file, rows.line() + 1, "no rows after the header", "interaction rows");
      }
    }
    return assembler.build(file, idOrder).data();
  }

  private String names() {
    return columns.user() + ", " + columns.item() + (columns.time() == null ? "" : ", " + columns.time());
  }

  private static int column(Path file, List<String> header, String name) {
    int column = header.indexOf(name);
    if (column < 0) {
      throw new DataFormatException(
          file, 1, "header " + header + " without column '" + name + "'", "a column named '" + name + "'");
    }
    return column;
  }

  private static String id(Path file, long line, CSVRecord record, int column, String name) {
    String value = record.get(column).strip();
    if (value.isEmpty()) {
      throw new DataFormatException(file, line, "an empty " + name, "a non-empty id");
    }
    return value;
  }

  private long time(Path file, long line, String text) {
    try {
      return TimeOrder.parse(text);
    } catch (NumberFormatException e) {
      throw new DataFormatException(file, line, columns.time() + " '" + text + "'", "a numeric timestamp", e);
    }
  }
}
