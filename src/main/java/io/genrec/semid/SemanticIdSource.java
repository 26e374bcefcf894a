package io.genrec.semid;

import com.google.gson.annotations.SerializedName;
import io.genrec.config.Require;

/**
 * Where semantic IDs come from.
 *
 * @param source file: read {@code path}; rq-kmeans: fit residual k-means on {@code embeddings}
 * @param path the ID file (source file)
 * @param format auto (by name: *.tsv = ours, index*.json = the TIGER re-implementation's, read
 *     through {@code derived/tiger_item_map.tsv} beside it, other *.json = LETTER's), tsv, tiger or
 *     letter
 * @param embeddings item embeddings .npy (source rq-kmeans)
 * @param embeddingRows original_id: row r belongs to the item whose original id is r (the shared
 *     {@code beauty_sasrec64_by_s3rec_id.npy}); dense: row i is dense item i (row 0 padding)
 * @param levels codebook levels of rq-kmeans (a collision level is added when IDs collide)
 * @param codebookSize codes per level of rq-kmeans
 * @param balanced balanced k-means assignment for rq-kmeans
 */
public record SemanticIdSource(
    Source source,
    String path,
    Format format,
    String embeddings,
    EmbeddingRows embeddingRows,
    int levels,
    int codebookSize,
    boolean balanced) {

  public enum Source {
    @SerializedName("file") FILE,
    @SerializedName("rq-kmeans") RQ_KMEANS
  }

  public enum Format {
    @SerializedName("auto") AUTO,
    @SerializedName("tsv") TSV,
    @SerializedName("tiger") TIGER,
    @SerializedName("letter") LETTER
  }

  public enum EmbeddingRows {
    @SerializedName("original_id") ORIGINAL_ID,
    @SerializedName("dense") DENSE
  }

  public static SemanticIdSource defaults() {
    return new SemanticIdSource(Source.FILE,
        "../shared/data/amazon2014-beauty-tiger-semantic-ids/index_rqvae.json", Format.AUTO, "",
        EmbeddingRows.ORIGINAL_ID, 3, 256, false);
  }

  /** IDs read from a {@code semantic_ids.tsv}. */
  public static SemanticIdSource file(String tsv) {
    SemanticIdSource d = defaults();
    return new SemanticIdSource(Source.FILE, tsv, Format.TSV, "", d.embeddingRows(), d.levels(), d.codebookSize(),
        d.balanced());
  }

  public void validate(String p) {
    if (source == Source.FILE) {
      Require.notBlank(p + ".path", path);
    } else {
      Require.notBlank(p + ".embeddings", embeddings);
      Require.positive(p + ".levels", levels);
      Require.inRange(p + ".codebook_size", codebookSize, 2, 1 << 16);
    }
  }
}
