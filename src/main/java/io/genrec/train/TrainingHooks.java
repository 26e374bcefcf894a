package io.genrec.train;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.Session;
import org.tensorflow.Tensor;

/**
 * Where a model can act during its lifecycle, beyond giving a loss and batches. Every hook is a
 * no-op by default, so a model overrides only the ones it needs and costs nothing for the rest.
 *
 * <p>Order within one {@link Trainer#fit}: a resumed fit first restores the weights and calls
 * {@link #loadState} with the checkpoint they came from; then {@link #onStart}; then per epoch
 * {@link #onEpochStart}, one {@link #afterStep} per batch, {@link #onEpochEnd}, {@link #beforeRanking} and the validation
 * (on validated epochs), {@link #saveState} into the new "best" checkpoint when the epoch improved,
 * and {@link #saveState} into the new "last" checkpoint. After the fit, {@link Trainer#restoreBest}
 * calls {@link #loadState} with the best checkpoint, and whoever ranks with those weights (the test
 * of a run, the SavedModel export) calls {@link #beforeRanking} first.
 */
public interface TrainingHooks {
  /**
   * Once per fit, when the session holds the weights it will train from (initialised, or restored
   * from "last" with {@link #loadState} already called).
   */
  default void onStart(Session session) {}

  /**
   * Variables (by name) that a warm start ({@code model.init_from}) leaves at their initialisation
   * whatever it selects: state that belongs to this run alone and that the run it starts from does
   * not have (e.g. VQ-Rec's permutation logits, learned anew for each fine-tuning domain).
   */
  default java.util.Set<String> freshAtWarmStart() {
    return java.util.Set.of();
  }

  /**
   * Before the first batch of {@code epoch} (1-based) is drawn; a resumed fit starts at the epoch
   * after its checkpoint, so epoch 1 is seen only by a fit from scratch.
   */
  default void onEpochStart(Session session, int epoch) {}

  /**
   * After the last batch of {@code epoch} (1-based), before its validation and its checkpoints, so
   * what a model changes here is what it is validated with and what a resumed fit starts from.
   */
  default void onEpochEnd(Session session, int epoch) {}

  /**
   * Operands to fetch in the same run as every training step, handed to {@link #afterStep}. Asked
   * once, right after {@link Trainable#buildLoss}, so ops built here join the training graph.
   */
  default List<Operand<?>> afterStepFetches() {
    return List.of();
  }

  /**
   * After every training step, with the values of {@link #afterStepFetches} in that order (empty
   * when it is). The tensors belong to the trainer, which closes them when this returns: copy what
   * must outlive the call.
   */
  default void afterStep(Session session, List<Tensor> fetched) {}

  /**
   * Before {@code session}'s weights are used to rank: before every validation in a fit, before a
   * run's test (after the best weights are restored), and in each session a SavedModel export
   * restores or builds, before its weights are read or written. A model whose ranking reads graph
   * state it keeps up to date from Java (e.g. refreshable tables) assigns it here.
   */
  default void beforeRanking(Session session) {}

  /**
   * Named numbers about the state the model ranked with at the last {@link #beforeRanking} (e.g.
   * DIGER's semantic-ID statistics); the trainer writes them into each validated epoch's line of
   * {@code epochs.jsonl} under {@code "model"}. Empty (nothing written) by default.
   */
  default java.util.Map<String, Double> rankingStats() {
    return java.util.Map.of();
  }

  /**
   * Writes whatever the model needs beyond its TensorFlow variables (which are in the checkpoint
   * already) into {@code checkpointDir}: Java-side counters, semantic ID tables... Called with every
   * checkpoint the trainer writes ("last" and "best"), inside the directory that is then swapped in
   * whole, so a crash never pairs these files with another checkpoint's weights. Use file names
   * that cannot clash with the trainer's ({@code ckpt.*}, {@code state.json}).
   */
  default void saveState(Path checkpointDir) throws IOException {}

  /**
   * Reads back what {@link #saveState} wrote, whenever weights are restored from {@code
   * checkpointDir}: on resume (from "last") and by {@link Trainer#restoreBest}; an export calls it
   * before building its graph, so the state is there for {@code buildRanking}.
   */
  default void loadState(Path checkpointDir) throws IOException {}
}
