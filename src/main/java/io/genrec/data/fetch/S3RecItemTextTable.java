package io.genrec.data.fetch;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Amazon 2014 item metadata re-keyed to S3-Rec item ids, as {@code ../shared/data} derived it: PLRec's
 * {@code item_description.csv} numbers its rows by the rank of each item's ASIN in sorted order, and P5's
 * {@code datamaps.json} {@code id2item} gives the ASIN of each S3-Rec id (P5's sequence files are S3-Rec's).
 * Output columns: {@code s3rec_item_id, asin, title, brand, categories, price, sales_rank}, rows by S3-Rec
 * id, tab-separated, a field quoted only when it holds a tab, a quote or a line break (as the source is).
 */
public final class S3RecItemTextTable implements Derivation {
  private static final String[] HEADER = {"s3rec_item_id", "asin", "title", "brand", "categories", "price",
      "sales_rank"};
  private final String datamaps;
  private final String itemDescription;

  /** @param datamaps, itemDescription paths under a data directory */
  public S3RecItemTextTable(String datamaps, String itemDescription) {
    this.datamaps = datamaps;
    this.itemDescription = itemDescription;
  }

  @Override
  public List<String> inputs() {
    return List.of(datamaps, itemDescription);
  }

  @Override
  public void write(Path dataDir, Path out) throws IOException {
    Path mapsFile = dataDir.resolve(datamaps);
    Path descriptionFile = dataDir.resolve(itemDescription);
    List<String> asinOfId = asins(mapsFile);
    // Rank of each ASIN among all of them, in String order (Java's and Python's sorted() agree on ASCII).
    TreeMap<String, Integer> sorted = new TreeMap<>();
    for (String asin : asinOfId) {
      if (sorted.put(asin, 0) != null) throw new IOException(mapsFile + ": id2item maps two ids to ASIN " + asin);
    }
    Map<String, Integer> rank = new HashMap<>();
    int r = 0;
    for (String asin : sorted.keySet()) rank.put(asin, ++r);
    Map<Integer, CSVRecord> rows = rowsByItemId(descriptionFile);
    try (BufferedWriter w = Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
      line(w, HEADER);
      for (int id = 1; id <= asinOfId.size(); id++) {
        String asin = asinOfId.get(id - 1);
        CSVRecord row = rows.get(rank.get(asin));
        if (row == null) {
          throw new IOException(descriptionFile + ": no row with item_id " + rank.get(asin) + " (ASIN " + asin
              + ", S3-Rec item " + id + "); expected one row per ASIN of " + mapsFile);
        }
        // Source columns: item_id, title, sales_type, sales_rank, categories, price, brand.
        line(w, new String[] {Integer.toString(id), asin, row.get(1), row.get(6), row.get(4), row.get(5), row.get(3)});
      }
    }
  }

  /** {@code id2item} as a list: element i is the ASIN of S3-Rec item i + 1 (ids 1..n, none missing). */
  static List<String> asins(Path file) throws IOException {
    JsonObject id2item;
    try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      JsonElement root = JsonParser.parseReader(r);
      JsonElement maps = root.isJsonObject() ? root.getAsJsonObject().get("id2item") : null;
      if (maps == null || !maps.isJsonObject()) {
        throw new IOException(file + ": expected a JSON object with an \"id2item\" object (P5's datamaps.json)");
      }
      id2item = maps.getAsJsonObject();
    } catch (JsonParseException | UncheckedIOException e) {
      throw new IOException(file + ": not JSON (" + e.getMessage() + "); expected P5's datamaps.json", e);
    }
    List<String> out = new ArrayList<>(id2item.size());
    for (int id = 1; id <= id2item.size(); id++) {
      JsonElement asin = id2item.get(Integer.toString(id));
      if (asin == null || !asin.isJsonPrimitive()) {
        throw new IOException(file + ": id2item has " + id2item.size() + " entries but no string for id " + id
            + "; expected the ids 1.." + id2item.size());
      }
      out.add(asin.getAsString());
    }
    return out;
  }

  private static Map<Integer, CSVRecord> rowsByItemId(Path file) throws IOException {
    Map<Integer, CSVRecord> rows = new HashMap<>();
    CSVFormat format = CSVFormat.DEFAULT.builder().setDelimiter('\t').get();
    try (CSVParser parser = CSVParser.builder().setPath(file).setCharset(StandardCharsets.UTF_8).setFormat(format).get()) {
      boolean header = true;
      for (CSVRecord row : parser) {
        if (header) {
          header = false;
          continue;
        }
        if (row.size() != 7) {
          throw new IOException(file + ": line " + parser.getCurrentLineNumber() + ": " + row.size()
              + " fields; expected 7 (item_id, title, sales_type, sales_rank, categories, price, brand)");
        }
        int id;
        try {
          id = Integer.parseInt(row.get(0));
        } catch (NumberFormatException e) {
          throw new IOException(file + ": line " + parser.getCurrentLineNumber() + ": item_id '" + row.get(0)
              + "' is not an integer", e);
        }
        rows.put(id, row);
      }
    } catch (UncheckedIOException e) {
      throw new IOException(file + ": malformed quoting (" + e.getCause().getMessage() + ")", e);
    }
    return rows;
  }

  private static void line(BufferedWriter w, String[] fields) throws IOException {
    for (int i = 0; i < fields.length; i++) {
      if (i > 0) w.write('\t');
      w.write(quoted(fields[i]));
    }
    w.write('\n');
  }

  /** Quoted as the source is (Python's csv, minimal quoting): only when needed, quotes doubled. */
  static String quoted(String field) {
    boolean needs = false;
    for (int i = 0; i < field.length() && !needs; i++) {
      char c = field.charAt(i);
      needs = c == '\t' || c == '"' || c == '\n' || c == '\r';
    }
    return needs ? '"' + field.replace("\"", "\"\"") + '"' : field;
  }
}
