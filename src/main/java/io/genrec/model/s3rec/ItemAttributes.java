package io.genrec.model.s3rec;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import io.genrec.data.DataFormatException;
import io.genrec.data.IdMap;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeSet;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * Each catalog item's attributes, from the S3-Rec authors' {@code <name>_item2attributes.json}
 * ({@code {"item id": [attribute id, ...]}}, keyed by the dataset's original item ids). Attribute ids
 * are kept as the file numbers them, so there are {@link #count()} = largest id + 1 attribute rows
 * (the authors' numbering starts at 1; row 0 then belongs to no item and is only ever a negative).
 */
public final class ItemAttributes {
  private static final Logger LOG = LogManager.getLogger(ItemAttributes.class);
  /** Far above any real attribute vocabulary (Sports has 2,277): a larger id is a wrong file. */
  static final int MAX_ATTRIBUTE_ID = 1 << 20;
  private static final String EXPECTED = "one JSON object {\"item id\": [attribute id, ...]} (S3-Rec's item2attributes)";

  private final int[][] byItem;
  private final int count;

  /** @param byItem sorted distinct attribute ids per dense item id (row 0 = padding, empty) */
  ItemAttributes(int[][] byItem, int count) {
    this.byItem = byItem;
    this.count = count;
  }

  /**
   * Reads {@code file} for the catalog {@code items}. Every fault names the file: not UTF-8, not JSON,
   * not an object of integer lists, a negative or absurdly large attribute id, or no catalog item in it.
   * Items of the file outside the catalog are skipped; catalog items outside the file have none.
   */
  public static ItemAttributes read(Path file, IdMap items) {
    JsonObject root = parse(file);
    int[][] byItem = new int[items.size() + 1][];
    Arrays.fill(byItem, new int[0]);
    int largest = -1;
    int outside = 0;
    int listed = 0;
    for (Map.Entry<String, JsonElement> e : root.entrySet()) {
      int[] attributes = attributes(file, e.getKey(), e.getValue());
      if (!items.contains(e.getKey())) {
        outside++;
        continue;
      }
      listed++;
      byItem[items.index(e.getKey())] = attributes;
      for (int a : attributes) largest = Math.max(largest, a);
    }
    if (listed == 0) {
      throw new DataFormatException(file, 0, "none of the " + items.size() + " catalog items among its "
          + root.size() + " keys", "the dataset's original item ids as keys (is it the item2attributes of this dataset?)");
    }
    if (largest < 0) {
      throw new DataFormatException(file, 0, "no attribute for any catalog item", "at least one attribute id");
    }
    LOG.info("{}: attributes for {} of {} catalog items ({} ids, {} keys outside the catalog skipped)", file,
        listed, items.size(), largest + 1, outside);
    return new ItemAttributes(byItem, largest + 1);
  }

  private static JsonObject parse(Path file) {
    String text;
    try {
      text = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(Files.readAllBytes(file))).toString();
    } catch (CharacterCodingException e) {
      throw new DataFormatException(file, 0, "bytes that are not UTF-8", EXPECTED);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
    }
    JsonElement root;
    try {
      root = JsonParser.parseString(text);
    } catch (JsonParseException e) {
      throw new DataFormatException(file, 0, "text that is not JSON (" + e.getMessage() + ")", EXPECTED, e);
    }
    if (!root.isJsonObject()) {
      throw new DataFormatException(file, 0, root.isJsonNull() ? "an empty file" : "a top-level " + kind(root), EXPECTED);
    }
    return root.getAsJsonObject();
  }

  private static int[] attributes(Path file, String item, JsonElement value) {
    String expected = "a list of attribute ids (integers in 0.." + MAX_ATTRIBUTE_ID + ") for item \"" + item + "\"";
    if (!value.isJsonArray()) throw new DataFormatException(file, 0, "\"" + item + "\": " + shown(value), expected);
    TreeSet<Integer> ids = new TreeSet<>();
    for (JsonElement a : value.getAsJsonArray()) {
      boolean integer = a.isJsonPrimitive() && a.getAsJsonPrimitive().isNumber()
          && a.getAsDouble() == Math.rint(a.getAsDouble());
      if (!integer || a.getAsDouble() < 0 || a.getAsDouble() > MAX_ATTRIBUTE_ID) {
        throw new DataFormatException(file, 0, "\"" + item + "\": [... " + shown(a) + " ...]", expected);
      }
      ids.add(a.getAsInt());
    }
    return ids.stream().mapToInt(Integer::intValue).toArray();
  }

  private static String kind(JsonElement e) {
    return e.isJsonArray() ? "list" : "value " + shown(e);
  }

  private static String shown(JsonElement e) {
    String s = e.toString();
    return s.length() > 40 ? s.substring(0, 37) + "..." : s;
  }

  /** Attribute rows: the largest id + 1. */
  public int count() {
    return count;
  }

  /** The sorted attribute ids of dense item {@code item} (empty for padding and items without any). */
  public int[] of(int item) {
    return item < byItem.length ? byItem[item] : new int[0];
  }

  /** The most attributes any one item has. */
  public int mostPerItem() {
    int most = 0;
    for (int[] a : byItem) most = Math.max(most, a.length);
    return most;
  }

  /**
   * A [vocab][{@link #mostPerItem()} (at least 1)] table of every id's attributes, padded with
   * {@link #count()}, a column past the last attribute ({@link AttributeLabels} drops it); ids at or
   * past the catalog (the mask token) have none.
   */
  int[][] paddedTable(int vocab) {
    int width = Math.max(1, mostPerItem());
    int[][] table = new int[vocab][width];
    for (int item = 0; item < vocab; item++) {
      Arrays.fill(table[item], count);
      int[] a = of(item);
      System.arraycopy(a, 0, table[item], 0, a.length);
    }
    return table;
  }
}
