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
 *     one; learned: during the first {@code reassign_epochs} epochs each sub-vector's code rows are
 *     re-mapped by a permutation learned through Gumbel-Sinkhorn with a straight-through hard
 *     bijection ({@link LearnedPermutation}), then written into the table once
 * @param reassignEpochs epochs during which {@code learned} learns its permutation (the code table
 *     itself held fixed), written into the table at the end of the last; random re-maps before the
 *     first batch whatever this says (its permutation learns nothing, so waiting would only spend
 *     epochs), none ignores it
 * @param sinkhornTemperature the Gumbel-Sinkhorn temperature (learned): lower is closer to a hard
 *     permutation but gives sharper gradients; 0.7 as the released code
 * @param sinkhornIterations row-then-column normalisations of the Sinkhorn operator (learned); 3 as
 *     the released code
 * @param bucketByLength training rows of similar history length share a batch (sorted inside
 *     windows of 64 batches, the batches shuffled), and every batch is cut to its own longest
 *     history: VQ-Rec's rows are every prefix of every sequence, most a few items long, so at width
 *     50 most of a step is padding. It changes which targets meet in a batch (pre-training's in-batch
 *     negatives), so false by default, as the released code batches
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
    Permutation permutation,
    int reassignEpochs,
    double sinkhornTemperature,
    int sinkhornIterations,
    boolean bucketByLength)
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
        0.75, Permutation.NONE, 5, 0.7, 3, false);
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
    if (permutation == null) throw new ConfigException(p + ".permutation: expected none, random or learned");
    if (permutation == Permutation.LEARNED && objective == Objective.PRETRAIN) {
      throw new ConfigException(p + ".permutation: learned re-maps a pre-trained code table for fine-tuning;"
          + " it needs objective finetune, not pretrain");
    }
    Require.inRange(p + ".reassign_epochs", reassignEpochs, 1, 1000);
    Require.positive(p + ".sinkhorn_temperature", sinkhornTemperature);
    Require.inRange(p + ".sinkhorn_iterations", sinkhornIterations, 1, 100);
  }
}
