package io.genrec.embed;

import io.genrec.data.ItemMetadata;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * How an embedding table's rows were made from item text (the text encoder and the template its
 * {@link EmbeddingSidecar} records), so items added later can be embedded the same way and land in
 * the same space as the table's.
 *
 * @param model the text encoder's name
 * @param template the item text template
 */
public record ItemTextEncoding(String model, String template) {

  /**
   * The encoding {@code table} was made with.
   *
   * @throws IllegalArgumentException naming the table when it has no sidecar that says
   */
  public static ItemTextEncoding of(Path table) throws IOException {
    Optional<EmbeddingSidecar> sidecar = EmbeddingSidecar.besides(table);
    if (sidecar.isEmpty() || sidecar.get().model() == null || sidecar.get().template() == null) {
      throw new IllegalArgumentException(table + ": no " + EmbeddingSidecar.fileOf(table).getFileName()
          + " naming the text encoder and template it was made with (genrec embed writes one), so new items'"
          + " text cannot be embedded the same way");
    }
    return new ItemTextEncoding(sidecar.get().model(), sidecar.get().template());
  }

  /**
   * The items' embeddings, {@code [itemIds.size()][dim]} (no padding row).
   *
   * @param encoders opens the text encoder by name
   */
  public float[][] embed(ItemMetadata metadata, List<String> itemIds, Function<String, TextEncoder> encoders) {
    ItemTextTemplate parsed = ItemTextTemplate.parse(template);
    try (TextEncoder encoder = encoders.apply(model)) {
      float[][] table = ItemEmbedder.embed(metadata, itemIds, parsed, encoder);
      return Arrays.copyOfRange(table, 1, table.length);
    }
  }

  @Override
  public String toString() {
    return model + " with template '" + template + "'";
  }
}
