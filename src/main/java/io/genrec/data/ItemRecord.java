package io.genrec.data;

import java.util.List;
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
 */
public record ItemRecord(
    String id, String title, String brand, List<String> categories, OptionalDouble price) {
  public ItemRecord {
    Objects.requireNonNull(id, "id");
    title = title == null ? "" : title;
    brand = brand == null ? "" : brand;
    categories = categories == null ? List.of() : List.copyOf(categories);
    price = price == null ? OptionalDouble.empty() : price;
  }
}
