package io.genrec.config;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import com.google.gson.JsonSyntaxException;
import java.util.List;

/** {@code --set a.b=value} overrides: the value is read as JSON when it parses, else as a string. */
public final class Overrides {
  private Overrides() {}

  public record Override(String path, JsonElement value) {}

  public static Override parse(String assignment) {
    int eq = assignment.indexOf('=');
    if (eq <= 0) {
      throw new ConfigException(
          "--set " + assignment + ": expected KEY.PATH=VALUE, e.g. --set train.lr=0.0005");
    }
    String path = assignment.substring(0, eq).trim();
    String raw = assignment.substring(eq + 1);
    return new Override(path, parseValue(raw));
  }

  static JsonElement parseValue(String raw) {
    try {
      JsonElement v = JsonParser.parseString(raw);
      // "abc def" parses leniently as the string "abc"; keep the user's text whole instead.
      if (v.isJsonPrimitive() && v.getAsJsonPrimitive().isString() && !raw.trim().startsWith("\"")) {
        return new JsonPrimitive(raw);
      }
      return v.isJsonNull() && !raw.trim().equals("null") ? new JsonPrimitive(raw) : v;
    } catch (JsonSyntaxException e) {
      return new JsonPrimitive(raw);
    }
  }

  /** Sets {@code path} (dot-separated) in {@code root}, creating intermediate objects. */
  public static void apply(JsonObject root, String path, JsonElement value) {
    String[] parts = path.split("\\.");
    JsonObject node = root;
    for (int i = 0; i < parts.length - 1; i++) {
      if (parts[i].isEmpty()) throw new ConfigException("--set " + path + ": empty key segment");
      JsonElement child = node.get(parts[i]);
      if (child == null || child.isJsonNull()) {
        child = new JsonObject();
        node.add(parts[i], child);
      } else if (!child.isJsonObject()) {
        throw new ConfigException(
            "--set " + path + ": " + String.join(".", List.of(parts).subList(0, i + 1))
                + " is not a section, it holds " + child);
      }
      node = child.getAsJsonObject();
    }
    node.add(parts[parts.length - 1], value.deepCopy());
  }

  public static void applyAll(JsonObject root, List<Override> overrides) {
    for (Override o : overrides) apply(root, o.path(), o.value());
  }
}
