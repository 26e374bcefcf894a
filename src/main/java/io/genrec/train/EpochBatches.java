package io.genrec.train;

import java.util.Arrays;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Random;
import java.util.function.IntUnaryOperator;

/**
 * Examples {@code 0..examples-1} cut into batches of {@code batchSize} (the last may be short) in
 * the epoch's {@link EpochOrder}. Each batch is assembled only when the trainer asks for it, from
 * the epoch's random stream after the shuffle's draws, so what a batch draws (negatives, masks)
 * depends on (seed, epoch) alone and a resumed run sees the same batches.
 */
public record EpochBatches(int examples, int batchSize, long seed) {
  /** Builds one batch's feeds: {@code rows} are the examples' indices in epoch order. */
  @FunctionalInterface
  public interface Assembler {
    FeedBatch assemble(int[] rows, Random rng);
  }

  public EpochBatches {
    if (examples < 0) throw new IllegalArgumentException("examples must be >= 0, got " + examples);
    if (batchSize < 1) throw new IllegalArgumentException("batch size must be >= 1, got " + batchSize);
  }

  public int perEpoch() {
    return (examples + batchSize - 1) / batchSize;
  }

  public Iterator<FeedBatch> epoch(int epoch, Assembler assembler) {
    return epoch(epoch, assembler, null);
  }

  /**
   * As {@link #epoch(int, Assembler)}; with {@code length} non-null, batches hold examples of similar
   * length ({@link LengthBuckets}).
   */
  public Iterator<FeedBatch> epoch(int epoch, Assembler assembler, IntUnaryOperator length) {
    Random rng = EpochOrder.random(seed, epoch);
    int[] order = EpochOrder.shuffled(examples, rng);
    if (length != null) {
      Iterator<int[]> plan = LengthBuckets.batches(order, length, batchSize, rng).iterator();
      return new Iterator<>() {
        @Override
        public boolean hasNext() {
          return plan.hasNext();
        }

        @Override
        public FeedBatch next() {
          return assembler.assemble(plan.next(), rng);
        }
      };
    }
    return new Iterator<>() {
      int from = 0;

      @Override
      public boolean hasNext() {
        return from < order.length;
      }

      @Override
      public FeedBatch next() {
        if (!hasNext()) throw new NoSuchElementException();
        int to = Math.min(order.length, from + batchSize);
        int[] rows = Arrays.copyOfRange(order, from, to);
        from = to;
        return assembler.assemble(rows, rng);
      }
    };
  }
}
