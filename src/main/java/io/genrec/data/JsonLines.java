package io.genrec.data;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.zip.GZIPInputStream;

/**
 * One JSON object a line, plain or gzip ({@code .gz}), streamed: the largest Amazon 2023 files are
 * tens of GB, so nothing but the current line is held. Blank lines are skipped; a line that is not
 * a JSON object, or lacks a field asked for, fails with the file and line.
 */
final class JsonLines implements Closeable {
  private final Path file;
  private final BufferedReader reader;
  private long line;

  JsonLines(Path file) throws IOException {
    this.file = file;
    InputStream in = Files.newInputStream(file);
    try {
      if (file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".gz")) {
        in = new GZIPInputStream(in, 1 << 16);
      }
    } catch (IOException e) {
      in.close();
      throw new DataFormatException(file, 0, "no gzip header (" + e.getMessage() + ")", "a gzip file (.gz)", e);
    }
    reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 16);
  }

  /** The next object, or null at the end. */
  JsonObject next() throws IOException {
    String text;
    while ((text = reader.readLine()) != null) {
      line++;
      if (text.isBlank()) continue;
      JsonElement parsed;
      try {
        parsed = JsonParser.parseString(text);
      } catch (JsonParseException e) {
        throw new DataFormatException(file, line, "malformed JSON (" + e.getMessage() + ")", "one JSON object a line", e);
      }
      if (!parsed.isJsonObject()) {
        throw new DataFormatException(file, line, "a JSON " + kind(parsed), "one JSON object a line");
      }
      return parsed.getAsJsonObject();
    }
    return null;
  }

  /** The 1-based line of the object {@link #next} returned last. */
  long line() {
    return line;
  }

  Path file() {
    return file;
  }

  /** The non-empty string {@code key} of {@code object}. */
  String string(JsonObject object, String key) {
    JsonElement value = object.get(key);
    if (value == null || value.isJsonNull()) throw missing(key, "a string");
    if (!value.isJsonPrimitive()) throw wrong(key, value, "a string");
    String s = value.getAsString().strip();
    if (s.isEmpty()) throw new DataFormatException(file, line, "an empty '" + key + "'", "a non-empty string");
    return s;
  }

  /** The integral number {@code key} of {@code object}. */
  long integer(JsonObject object, String key) {
    JsonElement value = object.get(key);
    if (value == null || value.isJsonNull()) throw missing(key, "an integer");
    try {
      if (!value.isJsonPrimitive()) throw new NumberFormatException();
      return TimeOrder.parse(value.getAsString());
    } catch (NumberFormatException e) {
      throw wrong(key, value, "an integer");
    }
  }

  private DataFormatException missing(String key, String expected) {
    return new DataFormatException(file, line, "no '" + key + "'", "'" + key + "' as " + expected);
  }

  private DataFormatException wrong(String key, JsonElement value, String expected) {
    String shown = value.toString();
    if (shown.length() > 60) shown = shown.substring(0, 60) + "...";
    return new DataFormatException(file, line, "'" + key + "' = " + shown, "'" + key + "' as " + expected);
  }

  private static String kind(JsonElement e) {
    return e.isJsonArray() ? "array" : e.isJsonNull() ? "null" : "value " + e;
  }

  @Override
  public void close() throws IOException {
    reader.close();
  }
}
