package io.genrec.embed;

import io.genrec.data.ItemRecord;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * Item text from metadata fields, e.g. {@code "{title} | {brand} | {categories}"}. Fields: {@code
 * id}, {@code title}, {@code brand}, {@code categories} (joined with ", "), {@code price}, and
 * from Amazon 2023 metadata {@code features} and {@code description} (joined with " "),
 * {@code details} ({@code "key: value"} joined with "; "). Write
 * {@code {{} and {@code }}} for literal braces.
 *
 * <p>Missing fields do not leave dangling separators: text between two placeholders is written
 * only when a field before it and the field after it are both non-empty, so {@code "A | | C"}
 * never appears. Runs of whitespace (titles may hold tabs and newlines) collapse to one space.
 */
public final class ItemTextTemplate {
  public static final List<String> FIELDS = List.of("id", "title", "brand", "categories", "price", "features", "description", "details");
  public static final String DEFAULT = "{title} | {brand} | {categories}";

  private final String text;
  private final List<String> literals; // literals.get(k) precedes fields.get(k); one more at the end
  private final List<String> fields;

  private ItemTextTemplate(String text, List<String> literals, List<String> fields) {
    this.text = text;
    this.literals = literals;
    this.fields = fields;
  }

  public static ItemTextTemplate defaultTemplate() {
    return parse(DEFAULT);
  }

  /** @throws IllegalArgumentException for an unknown field or an unbalanced brace, listing the fields */
  public static ItemTextTemplate parse(String text) {
    List<String> literals = new ArrayList<>();
    List<String> fields = new ArrayList<>();
    StringBuilder literal = new StringBuilder();
    int k = 0;
    while (k < text.length()) {
      char c = text.charAt(k);
      if (c == '{' && k + 1 < text.length() && text.charAt(k + 1) == '{') {
        literal.append('{');
        k += 2;
      } else if (c == '}' && k + 1 < text.length() && text.charAt(k + 1) == '}') {
        literal.append('}');
        k += 2;
      } else if (c == '{') {
        int close = text.indexOf('}', k);
        if (close < 0) throw error(text, "'{' at character " + (k + 1) + " is never closed");
        String field = text.substring(k + 1, close).strip();
        if (!FIELDS.contains(field)) throw error(text, "unknown field {" + field + "}");
        literals.add(literal.toString());
        literal.setLength(0);
        fields.add(field);
        k = close + 1;
      } else if (c == '}') {
        throw error(text, "'}' at character " + (k + 1) + " has no '{'");
      } else {
        literal.append(c);
        k++;
      }
    }
    literals.add(literal.toString());
    if (fields.isEmpty()) throw error(text, "no field");
    return new ItemTextTemplate(text, List.copyOf(literals), List.copyOf(fields));
  }

  private static IllegalArgumentException error(String text, String problem) {
    return new IllegalArgumentException(
        "item text template '" + text + "': " + problem + "; fields are "
            + String.join(", ", FIELDS.stream().map(f -> "{" + f + "}").toList()));
  }

  /** The template as written. */
  public String text() {
    return text;
  }

  /** The item's text; empty when every field it uses is empty. */
  public String render(ItemRecord item) {
    StringBuilder out = new StringBuilder(literals.get(0));
    boolean anyBefore = false;
    for (int f = 0; f < fields.size(); f++) {
      String value = value(item, fields.get(f));
      boolean present = !value.isBlank();
      if (f > 0 && anyBefore && present) out.append(literals.get(f));
      if (present) {
        out.append(value);
        anyBefore = true;
      }
    }
    out.append(literals.get(fields.size()));
    return out.toString().replaceAll("\\s+", " ").strip();
  }

  private static String value(ItemRecord item, String field) {
    return switch (field) {
      case "id" -> item.id();
      case "title" -> item.title();
      case "brand" -> item.brand();
      case "categories" -> String.join(", ", item.categories());
      case "price" ->
          item.price().isPresent()
              ? BigDecimal.valueOf(item.price().getAsDouble()).stripTrailingZeros().toPlainString()
              : "";
      case "features" -> String.join(" ", item.features());
      case "description" -> String.join(" ", item.description());
      case "details" -> String.join("; ",
          item.details().entrySet().stream().map(e -> e.getKey() + ": " + e.getValue()).toList());
      default -> throw new IllegalStateException("field " + field + " passed parse but has no value");
    };
  }

  @Override
  public String toString() {
    return text;
  }
}
