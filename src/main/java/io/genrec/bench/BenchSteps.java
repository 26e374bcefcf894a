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

  /** {@code n} traced training steps of {@code batches} into {@code times}. */
  void trace(java.util.Iterator<FeedBatch> batches, int n, NodeTimes times) {
    for (int i = 0; i < n && batches.hasNext(); i++) {
      try (FeedBatch b = batches.next()) {
        long t0 = System.nanoTime();
        org.tensorflow.proto.RunMetadata meta = trainer.tracedStep(b, lr);
        times.add(meta, (System.nanoTime() - t0) / 1e6);
      }
    }
  }
}
