package io.genrec.model.diger;

import com.google.gson.annotations.SerializedName;
import io.genrec.config.ConfigException;
import io.genrec.config.ModelConfig;
import io.genrec.config.Require;
import io.genrec.config.RunConfig;
import io.genrec.model.tiger.TigerConfig;
import io.genrec.semid.BeamCutoffs;

/**
 * DIGER (Fu et al., SIGIR 2026, "Differentiable Semantic ID for Generative Recommendation"): TIGER's
 * encoder-decoder whose input and target codes come from an RQ-VAE inside the same graph, so the
 * recommendation loss trains the tokenizer too. Defaults follow the reference scripts
 * ({@code ../shared/notes/diger.md}).
 *
 * <p>Learning rates by parameter group ({@code train.param_groups}): the tokenizer's trained weights
 * are group {@code tokenizer} (the reference: lr_multiplier 0.01, i.e. 1e-5 beside 1e-3), SDUD's σ
 * group {@code sigma}; the recommender is group {@code default}. Without groups all train at train.lr.
 *
 * @param name always "diger"
 * @param itemEmbeddings the frozen item-embedding .npy the tokenizer reads (row i = dense item i,
 *     as {@code genrec tokenize} reads it; default: configs/beauty/tokenize-rqvae.json's input)
 * @param tokenizerInit output directory of a {@code genrec tokenize} RQ-VAE run: the start of the
 *     in-graph tokenizer (its encoder and codebooks; the decoder is not used; default:
 *     configs/beauty/tokenize-rqvae.json's output)
 * @param assignment how a code is chosen during training: frozen (the tokenizer's codes, never
 *     trained: the two-stage TIGER baseline), ste (nearest code, gradient through softmax(−d/τ)),
 *     gumbel (Gumbel noise at scale 1 on every item), frqud (noise only for items whose level-0 code
 *     is over-used), sdud (noise scaled by a learned σ per level)
 * @param recCodes which codes the recommender reads and is scored against in training (every mode
 *     but frozen): {@code table} (default) the catalog's current IDs, refreshed every validation,
 *     as the released code labels them, with the gradient still reaching the tokenizer through the
 *     soft assignment (indicator = one-hot(table code) + y − sg(y)); {@code assigned} this step's
 *     (noisy) assignment itself. Gumbel noise at scale 1 over logits centred in [−1, 1] draws a code
 *     almost uniformly from 256, so under {@code assigned} the recommender's labels are close to
 *     random until σ decays: on Beauty SDUD reached valid NDCG@10 0.0030 after 6 epochs, where the
 *     frozen IDs give 0.019 after 2
 * @param gumbelTau softmax temperature of the soft assignment (shapes the gradient only)
 * @param sinkhornEpsilon > 0 assigns codes by Sinkhorn-balanced transport over each batch (the
 *     reference: 0.003); 0 takes the nearest code
 * @param sinkhornIters Sinkhorn iterations (the reference: 50)
 * @param sinkhornRows which of a training batch's items the transport balances: {@code targets}
 *     (default; the reference's choice, which codes only the B targets in training) solves it over
 *     the batch's targets and gives the history items the nearest code after the targets' code
 *     prices; {@code batch} balances every distinct item of the batch (history and targets: about
 *     1,500 rows against 256 targets on Beauty at batch 256, 20-item histories; the SDUD and STE
 *     Beauty rows of README ran so). ID refreshes always balance the whole catalog
 * @param hotRatio FrqUD: an item is "hot" when its level-0 code's usage average exceeds this × 1/K
 * @param usageMomentum FrqUD: momentum of the per-level usage moving averages
 * @param sigmaInit SDUD: starting σ of every level
 * @param sigmaLambda SDUD: λ of CE/(2(σ̄+λ)²) + log(σ̄+λ)
 * @param recWeight weight of the recommendation cross-entropy
 * @param reconstructionWeight weight of the latent reconstruction ‖ẑ − z‖² (the reference's only one)
 * @param decoderWeight weight of the decoder reconstruction ‖dec(z + sg(ẑ − z)) − x‖² of the item
 *     embedding x through the tokenizer's own decoder, trained in group tokenizer (as {@code genrec
 *     tokenize} trains it); 0, the reference's choice, leaves the decoder out of the graph
 * @param codebookWeight weight of the codebook + β·commitment terms (β from the tokenizer)
 * @param frozenEncoderLayers how many of the tokenizer encoder's layers, from the input, stay fixed
 * @param collisionCodes size of the collision level that makes IDs unique: the most items one
 *     prefix may hold
 * @param dModel width of token embeddings and of the residual stream
 * @param numHeads attention heads
 * @param headDim size of each head
 * @param ffDim feed-forward hidden width
 * @param encoderLayers encoder blocks
 * @param decoderLayers decoder blocks
 * @param dropout dropout on embeddings, residuals, attention and feed-forward
 * @param beam beam size of the constrained search
 */
