package io.genrec.embed;

import com.google.gson.JsonParseException;
import io.genrec.config.ConfigReader;
import io.genrec.data.AtomicFile;
import io.genrec.data.DataFormatException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The JSON file beside an embedding table ({@code x.npy} → {@code x.json}): how it was made and
 * which items its rows hold. The first item ids let a later step catch a table whose rows follow
 * another item order (e.g. the metadata's instead of the dataset's) before it silently gives every
 * item another item's semantic ID.
 *
 * @param model text encoder name
 * @param template item text template
 * @param items item rows (padding excluded)
 * @param metadata the metadata file the texts came from
 * @param itemOrder where the row order came from, in words
 * @param firstItemIds original ids of rows 1, 2, ... (at most {@link #FIRST_IDS}); null in
 *     sidecars written before it existed
 * @param rows what the rows are
 */
public record EmbeddingSidecar(
    String model,
    String template,
    int items,
    int dim,
    double seconds,
    String metadata,
    String itemOrder,
    List<String> firstItemIds,
    String rows) {
  public static final int FIRST_IDS = 10;
  static final String ROWS = "row 0 is zero padding; row i is the item with dense index i";

  public static EmbeddingSidecar of(
      String model, String template, List<String> itemOrder, int dim, double seconds, Path metadata, String orderSource) {
    return new EmbeddingSidecar(
        model, template, itemOrder.size(), dim, seconds, String.valueOf(metadata), orderSource,
        List.copyOf(itemOrder.subList(0, Math.min(FIRST_IDS, itemOrder.size()))), ROWS);
  }

  /** {@code dir/x.npy} → {@code dir/x.json}. */
  public static Path fileOf(Path npy) {
    String name = npy.getFileName().toString();
    String stem = name.endsWith(".npy") ? name.substring(0, name.length() - 4) : name;
    return npy.resolveSibling(stem + ".json");
  }

  public void write(Path file) throws IOException {
    AtomicFile.writeText(file, ConfigReader.gson().toJson(this) + "\n");
  }

  /** The sidecar beside {@code npy}; empty when there is none (user-supplied tables need not have one). */
  public static Optional<EmbeddingSidecar> besides(Path npy) throws IOException {
    Path file = fileOf(npy);
    if (!Files.isRegularFile(file)) return Optional.empty();
    try {
      EmbeddingSidecar sidecar = ConfigReader.gson().fromJson(Files.readString(file, StandardCharsets.UTF_8),
          EmbeddingSidecar.class);
      if (sidecar == null) throw new JsonParseException("empty file");
      return Optional.of(sidecar);
    } catch (JsonParseException e) {
      throw new DataFormatException(file, 0, "malformed JSON (" + e.getMessage() + ")", "an embedding sidecar", e);
    }
  }

  /**
   * Fails when the table was made for other items than {@code itemIds} (dense order): another
   * count, or other first ids.
   */
  public void checkItems(List<String> itemIds, Path npy) {
    if (items != itemIds.size()) {
      throw new IllegalArgumentException(
          npy + " holds " + items + " items (" + fileOf(npy).getFileName() + "), the dataset " + itemIds.size());
    }
    if (firstItemIds == null) return;
    List<String> expected = itemIds.subList(0, Math.min(firstItemIds.size(), itemIds.size()));
    if (!expected.equals(firstItemIds)) {
      throw new IllegalArgumentException(
          npy + ": rows follow " + itemOrder + " (first items " + firstItemIds + "), but the dataset's dense order "
              + "starts " + expected + "; re-run genrec embed with --data pointing at the dataset");
    }
  }
}
