package io.genrec.data;

import java.util.List;

/**
 * {@code split: none}: every interaction trains, nothing is held out. For pre-training, where the
 * model is judged later, on another run's data; the trainer then keeps the last epoch as the best.
 */
public final class NoHoldOut implements Split {
  @Override
  public SplitDataset split(SequenceDataset data) {
    return new SplitDataset(data, data.sequences(), List.of(), List.of());
  }
}
