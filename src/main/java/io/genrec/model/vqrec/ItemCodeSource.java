package io.genrec.model.vqrec;

import com.google.gson.annotations.SerializedName;
import io.genrec.config.Require;

/**
 * Where VQ-Rec reads each item's D codes ({@code model.codes}).
 *
 * @param path the codes file (default: {@link #RELEASED_SCIENTIFIC})
 * @param format auto: by the header line ({@code item_index\tasin\tc0...} = released, anything else
 *     ours); tsv: our {@code semantic_ids.tsv} ({@code <original id>\t<c1> <c2> ...}) as {@code genrec
 *     tokenize} writes it; released: VQ-Rec's derived {@code Scientific.pqcodes.tsv}, keyed by its
 *     {@code item_index} column (the original ids of the UniSRec files), {@code -1} = no code
 */
public record ItemCodeSource(String path, Format format) {

  public enum Format {
    @SerializedName("auto") AUTO,
    @SerializedName("tsv") TSV,
    @SerializedName("released") RELEASED
  }

  /** The released Scientific codes, the one codes file in ../shared/data (a model resolves from its name alone). */
  public static final String RELEASED_SCIENTIFIC = "../shared/data/vqrec-scientific-codes/derived/Scientific.pqcodes.tsv";

  public static ItemCodeSource defaults() {
    return new ItemCodeSource(RELEASED_SCIENTIFIC, Format.AUTO);
  }

  public void validate(String p) {
    Require.notBlank(p + ".path", path);
    if (format == null) throw new io.genrec.config.ConfigException(p + ".format: expected auto, tsv or released");
  }
}
