package io.genrec.model.vqrec;

import com.google.gson.annotations.SerializedName;
import io.genrec.config.ConfigException;
import io.genrec.config.ModelConfig;
import io.genrec.config.Require;
import io.genrec.nn.ItemSequenceEncoder;

/**
 * VQ-Rec (Hou et al., TheWebConf 2023): items only through the discrete codes of their text, so a
 * model pre-trained on some domains transfers to another. Defaults are the paper's sizes.
 *
 * @param name always "vqrec"
 * @param hidden width of code embeddings and of the encoder
 * @param numBlocks transformer blocks
 * @param numHeads attention heads; hidden must be divisible by it
 * @param ffDim inner width of each feed-forward
 * @param dropout dropout on the input, attention and feed-forward
 * @param temperature τ: training logits are cosines divided by it (ranking uses the cosines)
 * @param codebookSize K, codes per sub-vector; D (sub-vectors) comes from the codes file
 * @param codes the items' codes
 * @param objective finetune: cross-entropy over every item of the catalog (fine-tuning, and training
 *     from scratch); pretrain: in-batch softmax over the batch's targets plus one semi-synthetic
 *     negative per row, duplicate targets removed (see {@link InBatchSoftmax})
 * @param fakeCodeRate ρ: the chance that a semi-synthetic negative's code differs from its
 *     target's, per sub-vector (pretrain)
 * @param permutation none: codes keep their rows; random: at the start of a fresh fit (after
 *     {@code model.init_from}), each sub-vector's code rows are re-mapped by a seeded random bijection
 *     ({@link CodePermutation}), for fine-tuning on a domain whose quantizer is not the pre-training
 *     one; learned (Gumbel-Sinkhorn with a straight-through estimator) is not implemented yet
 */
public record VqRecConfig(
    String name,
    int hidden,
    int numBlocks,
    int numHeads,
    int ffDim,
    double dropout,
    double temperature,
    int codebookSize,
    ItemCodeSource codes,
    Objective objective,
    double fakeCodeRate,
    Permutation permutation)
    implements ModelConfig {

  public enum Permutation {
    @SerializedName("none") NONE,
    @SerializedName("random") RANDOM,
    @SerializedName("learned") LEARNED
  }

  public enum Objective {
    @SerializedName("finetune") FINETUNE,
    @SerializedName("pretrain") PRETRAIN
  }

  public static VqRecConfig defaults() {
    return new VqRecConfig("vqrec", 300, 2, 2, 256, 0.5, 0.07, 256, ItemCodeSource.defaults(), Objective.FINETUNE,
        0.75, Permutation.NONE);
  }

  @Override
  public void validate(String p) {
    ItemSequenceEncoder.validate(p, hidden, numBlocks, numHeads, dropout);
    Require.positive(p + ".ff_dim", ffDim);
    Require.positive(p + ".temperature", temperature);
    Require.inRange(p + ".codebook_size", codebookSize, 1, 1 << 16);
    if (codes == null) throw new ConfigException(p + ".codes: is required ({\"path\": \"semantic_ids.tsv\"})");
    codes.validate(p + ".codes");
    if (objective == null) throw new ConfigException(p + ".objective: expected finetune or pretrain");
    Require.inRange(p + ".fake_code_rate", fakeCodeRate, 0, 1);
    if (permutation == null) throw new ConfigException(p + ".permutation: expected none or random");
    if (permutation == Permutation.LEARNED) {
      throw new ConfigException(p + ".permutation: learned (Gumbel-Sinkhorn) is not implemented yet; use random"
          + " (what the released code effectively does) or none");
    }
  }
}
