package io.genrec.semid;

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
 * The JSON file beside a {@code semantic_ids.tsv} that a run keeps ({@code x.tsv} → {@code x.json}):
 * the codebook size of every level. The TSV alone gives only the codes that are used; a model's token
 * layout (and so its checkpoint) follows the codebook sizes, which may be larger (a k-means code no
 * item took), so reading the IDs back must not derive them from the codes.
 *
 * @param codebookSizes codes per level, the collision level included
 * @param items items with an ID
 * @param source where the IDs came from, in words
 */
public record SemanticIdLayout(List<Integer> codebookSizes, int items, String source) {

  /** {@code dir/x.tsv} → {@code dir/x.json}. */
  public static Path fileOf(Path tsv) {
    String name = tsv.getFileName().toString();
    String stem = name.endsWith(".tsv") ? name.substring(0, name.length() - 4) : name;
    return tsv.resolveSibling(stem + ".json");
  }

  public void write(Path file) throws IOException {
    byte[] bytes = (ConfigReader.gson().toJson(this) + "\n").getBytes(StandardCharsets.UTF_8);
    AtomicFile.write(file, out -> out.write(bytes));
  }

  /** The layout beside {@code tsv}; empty when there is none (ID files from elsewhere need not have one). */
  public static Optional<SemanticIdLayout> besides(Path tsv) throws IOException {
    Path file = fileOf(tsv);
    if (!Files.isRegularFile(file)) return Optional.empty();
    SemanticIdLayout layout;
    try {
      layout = ConfigReader.gson().fromJson(Files.readString(file, StandardCharsets.UTF_8), SemanticIdLayout.class);
    } catch (JsonParseException e) {
      throw new DataFormatException(file, 0, "malformed JSON (" + e.getMessage() + ")", "a semantic-ID layout", e);
    }
    if (layout == null || layout.codebookSizes() == null || layout.codebookSizes().isEmpty()
        || layout.codebookSizes().stream().anyMatch(size -> size == null || size < 1)) {
      throw new DataFormatException(file, 0, "no valid codebook_sizes", "a positive codebook size per level");
    }
    return Optional.of(layout);
  }

  /** The codebook sizes as an array. */
  public int[] sizes() {
    return codebookSizes.stream().mapToInt(Integer::intValue).toArray();
  }
}
