package io.genrec.tokenize;

import io.genrec.embed.EmbeddingFile;
import io.genrec.embed.EmbeddingFusion;
import io.genrec.embed.EmbeddingSidecar;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * The item table a tokenize run codes: each embedding file checked against the dataset's items
 * ({@link EmbeddingFile}: shape, finite rows; the {@link EmbeddingSidecar}, when there is one:
 * item count and order), then fused into one when there are several (multimodal: text + image +
 * collaborative...).
 */
public final class ItemEmbeddings {
  private static final Logger LOG = LogManager.getLogger(ItemEmbeddings.class);

  private ItemEmbeddings() {}

  /**
   * @param itemIds original item ids in the dataset's dense order
   * @return {@code [itemIds.size() + 1][dim]}, row 0 zeros
   */
  public static float[][] load(List<Path> files, TokenizeConfig.Fusion fusion, int fusionDim, List<String> itemIds)
      throws IOException {
    if (files.isEmpty()) throw new IllegalArgumentException("no embedding files");
    List<float[][]> tables = new ArrayList<>();
    for (Path file : files) tables.add(load(file, itemIds));
    if (tables.size() == 1) return tables.get(0);
    float[][] fused = EmbeddingFusion.fuse(fusion.name().toLowerCase(Locale.ROOT), tables, fusionDim);
    LOG.info("fused {} tables by {} into width {}", tables.size(), fusion.name().toLowerCase(Locale.ROOT),
        fused[0].length);
    return fused;
  }

  /**
   * One table whose rows are the dataset's items in dense order, checked as {@link #load(List,
   * TokenizeConfig.Fusion, int, List)} checks each file.
   *
   * @return {@code [itemIds.size() + 1][dim]}, row 0 zeros
   */
  public static float[][] load(Path file, List<String> itemIds) throws IOException {
    Optional<EmbeddingSidecar> sidecar = EmbeddingSidecar.besides(file);
    if (sidecar.isPresent()) sidecar.get().checkItems(itemIds, file);
    float[][] table = EmbeddingFile.load(file, itemIds.size());
    LOG.info("item embeddings {}: {} items x {}{}", file, itemIds.size(), table[0].length,
        sidecar.map(s -> " (" + s.model() + ", template '" + s.template() + "')").orElse(""));
    return table;
  }

  /**
   * One quantizer over several datasets (VQ-Rec's pre-training codes): {@code files.get(s)} is the
   * table of {@code sources.get(s)} in that source's dense order (each {@code genrec embed} run over
   * one source), stacked in source order, which is the joined dataset's dense order.
   *
   * @return {@code [total items + 1][dim]}, row 0 zeros
   */
  public static float[][] perSource(List<Path> files, List<io.genrec.data.DataSource> sources) throws IOException {
    if (files.size() != sources.size()) {
      throw new IllegalArgumentException("data.sources lists " + sources.size() + " datasets, so items_embeddings"
          + " needs one table per source in the same order; got " + files.size());
    }
    int total = sources.stream().mapToInt(io.genrec.data.DataSource::itemCount).sum();
    float[][] joined = new float[total + 1][];
    int dim = -1;
    for (int s = 0; s < files.size(); s++) {
      io.genrec.data.DataSource source = sources.get(s);
      float[][] table = load(files.get(s), source.items().originals());
      if (dim < 0) dim = table[0].length;
      if (table[0].length != dim) {
        throw new IllegalArgumentException(files.get(s) + " has width " + table[0].length + ", the first source's "
            + files.get(0) + " has " + dim + ": one quantizer needs one embedding space");
      }
      System.arraycopy(table, 1, joined, source.firstItem(), source.itemCount());
    }
    joined[0] = new float[dim];
    return joined;
  }
}
