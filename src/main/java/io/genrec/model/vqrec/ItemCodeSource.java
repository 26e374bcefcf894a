package io.genrec.model.vqrec;

import com.google.gson.annotations.SerializedName;
import io.genrec.config.ConfigException;
import io.genrec.config.Require;

/**
 * Where VQ-Rec reads each item's D codes ({@code model.codes}).
 *
 * @param path the codes file (default: {@link #RELEASED_SCIENTIFIC})
 * @param format auto: by the header line ({@code item_index\tasin\tc0...} = released, anything else
 *     ours); tsv: our {@code semantic_ids.tsv} ({@code <original id>\t<c1> <c2> ...}) as {@code genrec
 *     tokenize} writes it; released: VQ-Rec's derived {@code Scientific.pqcodes.tsv}, keyed by its
 *     {@code item_index} column (the original ids of the UniSRec files), {@code -1} = no code; faiss:
 *     VQ-Rec's released faiss index file itself ({@link io.genrec.tokenize.FaissIvfPqIndex}), whose
 *     row r holds the codes of the r-th smallest item index occurring in {@code train_file}; auto
 *     recognises it by its first bytes
 * @param trainFile faiss only: the RecBole {@code .train.inter} file the index was filled from
 *     (VQ-Rec's "strict" indexes hold exactly the items occurring there, in ascending index order);
 *     items not in it have no codes, as the released TSV's -1 rows
 */
public record ItemCodeSource(String path, Format format, String trainFile) {

  public enum Format {
    @SerializedName("auto") AUTO,
    @SerializedName("tsv") TSV,
    @SerializedName("released") RELEASED,
    @SerializedName("faiss") FAISS
  }

  public ItemCodeSource {
    trainFile = trainFile == null ? "" : trainFile;
  }

  /** The released Scientific codes, the one codes file in ../shared/data (a model resolves from its name alone). */
  public static final String RELEASED_SCIENTIFIC = "../shared/data/vqrec-scientific-codes/derived/Scientific.pqcodes.tsv";

  public static ItemCodeSource defaults() {
    return new ItemCodeSource(RELEASED_SCIENTIFIC, Format.AUTO, "");
  }

  public void validate(String p) {
    Require.notBlank(p + ".path", path);
    if (format == null) throw new ConfigException(p + ".format: expected auto, tsv, released or faiss");
    if (format == Format.FAISS && trainFile.isBlank()) {
      throw new ConfigException(p + ".train_file: is required with format faiss (the .train.inter file the index"
          + " was filled from, e.g. ../shared/data/unisrec-scientific/Scientific.train.inter)");
    }
    if (!trainFile.isBlank() && format != Format.FAISS && format != Format.AUTO) {
      throw new ConfigException(p + ".train_file: is read only with format faiss (or auto on a faiss index), not "
          + format.name().toLowerCase(java.util.Locale.ROOT));
    }
  }
}
