package io.genrec.data;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * What is known about one catalog item; the text fields feed content embeddings and semantic-ID
 * tokenizers.
 *
 * @param id the original item id, as in the interaction files (not the dense index)
 * @param title empty when unknown
 * @param brand empty when unknown
 * @param categories the category path(s), broadest first; empty when unknown
 * @param price empty when unknown
 * @param features bullet points (Amazon 2023 {@code features}); empty when unknown
 * @param description paragraphs (Amazon 2023 {@code description}); empty when unknown
 * @param details attribute / value pairs (Amazon 2023 {@code details}) in file order, values as
 *     text; empty when unknown
 */
public record ItemRecord(
    String id, String title, String brand, List<String> categories, OptionalDouble price,
    List<String> features, List<String> description, Map<String, String> details) {
  /** A record with only the fields every metadata format has. */
  public ItemRecord(String id, String title, String brand, List<String> categories, OptionalDouble price) {
    this(id, title, brand, categories, price, List.of(), List.of(), Map.of());
  }

  public ItemRecord {
    Objects.requireNonNull(id, "id");
    title = title == null ? "" : title;
    brand = brand == null ? "" : brand;
    categories = categories == null ? List.of() : List.copyOf(categories);
    price = price == null ? OptionalDouble.empty() : price;
    features = features == null ? List.of() : List.copyOf(features);
    description = description == null ? List.of() : List.copyOf(description);
    // Copied in order: details render as text in file order.
    details = details == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(details));
  }
}
