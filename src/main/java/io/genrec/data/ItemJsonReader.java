package io.genrec.data;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonIOException;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import com.google.gson.JsonSyntaxException;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the JSON forms of item metadata. A JSON tree has no line numbers, so faults inside a
 * well-formed document are located by JSON path (e.g. {@code $[3].price}); syntax errors carry
 * Gson's line.
 */
final class ItemJsonReader {
  private static final Pattern GSON_LINE = Pattern.compile("line (\\d+)");
  private static final List<String> ID_FIELDS = List.of("id", "item_id");
  private static final String EXPECTED =
      "an object keyed by item id, or an array of objects with an id or item_id field";

  private ItemJsonReader() {}

  static List<ItemRecord> read(Path file) throws IOException {
    JsonElement root;
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      root = JsonParser.parseReader(reader);
    } catch (JsonIOException e) {
      throw e.getCause() instanceof IOException io ? io : new IOException(e);
    } catch (JsonSyntaxException e) {
      Matcher line = GSON_LINE.matcher(String.valueOf(e.getMessage()));
      throw new DataFormatException(
          file, line.find() ? Long.parseLong(line.group(1)) : 0,
          "malformed JSON (" + e.getMessage() + ")", EXPECTED, e);
    }
    if (root.isJsonNull()) throw new DataFormatException(file, 1, "an empty file", EXPECTED);
    List<ItemRecord> records = new ArrayList<>();
    if (root.isJsonObject()) {
      for (Map.Entry<String, JsonElement> entry : root.getAsJsonObject().entrySet()) {
        String path = "$['" + entry.getKey() + "']";
        records.add(record(file, path, entry.getKey(), object(file, path, entry.getValue())));
      }
    } else if (root.isJsonArray()) {
      JsonArray array = root.getAsJsonArray();
      Set<String> seen = new HashSet<>();
      for (int k = 0; k < array.size(); k++) {
        String path = "$[" + k + "]";
        JsonObject object = object(file, path, array.get(k));
        String id = id(file, path, object);
        if (!seen.add(id)) {
          throw new DataFormatException(file, 0, "at " + path + " item '" + id + "' again", "one object per item");
        }
        records.add(record(file, path, id, object));
      }
    } else {
      throw new DataFormatException(file, 1, "a top-level " + kind(root), EXPECTED);
    }
    if (records.isEmpty()) throw new DataFormatException(file, 1, "no items", EXPECTED);
    return records;
  }

  private static JsonObject object(Path file, String path, JsonElement element) {
    if (!element.isJsonObject()) {
      throw new DataFormatException(file, 0, "at " + path + " a " + kind(element), "an item object");
    }
    return element.getAsJsonObject();
  }

  private static String id(Path file, String path, JsonObject object) {
    for (String field : ID_FIELDS) {
      JsonElement id = object.get(field);
      if (id != null && id.isJsonPrimitive()) return id.getAsString();
    }
    throw new DataFormatException(file, 0, "at " + path + " an object without id", "an id or item_id field");
  }

  private static ItemRecord record(Path file, String path, String id, JsonObject object) {
    JsonElement categories = object.has(ItemFields.CATEGORIES)
        ? object.get(ItemFields.CATEGORIES)
        : object.get(ItemFields.CATEGORY);
    return new ItemRecord(
        id,
        text(file, path + ".title", object.get(ItemFields.TITLE)),
        text(file, path + ".brand", object.get(ItemFields.BRAND)),
        categories(file, path + ".categories", categories),
        price(file, path + ".price", object.get(ItemFields.PRICE)));
  }

  private static String text(Path file, String path, JsonElement element) {
    if (element == null || element.isJsonNull()) return "";
    if (!element.isJsonPrimitive()) {
      throw new DataFormatException(file, 0, "at " + path + " a " + kind(element), "a string");
    }
    return element.getAsString();
  }

  private static List<String> categories(Path file, String path, JsonElement element) {
    if (element == null || element.isJsonNull()) return List.of();
    try {
      if (element.isJsonPrimitive()) return CategoryList.parse(element.getAsString());
    } catch (IllegalArgumentException e) {
      throw new DataFormatException(file, 0, "at " + path + " " + e.getMessage(), "a category list", e);
    }
    if (!element.isJsonArray()) {
      throw new DataFormatException(file, 0, "at " + path + " a " + kind(element), "a list of categories");
    }
    // Amazon 2014 metadata nests one list per category path; paths share their top levels.
    Set<String> names = new LinkedHashSet<>();
    flatten(file, path, element.getAsJsonArray(), names);
    return new ArrayList<>(names);
  }

  private static void flatten(Path file, String path, JsonArray array, Set<String> names) {
    for (int k = 0; k < array.size(); k++) {
      JsonElement element = array.get(k);
      if (element.isJsonArray()) {
        flatten(file, path + "[" + k + "]", element.getAsJsonArray(), names);
      } else if (element.isJsonPrimitive()) {
        names.add(element.getAsString());
      } else {
        throw new DataFormatException(
            file, 0, "at " + path + "[" + k + "] a " + kind(element), "a category name");
      }
    }
  }

  private static OptionalDouble price(Path file, String path, JsonElement element) {
    if (element == null || element.isJsonNull()) return OptionalDouble.empty();
    if (element.isJsonPrimitive()) {
      JsonPrimitive primitive = element.getAsJsonPrimitive();
      if (primitive.isNumber()) return OptionalDouble.of(primitive.getAsDouble());
      try {
        return ItemFields.price(primitive.getAsString());
      } catch (NumberFormatException e) {
        throw new DataFormatException(
            file, 0, "at " + path + " '" + primitive.getAsString() + "'", "a number or null", e);
      }
    }
    throw new DataFormatException(file, 0, "at " + path + " a " + kind(element), "a number or null");
  }

  private static String kind(JsonElement element) {
    if (element.isJsonObject()) return "object";
    if (element.isJsonArray()) return "array";
    if (element.isJsonNull()) return "null";
    return "value " + element;
  }
}
