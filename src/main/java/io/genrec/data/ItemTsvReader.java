package io.genrec.data;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import org.apache.commons.csv.CSVRecord;

/** Reads the quoted-TSV form of item metadata; see {@link ItemMetadata#loadTsv}. */
final class ItemTsvReader {
  private ItemTsvReader() {}

  /**
   * @param idColumn the id column's name, or null for the first column
   * @param lineOfId receives the line each item's row starts on
   */
  static List<ItemRecord> read(Path file, String idColumn, Map<String, Long> lineOfId) throws IOException {
    List<ItemRecord> records = new ArrayList<>();
    try (CsvRows rows = new CsvRows(file, '\t')) {
      CSVRecord header = rows.next();
      if (header == null) {
        throw new DataFormatException(file, 1, "an empty file", "a header whose first column is the item id");
      }
      Map<String, Integer> columns = new HashMap<>();
      for (int k = header.size() - 1; k >= 0; k--) columns.put(ItemFields.normalize(header.get(k)), k);
      int title = columns.getOrDefault(ItemFields.TITLE, -1);
      int brand = columns.getOrDefault(ItemFields.BRAND, -1);
      int categories =
          columns.getOrDefault(ItemFields.CATEGORIES, columns.getOrDefault(ItemFields.CATEGORY, -1));
      int price = columns.getOrDefault(ItemFields.PRICE, -1);
      int idIndex = 0;
      String first = ItemFields.normalize(header.get(0));
      if (idColumn == null && java.util.Set.of(ItemFields.TITLE, ItemFields.BRAND, ItemFields.CATEGORIES,
          ItemFields.CATEGORY, ItemFields.PRICE, "description", "features", "details").contains(first)) {
        // Every title would become an item id that matches no interaction: refuse rather than embed nonsense.
        throw new DataFormatException(file, 1, "header " + header.toList() + " whose first column is the text field '"
            + header.get(0) + "'", "the item id as the first column (e.g. item_id), as the interaction file names items");
      }
      if (idColumn != null) {
        Integer named = columns.get(ItemFields.normalize(idColumn));
        if (named == null) {
          throw new DataFormatException(
              file, 1, "header " + header.toList() + " without column '" + idColumn + "'",
              "a column named '" + idColumn + "'");
        }
        idIndex = named;
      }
      for (CSVRecord record = rows.next(); record != null; record = rows.next()) {
        long line = rows.line();
        if (record.size() != header.size()) {
          throw new DataFormatException(
              file, line, record.size() + " columns", header.size() + " columns as in the header");
        }
        String id = record.get(idIndex).strip();
        if (id.isEmpty()) throw new DataFormatException(file, line, "an empty item id", "an item id");
        Long earlier = lineOfId.putIfAbsent(id, line);
        if (earlier != null) {
          throw new DataFormatException(
              file, line, "item '" + id + "' again (first on line " + earlier + ")", "one row per item");
        }
        List<String> categoryList;
        try {
          categoryList = categories < 0 ? List.of() : CategoryList.parse(record.get(categories));
        } catch (IllegalArgumentException e) {
          throw new DataFormatException(
              file, line, "categories '" + record.get(categories) + "' (" + e.getMessage() + ")",
              "a list like 'Beauty', 'Makeup'", e);
        }
        OptionalDouble itemPrice;
        try {
          itemPrice = price < 0 ? OptionalDouble.empty() : ItemFields.price(record.get(price));
        } catch (NumberFormatException e) {
          throw new DataFormatException(
              file, line, "price '" + record.get(price) + "'", "a number or an empty field", e);
        }
        records.add(
            new ItemRecord(
                id,
                title < 0 ? "" : record.get(title),
                brand < 0 ? "" : record.get(brand),
                categoryList,
                itemPrice));
      }
    }
    return records;
  }
}
