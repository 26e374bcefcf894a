package io.genrec.train;

import java.util.Iterator;
import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.types.TFloat32;

/**
 * Anything the shared Trainer can fit: a loss built into a graph, and batches to feed it. Ranking
 * models ({@code SequentialRecommender}) and tokenizers with a learned part (RQ-VAE) both are. The
 * lifecycle hooks ({@link TrainingHooks}) let a model act between steps, epochs and checkpoints.
 */
public interface Trainable extends TrainingHooks {
  /** The training loss, built with training-mode layers; the model keeps its own placeholders. */
  Operand<TFloat32> buildLoss(io.genrec.nn.Params params);

  /** Training batches of one epoch, in a seeded order; each batch is closed by the caller. */
  Iterator<FeedBatch> batches(int epoch);

  /** Number of batches {@link #batches} yields per epoch. */
  int batchesPerEpoch();

  /** Named extra scalars to log per epoch next to the loss (e.g. loss components); may be empty. */
  default Map<String, Operand<TFloat32>> diagnostics() {
    return Map.of();
  }
}