public record DigerConfig(
    String name,
    String itemEmbeddings,
    String tokenizerInit,
    Assignment assignment,
    RecCodes recCodes,
    double gumbelTau,
    double sinkhornEpsilon,
    int sinkhornIters,
    SinkhornRows sinkhornRows,
    double hotRatio,
    double usageMomentum,
    double sigmaInit,
    double sigmaLambda,
    double recWeight,
    double reconstructionWeight,
    double decoderWeight,
    double codebookWeight,
    int frozenEncoderLayers,
    int collisionCodes,
    int dModel,
    int numHeads,
    int headDim,
    int ffDim,
    int encoderLayers,
    int decoderLayers,
    double dropout,
    int beam)
    implements ModelConfig {

  public enum Assignment {
    @SerializedName("frozen") FROZEN,
    @SerializedName("ste") STE,
    @SerializedName("gumbel") GUMBEL,
    @SerializedName("frqud") FRQUD,
    @SerializedName("sdud") SDUD;

    /** Whether the tokenizer is part of the training graph (every mode but frozen). */
    boolean trainsTokenizer() {
      return this != FROZEN;
    }
  }

  public enum RecCodes {
    @SerializedName("table") TABLE,
    @SerializedName("assigned") ASSIGNED
  }

  public enum SinkhornRows {
    @SerializedName("targets") TARGETS,
    @SerializedName("batch") BATCH
  }

  public static DigerConfig defaults() {
    return new DigerConfig("diger", "experiments/tokenize/beauty-minilm.npy", "experiments/tokenize/beauty-rqvae",
        Assignment.FRQUD, RecCodes.TABLE, 2.0, 0.0, 50, SinkhornRows.TARGETS, 1.5, 0.99, 1.0, 1.7, 1.0, 1.0, 0.0, 1.0, 0, 256, 128, 4, 64, 512, 6, 6, 0.1, 20);
  }

  /** The TIGER network DIGER runs: no user tokens, one position per history item. */
  TigerConfig network() {
    return new TigerConfig("tiger", null, 0, 0.0, dModel, numHeads, headDim, ffDim, encoderLayers,
        decoderLayers, dropout, beam, TigerConfig.Positions.ITEM, true);
  }

  @Override
  public void validate(String p) {
    Require.notBlank(p + ".item_embeddings", itemEmbeddings);
    Require.notBlank(p + ".tokenizer_init", tokenizerInit);
    if (assignment == null) {
      throw new ConfigException(p + ".assignment: is required (frozen, ste, gumbel, frqud or sdud)");
    }
    if (recCodes == null) throw new ConfigException(p + ".rec_codes: is required (table or assigned)");
    Require.positive(p + ".gumbel_tau", gumbelTau);
    Require.nonNegative(p + ".sinkhorn_epsilon", sinkhornEpsilon);
    Require.inRange(p + ".sinkhorn_iters", sinkhornIters, 1, 10_000);
    if (sinkhornRows == null) throw new ConfigException(p + ".sinkhorn_rows: is required (targets or batch)");
    Require.positive(p + ".hot_ratio", hotRatio);
    Require.inHalfOpen(p + ".usage_momentum", usageMomentum, 0, 1);
    Require.positive(p + ".sigma_init", sigmaInit);
    Require.positive(p + ".sigma_lambda", sigmaLambda);
    Require.nonNegative(p + ".rec_weight", recWeight);
    Require.nonNegative(p + ".reconstruction_weight", reconstructionWeight);
    Require.nonNegative(p + ".decoder_weight", decoderWeight);
    Require.nonNegative(p + ".codebook_weight", codebookWeight);
    Require.nonNegative(p + ".frozen_encoder_layers", frozenEncoderLayers);
    Require.inRange(p + ".collision_codes", collisionCodes, 1, 1 << 16);
    TigerConfig.validateNetwork(p, dModel, numHeads, headDim, ffDim, encoderLayers, decoderLayers, dropout, beam);
  }

  /** The search returns at most beam items per user: eval.ks and export.k must not ask for more. */
  @Override
  public void validateRun(RunConfig run) {
    BeamCutoffs.requireWithinBeam(run, beam, "DIGER");
  }
}
