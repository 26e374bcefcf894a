package io.genrec.tokenize;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A tokenizer's parameters as given by a config or the command line: numbers, booleans or their
 * text. Unknown keys fail at once, listing the known ones, so a typo never silently falls back to a
 * default.
 */
public final class TokenizerParams {
  private final String tokenizer;
  private final Map<String, ?> values;

  TokenizerParams(String tokenizer, Map<String, ?> values, Set<String> known) {
    this.tokenizer = tokenizer;
    this.values = Map.copyOf(values);
    for (String key : values.keySet()) {
      if (!known.contains(key)) {
        throw new IllegalArgumentException(
            "tokenizer " + tokenizer + ": unknown parameter '" + key + "'; known: "
                + String.join(", ", new TreeSet<>(known)));
      }
    }
  }

  int intValue(String key, int fallback) {
    Object value = values.get(key);
    if (value == null) return fallback;
    String text = value.toString().strip();
    try {
      if (value instanceof Number number) {
        double d = number.doubleValue();
        if (d != Math.rint(d) || Math.abs(d) > Integer.MAX_VALUE) throw new NumberFormatException();
        return (int) d;
      }
      return Integer.parseInt(text);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "tokenizer " + tokenizer + ": parameter '" + key + "' must be an integer, got '" + text + "'", e);
    }
  }

  double doubleValue(String key, double fallback) {
    Object value = values.get(key);
    if (value == null) return fallback;
    String text = value.toString().strip();
    try {
      double d = value instanceof Number number ? number.doubleValue() : Double.parseDouble(text);
      if (!Double.isFinite(d)) throw new NumberFormatException();
      return d;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "tokenizer " + tokenizer + ": parameter '" + key + "' must be a finite number, got '" + text + "'", e);
    }
  }

  /** A list of integers: a JSON list, or text such as {@code "512,256,128"} from the command line. */
  int[] intList(String key, int[] fallback) {
    Object value = values.get(key);
    if (value == null) return fallback.clone();
    List<?> items;
    if (value instanceof List<?> list) {
      items = list;
    } else {
      String text = value.toString().strip();
      if (text.startsWith("[") && text.endsWith("]")) text = text.substring(1, text.length() - 1);
      items = text.isBlank() ? List.of() : Arrays.asList(text.split(","));
    }
    int[] out = new int[items.size()];
    for (int i = 0; i < out.length; i++) {
      Object item = items.get(i);
      String text = String.valueOf(item).strip();
      try {
        double d = item instanceof Number number ? number.doubleValue() : Double.parseDouble(text);
        if (d != Math.rint(d) || Math.abs(d) > Integer.MAX_VALUE) throw new NumberFormatException();
        out[i] = (int) d;
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(
            "tokenizer " + tokenizer + ": parameter '" + key + "' must be a list of integers, got '"
                + value + "'", e);
      }
    }
    return out;
  }

  boolean booleanValue(String key, boolean fallback) {
    Object value = values.get(key);
    if (value == null) return fallback;
    if (value instanceof Boolean flag) return flag;
    String text = value.toString().strip();
    if (text.equalsIgnoreCase("true")) return true;
    if (text.equalsIgnoreCase("false")) return false;
    throw new IllegalArgumentException(
        "tokenizer " + tokenizer + ": parameter '" + key + "' must be true or false, got '" + text + "'");
  }
}
