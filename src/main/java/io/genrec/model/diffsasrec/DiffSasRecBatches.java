package io.genrec.model.diffsasrec;

import io.genrec.train.EpochBatches;
import io.genrec.train.FeedBatch;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Random;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * DiffSASRec's training examples: each user's training sequence (the most recent maxLength items,
 * left-padded) with some items replaced by the mask token.
 *
 * <p><b>Pre-training</b> (the forward process of LLaDA): per sequence a mask rate
 * {@code t = ε + (1 − ε)·u}, u ~ U(0, 1), ε = {@link #MIN_MASK_RATE}, so t never reaches 0 and the
 * 1/t weight stays bounded; each item is masked independently with probability t. A masked
 * position's target is the item and its weight is {@code (1/t) / R}, R = the number of real
 * (non-padding) positions in the batch; the graph's loss is {@code Σ weight · CE} over masked
 * positions. That is LLaDA's {@code Σ CE/t / (batch · length)} with padding left out of the count,
 * an unbiased estimate of the mean per-item loss. A sequence that draws no mask contributes nothing.
 *
 * <p><b>Supervised fine-tuning</b> ({@code sft}): only the last item is masked, weight 1/B (B =
 * sequences in the batch), i.e. the mean next-item cross-entropy; LLaDA's SFT loss divided by the
 * answer length, which is one item here.
 *
 * <p>t and the masks come from a {@link Random} seeded by (seed, epoch), so a resumed run sees the
 * same examples and a test can check the rates.
 */
public final class DiffSasRecBatches {
  /** ε: the smallest mask rate a sequence can draw. */
  public static final double MIN_MASK_RATE = 1e-3;

  /** What the batches train. */
  public enum Objective {
    /** Mask each item with probability t ~ U(ε, 1); predict every masked item. */
    DIFFUSION,
    /** Mask the last item only; predict it. */
    NEXT_ITEM
  }

  /**
   * One noised sequence, right-aligned in maxLength slots.
   *
   * @param input item ids with masked ones replaced by the mask token; 0 = padding
   * @param target the original item at masked positions, 0 elsewhere
   * @param weight 1/t at masked positions (1 for next-item), 0 elsewhere; not yet normalised
   * @param maskRate t (1 for next-item)
   */
  record Example(int[] input, int[] target, float[] weight, double maskRate) {
    int realPositions() {
      int n = 0;
      for (int id : input) if (id != 0) n++;
      return n;
    }
  }

  private final int[][] sequences;
  private final int maskToken;
  private final int maxLength;
  private final EpochBatches epochs;
  private final Objective objective;

  /**
   * @param trainSequences one per user; empty ones give no example, nor (next-item) do single items
   * @param maskToken the mask token's id (numItems + 1)
   */
  public DiffSasRecBatches(int[][] trainSequences, int maskToken, int maxLength, int batchSize, long seed,
      Objective objective) {
    int shortest = objective == Objective.NEXT_ITEM ? 2 : 1;
    this.sequences = Arrays.stream(trainSequences).filter(s -> s.length >= shortest).toArray(int[][]::new);
    this.maskToken = maskToken;
    this.maxLength = maxLength;
    this.epochs = new EpochBatches(sequences.length, batchSize, seed);
    this.objective = objective;
  }

  public int examples() {
    return sequences.length;
  }

  public int batchesPerEpoch() {
    return epochs.perEpoch();
  }

  public Objective objective() {
    return objective;
  }

  /** Noises one sequence: its most recent maxLength items, right-aligned. */
  Example example(int[] sequence, Random rng) {
    int n = Math.min(maxLength, sequence.length);
    int off = maxLength - n;
    int[] input = new int[maxLength];
    int[] target = new int[maxLength];
    float[] weight = new float[maxLength];
    System.arraycopy(sequence, sequence.length - n, input, off, n);
    if (objective == Objective.NEXT_ITEM) {
      target[maxLength - 1] = input[maxLength - 1];
      input[maxLength - 1] = maskToken;
      weight[maxLength - 1] = 1f;
      return new Example(input, target, weight, 1.0);
    }
    double t = MIN_MASK_RATE + (1 - MIN_MASK_RATE) * rng.nextDouble();
    float inverse = (float) (1.0 / t);
    for (int p = off; p < maxLength; p++) {
      if (rng.nextDouble() < t) {
        target[p] = input[p];
        input[p] = maskToken;
        weight[p] = inverse;
      }
    }
    return new Example(input, target, weight, t);
  }

  /** One batch as flat row-major [examples × maxLength] arrays. */
  record Batch(int[] input, int[] target, float[] weight) {}

  /**
   * Stacks examples into one batch and normalises the weights: divided by the batch's real
   * positions (diffusion) or by its number of sequences (next-item).
   */
  Batch assemble(List<Example> examples) {
    int b = examples.size();
    int[] in = new int[b * maxLength];
    int[] tg = new int[b * maxLength];
    float[] wt = new float[b * maxLength];
    long real = 0;
    for (int r = 0; r < b; r++) {
      Example e = examples.get(r);
      System.arraycopy(e.input(), 0, in, r * maxLength, maxLength);
      System.arraycopy(e.target(), 0, tg, r * maxLength, maxLength);
      System.arraycopy(e.weight(), 0, wt, r * maxLength, maxLength);
      real += e.realPositions();
    }
    float scale = 1f / (objective == Objective.NEXT_ITEM ? b : real);
    for (int i = 0; i < wt.length; i++) wt[i] *= scale;
    return new Batch(in, tg, wt);
  }

  /** The epoch's batches, noised from the epoch's random stream ({@link EpochBatches}). */
  Iterator<FeedBatch> epoch(int epoch, Operand<TInt32> input, Operand<TInt32> target, Operand<TFloat32> weight) {
    return epochs.epoch(epoch, (rows, rng) -> {
      List<Example> examples = new ArrayList<>(rows.length);
      for (int row : rows) examples.add(example(sequences[row], rng));
      Batch arrays = assemble(examples);
      Shape shape = Shape.of(rows.length, maxLength);
      return new FeedBatch(rows.length)
          .put(input, shape, arrays.input())
          .put(target, shape, arrays.target())
          .put(weight, shape, arrays.weight());
    });
  }
}
