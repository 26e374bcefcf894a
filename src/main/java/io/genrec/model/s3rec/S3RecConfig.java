package io.genrec.model.s3rec;

import com.google.gson.annotations.SerializedName;
import io.genrec.config.ConfigException;
import io.genrec.config.ModelConfig;
import io.genrec.config.Require;
import io.genrec.config.RunConfig;
import io.genrec.data.fetch.DatasetLocator;
import io.genrec.nn.ItemSequenceEncoder;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * S3-Rec (Zhou et al., CIKM 2020): SASRec's encoder pre-trained by four self-supervised objectives
 * over items, their attributes and sequence segments, then fine-tuned for the next item. Pre-training
 * and fine-tuning are two runs of this model (the second warm-started from the first through
 * {@code needs} / {@code model.init_from}); defaults are the paper's.
 *
 * @param name always "s3rec"
 * @param hidden model width (item and attribute embedding size)
 * @param numBlocks transformer blocks
 * @param numHeads attention heads; hidden must be divisible by it
 * @param dropout dropout on embeddings, attention and feed-forward
 * @param objective pretrain: the four objectives below, bidirectional attention; finetune: next-item
 *     prediction with causal attention (SASRec), usually from a pre-training run's weights
 * @param loss fine-tuning loss: softmax (default), cross-entropy over the whole catalog, as SASRec's
 *     default: on Beauty it reached validation NDCG@10 0.039 by fine-tuning epoch 7 where bce
 *     (the paper's and the authors' one sampled negative per position) peaked at 0.023 (epoch
 *     29, same pre-training run); bce stays for comparisons with published S3-Rec numbers
 * @param attributes pretrain: the authors' {@code <name>_item2attributes.json}
 *     ({@code {"item id": [attribute id, ...]}}); items it does not list have no attributes
 * @param maskProbability pretrain: chance that each item but the last of an example is replaced by
 *     the mask token (the last always is)
 * @param weights pretrain: weight of each objective in the joint loss; 0 leaves it out of the graph
 */
public record S3RecConfig(
    String name,
    int hidden,
    int numBlocks,
    int numHeads,
    double dropout,
    Objective objective,
    Loss loss,
    String attributes,
    double maskProbability,
    ObjectiveWeights weights)
    implements ModelConfig {

  public enum Objective {
    @SerializedName("pretrain") PRETRAIN,
    @SerializedName("finetune") FINETUNE
  }

  public enum Loss {
    @SerializedName("bce") BCE,
    @SerializedName("softmax") SOFTMAX
  }

  /**
   * The weight of each pre-training objective (paper: 0.2, 1, 1, 0.5).
   *
   * @param aap associated attribute prediction: an item's embedding against every attribute
   * @param mip masked item prediction: a masked position's context against its item and a negative
   * @param map masked attribute prediction: a masked position's context against every attribute
   * @param sp segment prediction: a masked segment's context against the segment and another one
   */
  public record ObjectiveWeights(double aap, double mip, double map, double sp) {
    void validate(String p) {
      Require.nonNegative(p + ".aap", aap);
      Require.nonNegative(p + ".mip", mip);
      Require.nonNegative(p + ".map", map);
      Require.nonNegative(p + ".sp", sp);
      if (aap + mip + map + sp <= 0) {
        throw new ConfigException(p + ": every weight is 0; pre-training needs at least one objective > 0");
      }
    }
  }

  public static S3RecConfig defaults() {
    return new S3RecConfig("s3rec", 64, 2, 2, 0.2, Objective.FINETUNE, Loss.SOFTMAX, "", 0.2,
        new ObjectiveWeights(0.2, 1.0, 1.0, 0.5));
  }

  boolean pretraining() {
    return objective == Objective.PRETRAIN;
  }

  @Override
  public void validate(String p) {
    ItemSequenceEncoder.validate(p, hidden, numBlocks, numHeads, dropout);
    if (objective == null) throw new ConfigException(p + ".objective: expected pretrain or finetune");
    if (loss == null) throw new ConfigException(p + ".loss: expected bce or softmax");
    Require.inHalfOpen(p + ".mask_probability", maskProbability, 0, 1);
    if (weights == null) throw new ConfigException(p + ".weights: expected an object with keys aap, mip, map, sp");
    if (objective == Objective.PRETRAIN) {
      weights.validate(p + ".weights");
      if (attributes == null || attributes.isBlank()) {
        throw new ConfigException(p + ".attributes: is required with objective pretrain (the item-to-attributes"
            + " JSON, e.g. Beauty_item2attributes.json inside the dataset data.dataset names)");
      }
    }
  }

  @Override
  public void validateRun(RunConfig run) {
    // Pre-training ranks by appending one mask token to the history, so it needs room for both.
    if (objective == Objective.PRETRAIN && run.data().maxLength() < 2) {
      throw new ConfigException("data.max_length = " + run.data().maxLength()
          + ": S3-Rec pre-training needs at least 2 positions (history plus the mask token)");
    }
    if (attributes != null && !attributes.isBlank()) {
      Path file = attributesFile(run);
      if (!Files.isRegularFile(file)) {
        throw new ConfigException("model.attributes = \"" + attributes + "\": no such file (looked for " + file
            + (datasetRelative(run) ? "; a relative path resolves inside the directory of data.dataset, then"
                + " against the working directory" : "; relative paths resolve against the working directory, "
                + Path.of("").toAbsolutePath()) + ")");
      }
    }
  }

  /**
   * {@link #attributes} as a file. With {@code data.dataset} set, a relative path is looked for inside that
   * dataset's directory first (as {@code data.items} is), so a config works wherever {@code genrec data get}
   * put the data; otherwise, or when it is not there, against the working directory.
   */
  public Path attributesFile(RunConfig run) {
    Path given = Path.of(attributes);
    if (datasetRelative(run) && !given.isAbsolute()) {
      Path inside = DatasetLocator.standard().directory(run.data()).resolve(attributes).normalize();
      if (Files.isRegularFile(inside) || !Files.isRegularFile(given)) return inside;
    }
    return given;
  }

  private static boolean datasetRelative(RunConfig run) {
    return run.data().namesDataset() && !run.data().hasSources();
  }
}
