package io.genrec.data;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Parses the flat Python dict literals of string to string that pandas writes for a dict column,
 * e.g. {@code {'Brand': 'Shiny Leaf', 'Size': "Kid's"}}: keys and values quoted with ' or ",
 * backslash escapes. Anything else fails with {@link IllegalArgumentException} saying where.
 */
final class PythonDictLiteral {
  private final String text;
  private int at;

  private PythonDictLiteral(String text) {
    this.text = text;
  }

  /** The pairs in order; an empty or blank text is an empty map. */
  static Map<String, String> parse(String text) {
    Map<String, String> out = new LinkedHashMap<>();
    if (text.isBlank()) return out;
    PythonDictLiteral p = new PythonDictLiteral(text.strip());
    p.expect('{');
    p.space();
    if (p.peek() == '}') return out;
    while (true) {
      String key = p.string();
      p.space();
      p.expect(':');
      p.space();
      out.put(key, p.string());
      p.space();
      char c = p.next();
      if (c == '}') break;
      if (c != ',') throw p.error("',' or '}'");
      p.space();
    }
    if (p.at != p.text.length()) throw p.error("the end after '}'");
    return out;
  }

  private String string() {
    char quote = next();
    if (quote != '\'' && quote != '"') {
      at--;
      throw error("a quoted string");
    }
    StringBuilder sb = new StringBuilder();
    while (true) {
      char c = next();
      if (c == quote) return sb.toString();
      if (c == '\\') {
        char e = next();
        sb.append(switch (e) {
          case 'n' -> '\n';
          case 't' -> '\t';
          default -> e;
        });
      } else {
        sb.append(c);
      }
    }
  }

  private void space() {
    while (at < text.length() && Character.isWhitespace(text.charAt(at))) at++;
  }

  private char peek() {
    if (at >= text.length()) throw error("more text");
    return text.charAt(at);
  }

  private char next() {
    char c = peek();
    at++;
    return c;
  }

  private void expect(char c) {
    if (next() != c) {
      at--;
      throw error("'" + c + "'");
    }
  }

  private IllegalArgumentException error(String expected) {
    return new IllegalArgumentException("a Python dict literal with " + expected + " at character " + (at + 1));
  }
}
