package io.genrec.model.diffsasrec;

import com.google.gson.annotations.SerializedName;
import io.genrec.config.ConfigException;
import io.genrec.config.ModelConfig;
import io.genrec.config.Require;
import io.genrec.nn.ItemSequenceEncoder;

/**
 * DiffSASRec: SASRec's transformer trained bidirectionally as a masked-diffusion model over item
 * sequences (after LLaDA); it recommends by unmasking. The sequence width is {@code data.max_length},
 * the same key every model reads (the reference implementation's {@code maxlen}).
 *
 * @param name always "diffsasrec"
 * @param hidden model width (item embedding size)
 * @param numBlocks transformer blocks
 * @param numHeads attention heads; hidden must be divisible by it
 * @param dropout dropout on embeddings, attention and feed-forward
 * @param numRecs multi-step: mask tokens appended after the history, i.e. the length of the
 *     recommendation list (the history keeps max_length - num_recs items)
 * @param diffusionType single: one mask token after the history, top-K of its logits; multi:
 *     {@code num_recs} mask tokens unmasked step by step by confidence
 * @param threshold multi-step: starting confidence (probability) a prediction needs to be filled in
 * @param thresholdDecay multi-step: factor the threshold is multiplied by, as often as needed, when
 *     no masked position reaches it
 * @param sft supervised fine-tuning: only the last item of each training sequence is masked and
 *     predicted (next-item objective), instead of masking each item with probability t; start it from
 *     a pre-training run with {@code model.init_from} (any model's warm start)
 */
public record DiffSasRecConfig(
    String name,
    int hidden,
    int numBlocks,
    int numHeads,
    double dropout,
    int numRecs,
    DiffusionType diffusionType,
    double threshold,
    double thresholdDecay,
    boolean sft)
    implements ModelConfig {

  public enum DiffusionType {
    @SerializedName("single") SINGLE,
    @SerializedName("multi") MULTI
  }

  /** Reference settings: confidence threshold 0.9, lowered by a factor 0.9 at a time. */
  public static DiffSasRecConfig defaults() {
    return new DiffSasRecConfig("diffsasrec", 64, 2, 2, 0.2, 10, DiffusionType.SINGLE, 0.9, 0.9, false);
  }

  @Override
  public void validate(String p) {
    ItemSequenceEncoder.validate(p, hidden, numBlocks, numHeads, dropout);
    Require.positive(p + ".num_recs", numRecs);
    if (diffusionType == null) {
      throw new ConfigException(p + ".diffusion_type: must be \"single\" or \"multi\"");
    }
    if (!(threshold > 0 && threshold <= 1)) {
      throw new ConfigException(p + ".threshold = " + threshold + ": must be in (0, 1]");
    }
    if (!(thresholdDecay > 0 && thresholdDecay < 1)) {
      throw new ConfigException(p + ".threshold_decay = " + thresholdDecay + ": must be in (0, 1)");
    }
  }
}
