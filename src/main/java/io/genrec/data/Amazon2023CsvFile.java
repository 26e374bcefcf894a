package io.genrec.data;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.csv.CSVRecord;

/**
 * One Amazon Reviews 2023 CSV read into a shared {@link SequenceAssembler}: the benchmark files
 * ({@code user_id,parent_asin,rating,timestamp,history}) or {@code rating_only}
 * ({@code user_id,parent_asin,rating,timestamp}). Columns are found by name; {@code rating} is not
 * used. Rows keep file order here; the assembler sorts each user's items by time.
 */
final class Amazon2023CsvFile {
  static final String USER = "user_id";
  static final String ITEM = "parent_asin";
  static final String TIME = "timestamp";
  static final String HISTORY = "history";

  final Path file;
  final IntList users = new IntList();
  final IntList items = new IntList();
  final LongList times = new LongList();
  /** Provisional item ids of each row's {@code history} (oldest first); null for rating_only files. */
  final List<int[]> histories;

  private Amazon2023CsvFile(Path file, boolean hasHistory) {
    this.file = file;
    this.histories = hasHistory ? new ArrayList<>() : null;
  }

  boolean hasHistory() {
    return histories != null;
  }

  int size() {
    return users.size();
  }

  static Amazon2023CsvFile read(Path file, SequenceAssembler assembler) throws IOException {
    try (CsvRows rows = new CsvRows(file, ',')) {
      CSVRecord first = rows.next();
      if (first == null) {
        throw new DataFormatException(file, 1, "an empty file", "a header " + USER + "," + ITEM + ",rating," + TIME
            + "[," + HISTORY + "]");
      }
      List<String> header = first.toList().stream().map(String::strip).toList();
      int user = column(file, header, USER);
      int item = column(file, header, ITEM);
      int time = column(file, header, TIME);
      int history = header.indexOf(HISTORY);
      Amazon2023CsvFile part = new Amazon2023CsvFile(file, history >= 0);
      for (CSVRecord record = rows.next(); record != null; record = rows.next()) {
        long line = rows.line();
        if (record.size() != header.size()) {
          throw new DataFormatException(file, line, record.size() + " columns", header.size() + " columns as in the header");
        }
        part.users.add(assembler.user(id(file, line, record.get(user), USER)));
        part.items.add(assembler.item(id(file, line, record.get(item), ITEM)));
        part.times.add(millis(file, line, record.get(time)));
        if (history >= 0) part.histories.add(history(assembler, record.get(history)));
      }
      if (part.size() == 0) {
        throw new DataFormatException(file, rows.line() + 1, "no rows after the header", "interaction rows");
      }
      return part;
    }
  }

  private static int[] history(SequenceAssembler assembler, String text) {
    String trimmed = text.strip();
    if (trimmed.isEmpty()) return new int[0];
    String[] asins = trimmed.split(" +");
    int[] ids = new int[asins.length];
    for (int k = 0; k < asins.length; k++) ids[k] = assembler.item(asins[k]);
    return ids;
  }

  private static int column(Path file, List<String> header, String name) {
    int column = header.indexOf(name);
    if (column < 0) {
      throw new DataFormatException(file, 1, "header " + header + " without column '" + name + "'",
          "the Amazon Reviews 2023 columns " + USER + ", " + ITEM + ", " + TIME);
    }
    return column;
  }

  private static String id(Path file, long line, String value, String name) {
    String id = value.strip();
    if (id.isEmpty()) throw new DataFormatException(file, line, "an empty " + name, "a non-empty id");
    return id;
  }

  private static long millis(Path file, long line, String text) {
    try {
      return TimeOrder.parse(text.strip());
    } catch (NumberFormatException e) {
      throw new DataFormatException(file, line, TIME + " '" + text + "'", "a timestamp in milliseconds", e);
    }
  }
}
