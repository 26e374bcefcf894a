package io.genrec.embed;

import io.genrec.data.ItemMetadata;
import io.genrec.data.ItemRecord;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * Content embeddings for a dataset's items, the body of {@code genrec embed}: render each item's
 * metadata with a template, encode the texts, and write a float32 {@code .npy} of shape
 * {@code [numItems + 1, dim]} (row 0 zero padding, row {@code i} the item {@code itemOrder.get(i -
 * 1)}) with a JSON sidecar beside it ({@code x.npy} → {@code x.json}, an {@link EmbeddingSidecar}:
 * model, template, items, dim, seconds, metadata file, item order and first item ids).
 *
 * <p>Every item must have metadata and a non-blank text; otherwise the run fails before encoding
 * and names the items. A silent zero or placeholder row would give those items a shared, arbitrary
 * semantic ID; choosing a template with a field every item has ({@code {categories}} on Amazon
 * data, or {@code {id}}) is the explicit way out.
 */
public final class ItemEmbedder {
  private static final Logger LOG = LogManager.getLogger(ItemEmbedder.class);

  /** @param embeddings {@code [numItems + 1][dim]}, row 0 zeros */
  public record Result(float[][] embeddings, Path file, Path sidecar, double seconds) {}

  private ItemEmbedder() {}

  /** Loads the metadata and uses the default encoder, closing it afterwards. */
  public static Result run(Path metadataFile, List<String> itemOrder, String template, Path out)
      throws IOException {
    ItemMetadata metadata = ItemMetadata.load(metadataFile);
    try (TextEncoder encoder = TextEncoders.open()) {
      return run(metadata, itemOrder, ItemTextTemplate.parse(template), encoder, out);
    }
  }

  public static Result run(
      ItemMetadata metadata, List<String> itemOrder, ItemTextTemplate template, TextEncoder encoder, Path out)
      throws IOException {
    return run(metadata, itemOrder, template, encoder, out, "the given item list");
  }

  /** @param orderSource where {@code itemOrder} came from, in words, for the sidecar */
  public static Result run(
      ItemMetadata metadata, List<String> itemOrder, ItemTextTemplate template, TextEncoder encoder, Path out,
      String orderSource) throws IOException {
    long start = System.nanoTime();
    float[][] table = embed(metadata, itemOrder, template, encoder);
    double seconds = (System.nanoTime() - start) / 1e9;
    EmbeddingFile.write(out, table);
    Path sidecar = sidecarOf(out);
    EmbeddingSidecar.of(encoder.name(), template.text(), itemOrder, encoder.dim(), seconds, metadata.source(), orderSource)
        .write(sidecar);
    LOG.info("embedded {} items with {} in {} s -> {}", itemOrder.size(), encoder.name(),
        String.format(java.util.Locale.ROOT, "%.1f", seconds), out);
    return new Result(table, out, sidecar, seconds);
  }

  /** The encoded table without writing anything: {@code [itemOrder.size() + 1][dim]}, row 0 zeros. */
  public static float[][] embed(
      ItemMetadata metadata, List<String> itemOrder, ItemTextTemplate template, TextEncoder encoder) {
    List<String> texts = texts(metadata, itemOrder, template);
    float[][] vectors = encoder.encode(texts);
    float[][] table = new float[itemOrder.size() + 1][];
    table[0] = new float[encoder.dim()];
    System.arraycopy(vectors, 0, table, 1, vectors.length);
    return table;
  }

  /**
   * The rendered text of each item, in order.
   *
   * @throws IllegalArgumentException when items lack metadata or render to blank text, naming the
   *     first few and their count
   */
  public static List<String> texts(ItemMetadata metadata, List<String> itemOrder, ItemTextTemplate template) {
    if (itemOrder.isEmpty()) throw new IllegalArgumentException("no items to embed");
    List<String> texts = new ArrayList<>(itemOrder.size());
    List<String> missing = new ArrayList<>();
    List<String> blank = new ArrayList<>();
    for (String id : itemOrder) {
      Optional<ItemRecord> record = metadata.get(id);
      if (record.isEmpty()) {
        missing.add(id);
        continue;
      }
      String text = template.render(record.get());
      if (text.isBlank()) blank.add(id);
      texts.add(text);
    }
    if (!missing.isEmpty()) {
      throw new IllegalArgumentException(
          metadata.source() + ": " + missing.size() + " of " + itemOrder.size()
              + " items have no metadata, e.g. " + first(missing));
    }
    if (!blank.isEmpty()) {
      throw new IllegalArgumentException(
          "template '" + template.text() + "' gives blank text for " + blank.size() + " of "
              + itemOrder.size() + " items, e.g. " + first(blank)
              + "; add a field every item has, such as {categories} or {id}");
    }
    return texts;
  }

  /** {@code dir/x.npy} → {@code dir/x.json}. */
  public static Path sidecarOf(Path npy) {
    return EmbeddingSidecar.fileOf(npy);
  }

  private static String first(List<String> ids) {
    return String.join(", ", ids.subList(0, Math.min(5, ids.size())));
  }
}
