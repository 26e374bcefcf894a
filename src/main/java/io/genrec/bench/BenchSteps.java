package io.genrec.bench;

import io.genrec.train.FeedBatch;
import io.genrec.train.Trainer;

/** Runs single training steps of a trainer's graph, as its epoch loop does, for timing. */
final class BenchSteps {
  private final Trainer trainer;
  private final double lr;

  BenchSteps(Trainer trainer, double lr) {
    this.trainer = trainer;
    this.lr = lr;
  }

  float step(FeedBatch batch) {
    return trainer.step(batch, lr);
  }
}
