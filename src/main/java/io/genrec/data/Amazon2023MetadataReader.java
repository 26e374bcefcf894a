package io.genrec.data;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;

/**
 * Amazon Reviews 2023 item metadata JSONL ({@code meta_All_Beauty.jsonl}, plain or {@code .gz},
 * streamed), keyed by {@code parent_asin}: {@code title}, {@code store} as the brand,
 * {@code categories}, {@code features}, {@code description}, {@code price} and {@code details}.
 * The release leaves many fields empty or null; those become unknown. A {@code store} that is
 * missing falls back to {@code details.Brand}. Images, videos and ratings are not read.
 */
final class Amazon2023MetadataReader {
  static final String ID = "parent_asin";

  private Amazon2023MetadataReader() {}

  static List<ItemRecord> read(Path file) throws IOException {
    List<ItemRecord> records = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    try (JsonLines lines = new JsonLines(file)) {
      for (JsonObject item = lines.next(); item != null; item = lines.next()) {
        String id = lines.string(item, ID);
        if (!seen.add(id)) {
          throw new DataFormatException(file, lines.line(), ID + " '" + id + "' a second time", "one line per item");
        }
        Map<String, String> details = details(lines, item.get("details"));
        String brand = text(lines, item, "store");
        if (brand.isEmpty()) brand = details.getOrDefault("Brand", "");
        records.add(new ItemRecord(id, text(lines, item, "title"), brand, list(lines, item, "categories"),
            price(lines, item.get("price")), list(lines, item, "features"), list(lines, item, "description"), details));
      }
      if (records.isEmpty()) throw new DataFormatException(file, 1, "no items", "one item object a line");
    }
    return records;
  }

  private static String text(JsonLines lines, JsonObject item, String key) {
    JsonElement value = item.get(key);
    if (value == null || value.isJsonNull()) return "";
    if (!value.isJsonPrimitive()) throw wrong(lines, key, value, "a string or null");
    return value.getAsString().strip();
  }

  private static List<String> list(JsonLines lines, JsonObject item, String key) {
    JsonElement value = item.get(key);
    if (value == null || value.isJsonNull()) return List.of();
    if (!value.isJsonArray()) throw wrong(lines, key, value, "a list of strings");
    List<String> out = new ArrayList<>();
    for (JsonElement e : (JsonArray) value) {
      if (!e.isJsonPrimitive()) throw wrong(lines, key, value, "a list of strings");
      String s = e.getAsString().strip();
      if (!s.isEmpty()) out.add(s);
    }
    return out;
  }

  /**
   * A number, or null; a string that reads as a price ({@code "$12.99"}) counts, other strings
   * (the release has placeholders such as {@code "None"} and {@code "—"}) mean unknown rather than
   * failing a file of millions of lines on one listing.
   */
  private static OptionalDouble price(JsonLines lines, JsonElement value) {
    if (value == null || value.isJsonNull()) return OptionalDouble.empty();
    if (!value.isJsonPrimitive()) throw wrong(lines, "price", value, "a number or null");
    JsonPrimitive p = value.getAsJsonPrimitive();
    if (p.isNumber()) return OptionalDouble.of(p.getAsDouble());
    try {
      return ItemFields.price(p.getAsString());
    } catch (NumberFormatException e) {
      return OptionalDouble.empty();
    }
  }

  private static Map<String, String> details(JsonLines lines, JsonElement value) {
    if (value == null || value.isJsonNull()) return Map.of();
    if (!value.isJsonObject()) throw wrong(lines, "details", value, "an object");
    Map<String, String> out = new LinkedHashMap<>();
    for (Map.Entry<String, JsonElement> e : value.getAsJsonObject().entrySet()) {
      JsonElement v = e.getValue();
      String text = v.isJsonNull() ? "" : v.isJsonPrimitive() ? v.getAsString().strip() : v.toString();
      if (!text.isEmpty()) out.put(e.getKey().strip(), text);
    }
    return out;
  }

  private static DataFormatException wrong(JsonLines lines, String key, JsonElement value, String expected) {
    String shown = value.toString();
    if (shown.length() > 60) shown = shown.substring(0, 60) + "...";
    return new DataFormatException(lines.file(), lines.line(), "'" + key + "' = " + shown, "'" + key + "' as " + expected);
  }
}
