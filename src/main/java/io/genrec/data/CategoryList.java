package io.genrec.data;

import java.util.ArrayList;
import java.util.List;

/**
 * Parses a category field as the metadata files write it: a Python-repr list such as
 * {@code 'Beauty', 'Makeup', "Women's"} (brackets optional, nested lists flattened), or plain
 * comma-separated names.
 */
final class CategoryList {
  private CategoryList() {}

  /** @throws IllegalArgumentException for an unterminated quoted name */
  static List<String> parse(String text) {
    List<String> names = new ArrayList<>();
    String trimmed = text.strip();
    if (trimmed.isEmpty()) return names;
    int k = skipSeparators(trimmed, 0);
    if (k < trimmed.length() && isQuote(trimmed.charAt(k))) {
      while (k < trimmed.length()) {
        char quote = trimmed.charAt(k);
        if (!isQuote(quote)) {
          throw new IllegalArgumentException(
              "unquoted text at character " + (k + 1) + " of a quoted category list");
        }
        StringBuilder name = new StringBuilder();
        k++;
        while (k < trimmed.length() && trimmed.charAt(k) != quote) {
          char c = trimmed.charAt(k);
          if (c == '\\' && k + 1 < trimmed.length()) c = trimmed.charAt(++k);
          name.append(c);
          k++;
        }
        if (k >= trimmed.length()) {
          throw new IllegalArgumentException("unterminated quoted category " + quote + name);
        }
        names.add(name.toString());
        k = skipSeparators(trimmed, k + 1);
      }
      return names;
    }
    for (String part : trimmed.replace("[", "").replace("]", "").split(",")) {
      String name = part.strip();
      if (!name.isEmpty()) names.add(name);
    }
    return names;
  }

  private static int skipSeparators(String text, int from) {
    int k = from;
    while (k < text.length()) {
      char c = text.charAt(k);
      if (c != ',' && c != '[' && c != ']' && !Character.isWhitespace(c)) break;
      k++;
    }
    return k;
  }

  private static boolean isQuote(char c) {
    return c == '\'' || c == '"';
  }
}
