package io.genrec.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The rows of one RecBole {@code .inter} file, with ids registered (first-seen, provisional) in a
 * shared {@link SequenceAssembler} so the parts of a pre-split dataset share one numbering.
 * Plain files give interactions in file order; UniSRec files give {@link HistoryRow}s.
 */
final class RecBoleFile {
  final Path path;
  final RecBoleHeader header;
  // plain interactions, in file order
  final IntList users = new IntList();
  final IntList items = new IntList();
  final LongList times = new LongList();
  // UniSRec rows
  final List<HistoryRow> rows = new ArrayList<>();

  private RecBoleFile(Path path, RecBoleHeader header) {
    this.path = path;
    this.header = header;
  }

  boolean historyRows() {
    return header.historyRows();
  }

  int size() {
    return historyRows() ? rows.size() : users.size();
  }

  /** A part that is not there (a pre-split dataset without valid or test file): no rows. */
  static RecBoleFile empty(Path standIn, RecBoleHeader header) {
    return new RecBoleFile(standIn, header);
  }

  /**
   * @param useTime read the timestamp column (the assembler must be timed); when false the
   *     column, if any, is ignored
   */
  static RecBoleFile read(Path file, SequenceAssembler ids, boolean useTime) throws IOException {
    try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      RecBoleHeader header = RecBoleHeader.parse(file, reader.readLine());
      if (useTime && !header.timed()) {
        throw new DataFormatException(
            file, 1, "no timestamp field", "a timestamp field like the other parts of the split");
      }
      RecBoleFile content = new RecBoleFile(file, header);
      long lineNumber = 1;
      String line;
      while ((line = reader.readLine()) != null) {
        lineNumber++;
        if (line.isEmpty()) continue;
        String[] fields = line.split("\t", -1);
        if (fields.length != header.width) {
          throw new DataFormatException(
              file, lineNumber, fields.length + " tab-separated fields",
              header.width + " fields as in the header");
        }
        String userId = fields[header.user];
        String itemId = fields[header.item];
        if (userId.isEmpty() || itemId.isEmpty()) {
          throw new DataFormatException(
              file, lineNumber, "an empty " + (userId.isEmpty() ? "user_id" : "item_id"),
              "a non-empty token");
        }
        int user = ids.user(userId);
        if (header.historyRows()) {
          int[] history = tokens(fields[header.itemList], ids);
          content.rows.add(new HistoryRow(user, history, ids.item(itemId), file, lineNumber));
        } else {
          content.users.add(user);
          content.items.add(ids.item(itemId));
          if (useTime) content.times.add(timestamp(file, lineNumber, fields[header.time]));
        }
      }
      if (content.size() == 0) {
        throw new DataFormatException(file, lineNumber + 1, "no rows after the header", "interaction rows");
      }
      return content;
    }
  }

  /** Space-separated token_seq, scanned by hand: this runs for every row of large files. */
  private static int[] tokens(String field, SequenceAssembler ids) {
    IntList out = new IntList(16);
    int k = 0;
    int end = field.length();
    while (k < end) {
      while (k < end && field.charAt(k) == ' ') k++;
      int start = k;
      while (k < end && field.charAt(k) != ' ') k++;
      if (k > start) out.add(ids.item(field.substring(start, k)));
    }
    return out.toArray();
  }

  private static long timestamp(Path file, long line, String text) {
    try {
      return TimeOrder.parse(text);
    } catch (NumberFormatException e) {
      throw new DataFormatException(file, line, "timestamp '" + text + "'", "a number", e);
    }
  }
}
