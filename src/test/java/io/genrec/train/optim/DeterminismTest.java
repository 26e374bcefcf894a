package io.genrec.train.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.genrec.nn.Params;
import io.genrec.nn.TfRun;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

class DeterminismTest {

  private static final int STEPS = 30;
  private static final int BATCH = 6;

  /** Losses of 30 AdamW steps (dropout on, clipping on, warm-up schedule) in a fresh graph and session. */
  private static float[] train(long seed) {
    try (Graph g = new Graph()) {
      Params p = new Params(Ops.create(g), seed, true);
      AdamW optimizer = AdamW.attach(p, AdamConfig.defaults().withClipNorm(1f), 0.01f);
      TinySequenceModel model = new TinySequenceModel(p);
      Op train = optimizer.minimize(model.loss);
      LearningRateSchedule schedule = LearningRateSchedule.parse("warmup_inverse_sqrt", 0.01, 5, STEPS, 0);
      float[] losses = new float[STEPS];
      try (Session s = TfRun.singleThreaded(g)) {
        for (int step = 0; step < STEPS; step++) {
          int[][] batch = TinySequenceModel.batch(step, BATCH);
          try (TInt32 history = TfRun.ints(Shape.of(BATCH, TinySequenceModel.LENGTH), batch[0]);
              TInt32 targets = TfRun.ints(Shape.of(BATCH, TinySequenceModel.LENGTH), batch[1]);
              TFloat32 rate = TFloat32.scalarOf((float) schedule.at(step));
              Result r = s.runner().feed(model.history, history).feed(model.targets, targets)
                  .feed(optimizer.learningRate(), rate).addTarget(train).fetch(model.loss).run()) {
            losses[step] = ((TFloat32) r.get(0)).getFloat();
          }
        }
      }
      return losses;
    }
  }

  @Test
  void sameSeedAndOneThreadGiveBitIdenticalLosses() {
    float[] first = train(21);
    float[] second = train(21);
    assertArrayEquals(first, second, 0f);
    float early = (first[0] + first[1] + first[2]) / 3;
    float late = (first[STEPS - 1] + first[STEPS - 2] + first[STEPS - 3]) / 3;
    assertTrue(late < early, "loss did not fall: " + early + " -> " + late);
  }
}
