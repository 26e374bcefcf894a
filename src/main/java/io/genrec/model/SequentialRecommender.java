package io.genrec.model;

import io.genrec.eval.RankingHead;
import io.genrec.nn.Params;
import java.util.Iterator;
import org.tensorflow.Operand;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * What every model gives the trainer, the evaluator and the exporter. A model instance knows its
 * training data; its graph pieces are built by the same code in the training graph (loss and an
 * inference head sharing the weights) and, later, alone in an export graph.
 */
public interface SequentialRecommender {
  /** The training loss, built with training-mode layers; the model keeps its own placeholders. */
  Operand<TFloat32> buildLoss(Params params);

  /**
   * The ranking head over dense histories, built with inference-mode layers.
   *
   * @param history int32 [batch, historyLength()] left-padded dense ids
   * @param exclude int32 [batch, e] dense ids never to return
   * @param k int32 scalar
   */
  RankingHead buildRanking(
      Params params, Operand<TInt32> history, Operand<TInt32> exclude, Operand<TInt32> k);

  /** How many most recent items the ranking head reads. */
  int historyLength();

  /** Training batches of one epoch, in a seeded order; each batch is closed by the caller. */
  Iterator<FeedBatch> batches(int epoch);

  /** Number of batches {@link #batches} yields per epoch. */
  int batchesPerEpoch();

  /** Named extra scalars to log per epoch next to the loss (e.g. loss components); may be empty. */
  default java.util.Map<String, Operand<TFloat32>> diagnostics() {
    return java.util.Map.of();
  }
}
