package io.genrec.tokenize;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import io.genrec.data.AtomicFile;
import io.genrec.data.DataFormatException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads and writes item → semantic ID maps.
 *
 * <ul>
 *   <li>Our own {@code semantic_ids.tsv}: header {@code item_id\tcodes}, then one line per item,
 *       {@code <original item id>\t<code1> <code2> ...}, codes as non-negative integers.
 *   <li>The TIGER re-implementation's {@code index_rqvae.json} / {@code index_rqkmeans.json}:
 *       {@code {"tiger_item_id": [c1, c2, ...]}}, re-keyed to S3-Rec ids through
 *       {@code derived/tiger_item_map.tsv} (columns {@code tiger_item_id}, {@code s3rec_item_id}).
 *   <li>LETTER's {@code Beauty.index.json}: {@code {"letter_id": ["<a_12>", "<b_7>", ...]}} with
 *       {@code letter_id = s3rec_id - 1}; the token's letter must match its level (a = level 1).
 * </ul>
 *
 * <p>The readers key items by S3-Rec id written as a decimal string, the original id of the S3-Rec
 * sequence files. Every fault names the file and the line or JSON entry.
 */
public final class SemanticIdFile {
  public static final String FILE_NAME = "semantic_ids.tsv";
  static final String HEADER = "item_id\tcodes";

  private static final Pattern LETTER_TOKEN = Pattern.compile("<([a-z])_(\\d+)>");

  private SemanticIdFile() {}

  public static void writeTsv(Path file, SemanticIds ids) throws IOException {
    List<String> itemIds = ids.itemIds();
    int[][] codes = ids.inItemOrder(itemIds);
    AtomicFile.write(
        file,
        out -> {
          Writer writer = new OutputStreamWriter(out, StandardCharsets.UTF_8);
          writeRows(writer, itemIds, codes);
          writer.flush();
        });
  }

  /** The TSV body for {@code itemIds.get(i)} ↔ {@code codes[i + 1]}. */
  static void writeRows(Writer writer, List<String> itemIds, int[][] codes) throws IOException {
    writer.write(HEADER);
    writer.write('\n');
    for (int i = 0; i < itemIds.size(); i++) {
      String id = itemIds.get(i);
      if (id.isEmpty() || id.indexOf('\t') >= 0 || id.indexOf('\n') >= 0 || id.indexOf('\r') >= 0) {
        throw new IllegalArgumentException(
            "item id '" + id + "' is empty or holds a tab or line break and cannot be written as TSV");
      }
      writer.write(id);
      writer.write('\t');
      int[] row = codes[i + 1];
      for (int level = 0; level < row.length; level++) {
        if (level > 0) writer.write(' ');
        writer.write(Integer.toString(row[level]));
      }
      writer.write('\n');
    }
  }

