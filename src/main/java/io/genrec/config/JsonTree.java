package io.genrec.config;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import com.google.gson.Strictness;
import com.google.gson.internal.LazilyParsedNumber;
import com.google.gson.stream.JsonReader;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a JSON tree as Gson's {@code JsonParser} does (leniently: comments and the like keep working),
 * but refuses a key given twice in one object: Gson keeps the last value silently, so a config with
 * two {@code "lr"} entries would train with whichever came last.
 */
final class JsonTree {
  private static final Pattern LINE = Pattern.compile("line (\\d+)");

  private JsonTree() {}

  static JsonElement read(Reader text, Path file) throws IOException {
    JsonReader in = new JsonReader(text);
    in.setStrictness(Strictness.LENIENT);
    JsonElement root = element(in, file);
    if (in.peek() != com.google.gson.stream.JsonToken.END_DOCUMENT) {
      throw new ConfigException(file + ":" + line(in) + ": text after the top-level JSON value");
    }
    return root;
  }

  private static JsonElement element(JsonReader in, Path file) throws IOException {
    switch (in.peek()) {
      case BEGIN_OBJECT -> {
        JsonObject o = new JsonObject();
        in.beginObject();
        while (in.hasNext()) {
          String name = in.nextName();
          if (o.has(name)) {
            throw new ConfigException(file + ":" + line(in) + ": key \"" + name + "\" appears twice in "
                + (in.getPath().lastIndexOf('.') > 0 ? in.getPath().substring(0, in.getPath().lastIndexOf('.')) : "the top-level object")
                + "; remove one (JSON would silently keep the last)");
          }
          o.add(name, element(in, file));
        }
        in.endObject();
        return o;
      }
      case BEGIN_ARRAY -> {
        JsonArray a = new JsonArray();
        in.beginArray();
        while (in.hasNext()) a.add(element(in, file));
        in.endArray();
        return a;
      }
      case STRING -> {
        return new JsonPrimitive(in.nextString());
      }
      case NUMBER -> {
        return new JsonPrimitive(new LazilyParsedNumber(in.nextString()));
      }
      case BOOLEAN -> {
        return new JsonPrimitive(in.nextBoolean());
      }
      case NULL -> {
        in.nextNull();
        return JsonNull.INSTANCE;
      }
      default -> throw new ConfigException(file + ":" + line(in) + ": expected a JSON value, found " + in.peek());
    }
  }

  /** JsonReader keeps its line to itself; its toString says "at line N column M". */
  private static String line(JsonReader in) {
    Matcher m = LINE.matcher(in.toString());
    return m.find() ? m.group(1) : "?";
  }
}
