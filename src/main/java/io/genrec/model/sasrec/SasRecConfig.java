package io.genrec.model.sasrec;

import com.google.gson.annotations.SerializedName;
import io.genrec.config.ModelConfig;
import io.genrec.nn.ItemSequenceEncoder;

/**
 * SASRec (Kang &amp; McAuley 2018): causal self-attention over the item history.
 *
 * @param name always "sasrec"
 * @param hidden model width (item embedding size)
 * @param numBlocks transformer blocks
 * @param numHeads attention heads; hidden must be divisible by it
 * @param dropout dropout on embeddings, attention and feed-forward
 * @param loss softmax: cross-entropy over the whole catalog; bce: the original loss with one sampled
 *     negative per position
 * @param norm pre: LayerNorm before each sub-layer (the original SASRec code); post: after
 * @param activation feed-forward activation
 * @param bucketByLength training batches hold users of similar history length and are cut to their
 *     longest history (off by default: it changes which users share a batch). On short-history data
 *     the encoder otherwise runs mostly on padding: Scientific averages 5 training items of 50.
 */
public record SasRecConfig(
    String name,
    int hidden,
    int numBlocks,
    int numHeads,
    double dropout,
    Loss loss,
    Norm norm,
    Activation activation,
    boolean bucketByLength)
    implements ModelConfig {

  public enum Loss {
    @SerializedName("softmax") SOFTMAX,
    @SerializedName("bce") BCE
  }

  public enum Norm {
    @SerializedName("pre") PRE,
    @SerializedName("post") POST
  }

  public enum Activation {
    @SerializedName("relu") RELU,
    @SerializedName("gelu") GELU
  }

  public static SasRecConfig defaults() {
    return new SasRecConfig("sasrec", 64, 2, 2, 0.2, Loss.SOFTMAX, Norm.PRE, Activation.GELU, false);
  }

  @Override
  public void validate(String p) {
    ItemSequenceEncoder.validate(p, hidden, numBlocks, numHeads, dropout);
  }
}
