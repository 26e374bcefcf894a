package io.genrec.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The typed header of a RecBole atomic file ({@code name:type} fields separated by tabs). Only
 * the field names RecBole uses by default matter here; other columns are carried but ignored.
 */
final class RecBoleHeader {
  static final String USER = "user_id";
  static final String ITEM = "item_id";
  static final String ITEM_LIST = "item_id_list";
  static final String TIME = "timestamp";
  /** RecBole's atomic-file field types; anything else is a typo that would otherwise pass unseen. */
  static final java.util.List<String> TYPES = java.util.List.of("token", "token_seq", "float", "float_seq");

  private static final String EXAMPLE = "'user_id:token<TAB>item_id:token<TAB>timestamp:float'";

  final int width;
  final int user;
  final int item;
  /** Column of UniSRec's {@code item_id_list:token_seq} history, or -1 for plain interactions. */
  final int itemList;
  /** Column of the timestamp, or -1 when the file has none. */
  final int time;

  private RecBoleHeader(int width, int user, int item, int itemList, int time) {
    this.width = width;
    this.user = user;
    this.item = item;
    this.itemList = itemList;
    this.time = time;
  }

  /** Rows are (user, history, target) rather than single interactions. */
  boolean historyRows() {
    return itemList >= 0;
  }

  boolean timed() {
    return time >= 0;
  }

  static RecBoleHeader read(Path file) throws IOException {
    try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      return parse(file, reader.readLine());
    }
  }

  /** @param line the first line, or null for an empty file */
  static RecBoleHeader parse(Path file, String line) {
    if (line == null || line.isBlank()) {
      throw new DataFormatException(
          file, 1, line == null ? "an empty file" : "a blank first line", "a typed header like " + EXAMPLE);
    }
    String[] fields = line.split("\t", -1);
    Map<String, Integer> columns = new HashMap<>();
    for (int k = 0; k < fields.length; k++) {
      String field = fields[k].strip();
      int colon = field.indexOf(':');
      if (colon <= 0 || colon == field.length() - 1) {
        throw new DataFormatException(
            file, 1, "header field '" + field + "'", "name:type, as in " + EXAMPLE);
      }
      String name = field.substring(0, colon);
      String type = field.substring(colon + 1);
      if (!TYPES.contains(type)) {
        throw new DataFormatException(file, 1, "field '" + field + "' of unknown type '" + type + "'",
            "one of RecBole's types " + String.join(", ", TYPES));
      }
      if (columns.put(name, k) != null) {
        throw new DataFormatException(file, 1, "field '" + name + "' twice", "each field once");
      }
    }
    int user = require(file, columns, USER, line);
    int item = require(file, columns, ITEM, line);
    return new RecBoleHeader(
        fields.length, user, item, columns.getOrDefault(ITEM_LIST, -1), columns.getOrDefault(TIME, -1));
  }

  private static int require(Path file, Map<String, Integer> columns, String name, String line) {
    Integer column = columns.get(name);
    if (column == null) {
      throw new DataFormatException(
          file, 1, "header '" + line.replace("\t", "<TAB>") + "' without " + name,
          "a " + name + " field, as in " + EXAMPLE);
    }
    return column;
  }
}
