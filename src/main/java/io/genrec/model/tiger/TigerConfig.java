package io.genrec.model.tiger;

import com.google.gson.annotations.SerializedName;
import io.genrec.config.ConfigException;
import io.genrec.config.ModelConfig;
import io.genrec.config.Require;
import io.genrec.config.RunConfig;
import io.genrec.semid.BeamCutoffs;
import io.genrec.semid.SemanticIdSource;
import io.genrec.tokenize.SemanticIdFile;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * TIGER (Rajput et al., NeurIPS 2023): an encoder-decoder transformer that reads a user's history as
 * the semantic IDs of its items and decodes the next item's semantic ID, level by level, with beam
 * search constrained to IDs that exist. The defaults are the paper's settings.
 *
 * <p>How many history items the encoder reads is {@code data.max_length} (TIGER: 20), so every model
 * uses the same key for it.
 *
 * @param name always "tiger"
 * @param semanticIds where the items' semantic IDs come from
 * @param userBuckets hashed user tokens (TIGER: 2000); 0 drops the user token. A user with an integer
 *     id {@code u} gets bucket {@code floorMod(u, user_buckets)}; one more token stands for "user
 *     unknown" (serving without {@code user_id}); evaluation feeds every user's bucket, as training does
 * @param userDropout fraction of training examples whose user token is replaced by the unknown-user
 *     token, so that token is trained for the cases that have no user id
 * @param dModel width of token embeddings and of the residual stream
 * @param numHeads attention heads
 * @param headDim size of each head (TIGER: 64, so 6 × 64 = 384 ≠ d_model)
 * @param ffDim feed-forward hidden width
 * @param encoderLayers encoder blocks
 * @param decoderLayers decoder blocks
 * @param dropout dropout on embeddings, residuals, attention and feed-forward
 * @param beam beam size of the constrained search; also the most items one call can return, so
 *     {@code eval.ks} and {@code export.k} may not exceed it (checked when the config loads)
 * @param positions encoder position embeddings: item (one learned vector per history item, counted
 *     from the most recent, shared by that item's codes), token (one per token slot) or none. The
 *     code level is always known to the model: each level has its own token range
 * @param bucketByLength group training examples of similar history length into batches, so each
 *     batch is cut to its longest history instead of max_length items (much faster on short
 *     histories; batches stay shuffled)
 */
public record TigerConfig(
    String name,
    SemanticIdSource semanticIds,
    int userBuckets,
    double userDropout,
    int dModel,
    int numHeads,
    int headDim,
    int ffDim,
    int encoderLayers,
    int decoderLayers,
    double dropout,
    int beam,
    Positions positions,
    boolean bucketByLength)
    implements ModelConfig {

  public enum Positions {
    @SerializedName("item") ITEM,
    @SerializedName("token") TOKEN,
    @SerializedName("none") NONE
  }


  public static TigerConfig defaults() {
    return new TigerConfig("tiger", SemanticIdSource.defaults(), 2000, 0.1, 128, 6, 64, 1024, 4, 4, 0.1,
        20, Positions.ITEM, true);
  }

  @Override
  public void validate(String p) {
    if (semanticIds == null) throw new ConfigException(p + ".semantic_ids: is required");
    semanticIds.validate(p + ".semantic_ids");
    Require.nonNegative(p + ".user_buckets", userBuckets);
    Require.inHalfOpen(p + ".user_dropout", userDropout, 0, 1);
    validateNetwork(p, dModel, numHeads, headDim, ffDim, encoderLayers, decoderLayers, dropout, beam);
  }

  /** The encoder-decoder's sizes and beam, under {@code p}; DIGER's network shares these keys. */
  public static void validateNetwork(String p, int dModel, int numHeads, int headDim, int ffDim, int encoderLayers,
      int decoderLayers, double dropout, int beam) {
    Require.positive(p + ".d_model", dModel);
    Require.positive(p + ".num_heads", numHeads);
    Require.positive(p + ".head_dim", headDim);
    Require.positive(p + ".ff_dim", ffDim);
    Require.positive(p + ".encoder_layers", encoderLayers);
    Require.positive(p + ".decoder_layers", decoderLayers);
    Require.inHalfOpen(p + ".dropout", dropout, 0, 1);
    Require.inRange(p + ".beam", beam, 1, 1000);
  }

  /** The run's own {@code semantic_ids.tsv} when it has one (see {@link Tiger#writeRunFiles}). */
  @Override
  public TigerConfig forRun(Path runDirectory) {
    Path copy = runDirectory.resolve(SemanticIdFile.FILE_NAME);
    if (!Files.isRegularFile(copy)) return this;
    return new TigerConfig(name, SemanticIdSource.file(copy.toString()), userBuckets, userDropout, dModel, numHeads,
        headDim, ffDim, encoderLayers, decoderLayers, dropout, beam, positions, bucketByLength);
  }

  /** The beam is the most items a user gets: a larger cut-off would be scored as if it were the beam. */
  @Override
  public void validateRun(RunConfig run) {
    BeamCutoffs.requireWithinBeam(run, beam, "TIGER");
  }
}