  /** Reads {@code semantic_ids.tsv}; the header line is optional. */
  public static SemanticIds readTsv(Path file) throws IOException {
    Map<String, int[]> byItem = new LinkedHashMap<>();
    Map<String, Long> lineOf = new HashMap<>();
    int levels = -1;
    try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String line;
      long number = 0;
      while ((line = reader.readLine()) != null) {
        number++;
        if (number == 1 && line.equals(HEADER)) continue;
        if (line.isBlank()) continue;
        int tab = line.indexOf('\t');
        if (tab <= 0) {
          throw new DataFormatException(
              file, number, "'" + abbreviate(line) + "'", "<item id><TAB><code> <code> ...");
        }
        String id = line.substring(0, tab);
        String[] parts = line.substring(tab + 1).strip().split(" +");
        if (parts.length == 1 && parts[0].isEmpty()) {
          throw new DataFormatException(file, number, "item '" + id + "' without codes", "at least one code");
        }
        if (levels < 0) levels = parts.length;
        if (parts.length != levels) {
          throw new DataFormatException(
              file, number, parts.length + " codes for item '" + id + "'", levels + " like the first item");
        }
        int[] codes = new int[levels];
        for (int level = 0; level < levels; level++) {
          codes[level] = code(parts[level], file, number, "item '" + id + "' level " + (level + 1));
        }
        Long earlier = lineOf.put(id, number);
        if (earlier != null) {
          throw new DataFormatException(
              file, number, "item '" + id + "' again", "each item once (first on line " + earlier + ")");
        }
        byItem.put(id, codes);
      }
    }
    if (byItem.isEmpty()) throw new DataFormatException(file, 0, "no items", "at least one item line");
    return new SemanticIds(byItem, file);
  }

  /** TIGER codes with the item map at {@code derived/tiger_item_map.tsv} beside the index file. */
  public static SemanticIds readTiger(Path indexJson) throws IOException {
    Path parent = indexJson.toAbsolutePath().getParent();
    return readTiger(indexJson, parent.resolve("derived").resolve("tiger_item_map.tsv"));
  }

  public static SemanticIds readTiger(Path indexJson, Path itemMapTsv) throws IOException {
    Map<String, String> toS3Rec = readTigerItemMap(itemMapTsv);
    JsonObject root = readObject(indexJson);
    Map<String, int[]> byItem = new LinkedHashMap<>(root.size() * 2);
    int levels = -1;
    for (Map.Entry<String, JsonElement> entry : root.entrySet()) {
      String key = entry.getKey();
      String s3rec = toS3Rec.get(key);
      if (s3rec == null) {
        throw new DataFormatException(
            indexJson, 0, "entry \"" + key + "\" with no row in " + itemMapTsv.getFileName(),
            "TIGER item ids listed in " + itemMapTsv);
      }
      JsonArray array = array(indexJson, key, entry.getValue());
      if (levels < 0) levels = array.size();
      checkLevels(indexJson, key, array.size(), levels);
      int[] codes = new int[levels];
      for (int level = 0; level < levels; level++) {
        codes[level] = jsonCode(indexJson, key, level, array.get(level));
      }
      putOnce(byItem, s3rec, codes, indexJson, key);
    }
    return new SemanticIds(byItem, indexJson);
  }

  /** LETTER codes, re-keyed to S3-Rec ids ({@code letter id + 1}). */
  public static SemanticIds readLetter(Path indexJson) throws IOException {
    JsonObject root = readObject(indexJson);
    Map<String, int[]> byItem = new LinkedHashMap<>(root.size() * 2);
    int levels = -1;
    for (Map.Entry<String, JsonElement> entry : root.entrySet()) {
      String key = entry.getKey();
      long letterId;
      try {
        letterId = Long.parseLong(key.strip());
      } catch (NumberFormatException e) {
        throw new DataFormatException(indexJson, 0, "entry \"" + key + "\"", "integer LETTER item ids", e);
      }
      if (letterId < 0) {
        throw new DataFormatException(indexJson, 0, "entry \"" + key + "\"", "LETTER ids >= 0");
      }
      JsonArray array = array(indexJson, key, entry.getValue());
      if (levels < 0) levels = array.size();
      checkLevels(indexJson, key, array.size(), levels);
      int[] codes = new int[levels];
      for (int level = 0; level < levels; level++) {
        JsonElement token = array.get(level);
        String text = token.isJsonPrimitive() ? token.getAsString() : token.toString();
        Matcher matcher = LETTER_TOKEN.matcher(text);
        char letter = (char) ('a' + level);
        if (!matcher.matches() || matcher.group(1).charAt(0) != letter) {
          throw new DataFormatException(
              indexJson, 0, "entry \"" + key + "\" level " + (level + 1) + " token " + token,
              "\"<" + letter + "_N>\"");
        }
        codes[level] = code(matcher.group(2), indexJson, 0, "entry \"" + key + "\" level " + (level + 1));
      }
      putOnce(byItem, Long.toString(letterId + 1), codes, indexJson, key);
    }
    return new SemanticIds(byItem, indexJson);
  }

  private static Map<String, String> readTigerItemMap(Path file) throws IOException {
    Map<String, String> map = new HashMap<>();
    try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String header = reader.readLine();
      if (header == null) throw new DataFormatException(file, 1, "an empty file", "a header line");
      List<String> columns = List.of(header.split("\t", -1));
      int tiger = columns.indexOf("tiger_item_id");
      int s3rec = columns.indexOf("s3rec_item_id");
      if (tiger < 0 || s3rec < 0) {
        throw new DataFormatException(
            file, 1, "header '" + abbreviate(header) + "'", "columns tiger_item_id and s3rec_item_id");
      }
      String line;
      long number = 1;
      while ((line = reader.readLine()) != null) {
        number++;
        if (line.isBlank()) continue;
        String[] fields = line.split("\t", -1);
        if (fields.length != columns.size()) {
          throw new DataFormatException(
              file, number, fields.length + " fields", columns.size() + " as in the header");
        }
        String from = fields[tiger].strip();
        String to = fields[s3rec].strip();
        if (from.isEmpty() || to.isEmpty()) {
          throw new DataFormatException(file, number, "an empty id", "tiger_item_id and s3rec_item_id");
        }
        if (map.put(from, to) != null) {
          throw new DataFormatException(file, number, "tiger_item_id " + from + " again", "each id once");
        }
      }
    }
    return map;
  }

  private static JsonObject readObject(Path file) throws IOException {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (java.nio.charset.CharacterCodingException e) {
      throw DataFormatException.notUtf8(file, "a JSON object keyed by item id", e);
    }
    JsonElement root;
    try {
      root = JsonParser.parseString(text);
    } catch (JsonParseException e) {
      // Gson wraps the reader's exception; its own text names a Java class, which says nothing to a user.
      String why = e.getCause() != null && e.getCause().getMessage() != null ? e.getCause().getMessage() : e.getMessage();
      throw new DataFormatException(file, 0, "malformed JSON (" + why.replaceAll(" path \\$\\S*", "") + ")",
          "a JSON object", e);
    }
    if (!root.isJsonObject()) {
      throw new DataFormatException(file, 0, "a JSON " + kind(root), "an object keyed by item id");
    }
    if (root.getAsJsonObject().size() == 0) {
      throw new DataFormatException(file, 0, "an empty object", "at least one item");
    }
    return root.getAsJsonObject();
  }

  private static JsonArray array(Path file, String key, JsonElement value) {
    if (!value.isJsonArray() || value.getAsJsonArray().isEmpty()) {
      throw new DataFormatException(
          file, 0, "entry \"" + key + "\" = " + abbreviate(value.toString()), "a non-empty array of codes");
    }
    return value.getAsJsonArray();
  }

  private static void checkLevels(Path file, String key, int found, int levels) {
    if (found != levels) {
      throw new DataFormatException(
          file, 0, "entry \"" + key + "\" with " + found + " codes", levels + " like the first entry");
    }
  }

  private static int jsonCode(Path file, String key, int level, JsonElement value) {
    if (value.isJsonPrimitive() && ((JsonPrimitive) value).isNumber()) {
      BigDecimal number = value.getAsBigDecimal();
      if (number.signum() >= 0 && number.stripTrailingZeros().scale() <= 0
          && number.compareTo(BigDecimal.valueOf(Integer.MAX_VALUE)) <= 0) {
        return number.intValueExact();
      }
    }
    throw new DataFormatException(
        file, 0, "entry \"" + key + "\" level " + (level + 1) + " code " + value, "a non-negative integer");
  }

  private static int code(String text, Path file, long line, String what) {
    try {
      int code = Integer.parseInt(text);
      if (code >= 0) return code;
    } catch (NumberFormatException e) {
      throw new DataFormatException(file, line, what + " code '" + abbreviate(text) + "'", "a non-negative integer", e);
    }
    throw new DataFormatException(file, line, what + " code '" + text + "'", "a non-negative integer");
  }

  private static void putOnce(Map<String, int[]> byItem, String id, int[] codes, Path file, String key) {
    if (byItem.put(id, codes) != null) {
      throw new DataFormatException(file, 0, "entry \"" + key + "\" maps to item " + id + " again", "one entry per item");
    }
  }

  private static String kind(JsonElement element) {
    if (element.isJsonArray()) return "array";
    if (element.isJsonNull()) return "null";
    return "value " + abbreviate(element.toString());
  }

  private static String abbreviate(String text) {
    return text.length() <= 60 ? text : text.substring(0, 57) + "...";
  }
}
