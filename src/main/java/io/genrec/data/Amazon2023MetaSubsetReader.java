package io.genrec.data;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;
import org.apache.commons.csv.CSVRecord;

/**
 * The pandas export of Amazon 2023 metadata shipped beside the All_Beauty benchmark here
 * ({@code derived/All_Beauty_meta_subset.csv}; not the release's format): columns {@code title},
 * {@code description}, {@code price}, {@code details} (a Python dict literal whose {@code Brand}
 * is the brand) and {@code parent_asin}, by name; other columns are ignored.
 */
final class Amazon2023MetaSubsetReader {
  private Amazon2023MetaSubsetReader() {}

  /** Whether {@code header} (a CSV's first record) is this layout. */
  static boolean matches(List<String> header) {
    return header.contains(Amazon2023MetadataReader.ID) && header.contains("details");
  }

  static List<ItemRecord> read(Path file) throws IOException {
    List<ItemRecord> records = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    try (CsvRows rows = new CsvRows(file, ',')) {
      CSVRecord first = rows.next();
      List<String> header = first == null ? List.of() : first.toList().stream().map(String::strip).toList();
      if (!matches(header)) {
        throw new DataFormatException(file, 1, "header " + header, "columns parent_asin, title, details (and"
            + " optionally description, price)");
      }
      int id = header.indexOf(Amazon2023MetadataReader.ID);
      int title = header.indexOf("title");
      int description = header.indexOf("description");
      int price = header.indexOf("price");
      int details = header.indexOf("details");
      for (CSVRecord r = rows.next(); r != null; r = rows.next()) {
        long line = rows.line();
        if (r.size() != header.size()) {
          throw new DataFormatException(file, line, r.size() + " columns", header.size() + " columns as in the header");
        }
        String asin = r.get(id).strip();
        if (asin.isEmpty()) throw new DataFormatException(file, line, "an empty parent_asin", "a non-empty id");
        if (!seen.add(asin)) throw new DataFormatException(file, line, "parent_asin '" + asin + "' again", "one row per item");
        Map<String, String> pairs;
        try {
          pairs = PythonDictLiteral.parse(r.get(details));
        } catch (IllegalArgumentException e) {
          throw new DataFormatException(file, line, "details " + e.getMessage().replace("a Python dict literal with ",
              "without "), "a Python dict literal of strings", e);
        }
        OptionalDouble cost;
        try {
          cost = price < 0 ? OptionalDouble.empty() : ItemFields.price(r.get(price));
        } catch (NumberFormatException e) {
          throw new DataFormatException(file, line, "price '" + r.get(price) + "'", "a number or empty", e);
        }
        String text = description < 0 ? "" : r.get(description).strip();
        records.add(new ItemRecord(asin, title < 0 ? "" : r.get(title).strip(), pairs.getOrDefault("Brand", ""),
            List.of(), cost, List.of(), text.isEmpty() ? List.of() : List.of(text), pairs));
      }
    }
    if (records.isEmpty()) throw new DataFormatException(file, 2, "no items", "one row per item");
    return records;
  }
}
