package io.genrec.data;

import java.util.Locale;
import java.util.OptionalDouble;

/** Field names and value parsing shared by the item metadata readers. */
final class ItemFields {
  static final String TITLE = "title";
  static final String BRAND = "brand";
  static final String CATEGORIES = "categories";
  static final String CATEGORY = "category";
  static final String PRICE = "price";

  private ItemFields() {}

  /** Header name without a RecBole {@code :type} suffix, lower case. */
  static String normalize(String header) {
    String name = header.strip();
    int colon = name.indexOf(':');
    if (colon > 0) name = name.substring(0, colon);
    return name.toLowerCase(Locale.ROOT);
  }

  /**
   * Empty, {@code nan} and {@code null} mean unknown; a leading {@code $} (Amazon 2018) is
   * allowed.
   *
   * @throws NumberFormatException for anything else that is not a number
   */
  static OptionalDouble price(String text) {
    String value = text.strip();
    if (value.isEmpty() || value.equalsIgnoreCase("nan") || value.equalsIgnoreCase("null")) {
      return OptionalDouble.empty();
    }
    if (value.startsWith("$")) value = value.substring(1).replace(",", "");
    return OptionalDouble.of(Double.parseDouble(value));
  }
}
