package io.genrec.model;

import io.genrec.train.Trainable;

import io.genrec.eval.RankingHead;
import io.genrec.nn.Params;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * What every model gives the trainer, the evaluator and the exporter. A model instance knows its
 * training data; its graph pieces are built by the same code in the training graph (loss and an
 * inference head sharing the weights) and, later, alone in an export graph.
 */
public interface SequentialRecommender extends Trainable {
  /**
   * The ranking head over dense histories, built with inference-mode layers.
   *
   * @param history int32 [batch, historyLength()] left-padded dense ids
   * @param exclude int32 [batch, e] dense ids never to return
   * @param k int32 scalar
   */
  RankingHead buildRanking(
      Params params, Operand<TInt32> history, Operand<TInt32> exclude, Operand<TInt32> k);

  /**
   * The ranking head the trainer validates through, over placeholders named {@code ranking_history},
   * {@code ranking_exclude} and {@code ranking_k}; pass it to the trainer as
   * {@code new Trainer(model, cfg, seed, model::buildValidationHead)}.
   */
  default RankingHead buildValidationHead(Params view) {
    Ops tf = view.tf();
    Placeholder<TInt32> history = tf.withName("ranking_history")
        .placeholder(TInt32.class, Placeholder.shape(Shape.of(-1, historyLength())));
    Placeholder<TInt32> exclude = tf.withName("ranking_exclude")
        .placeholder(TInt32.class, Placeholder.shape(Shape.of(-1, -1)));
    Placeholder<TInt32> k = tf.withName("ranking_k").placeholder(TInt32.class, Placeholder.shape(Shape.scalar()));
    return buildRanking(view, history, exclude, k);
  }

  /** How many most recent items the ranking head reads. */
  int historyLength();

  /**
   * The most items one ranking call returns, whatever {@code k} asks for (e.g. TIGER's beam);
   * {@link Integer#MAX_VALUE} when only the catalog limits it. Exports record it so serving can refuse
   * a larger k instead of silently returning fewer items.
   */
  default int maxK() {
    return Integer.MAX_VALUE;
  }

  /**
   * Writes the files a run directory keeps for this model when training starts (TIGER: its final
   * semantic IDs), so that an export of the run rebuilds the model from them
   * ({@link io.genrec.config.ModelConfig#forRun}) rather than from inputs that may have changed since.
   */
  default void writeRunFiles(java.nio.file.Path runDirectory) throws java.io.IOException {}

  /**
   * About how many weights the model's graph will hold, from its config and data alone (no graph is
   * built yet); {@link ModelSize} refuses a model that cannot fit before training starts. Negative
   * when the model does not say.
   */
  default long parameterEstimate() {
    return -1;
  }

  /**
   * Extra optional inputs, by name, made by the last {@link #buildRanking} (placeholders with
   * defaults, e.g. TIGER's {@code user_id}); the export puts them in a second signature,
   * {@code serving_extended}, because every input of a signature is required. Empty for most models.
   */
  default java.util.Map<String, Operand<?>> servingInputs() {
    return java.util.Map.of();
  }

  /**
   * Extra outputs of the serving signature, by name, made by the last {@link #buildRanking} (e.g.
   * TIGER's {@code top_k_codes}); empty for most models.
   */
  default java.util.Map<String, Operand<?>> servingOutputs() {
    return java.util.Map.of();
  }

  /**
   * Further signatures of the SavedModel, made by the last {@link #buildRanking} of an export graph
   * (e.g. DIGER's {@code item_semantic_id}: a content embedding to its semantic ID); empty for most
   * models.
   */
  default java.util.List<org.tensorflow.Signature> servingSignatures() {
    return java.util.List.of();
  }

}
