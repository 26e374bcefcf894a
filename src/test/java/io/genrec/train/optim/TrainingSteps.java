package io.genrec.train.optim;

import io.genrec.nn.Init;
import io.genrec.nn.TfRun;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.op.Op;
import org.tensorflow.types.TFloat32;

/** Test helpers: fixed initial values, one training step, reading a variable. */
final class TrainingSteps {

  private TrainingSteps() {
  }

  /** An initialiser that ignores the seed and starts from exactly these values (row-major). */
  static Init fixed(float... values) {
    return (tf, shape, seed) -> tf.reshape(tf.constant(values), tf.constant(shape.asArray()));
  }

  /** Runs one update with learning rate {@code lr} (fed by the placeholder's public name); returns the loss. */
  static float step(Session session, Op train, Operand<TFloat32> loss, float lr) {
    try (TFloat32 rate = TFloat32.scalarOf(lr);
        Result result = session.runner().feed(Optimizer.LEARNING_RATE, rate).addTarget(train).fetch(loss).run()) {
      return ((TFloat32) result.get(0)).getFloat();
    }
  }

  static float[] value(Session session, Operand<TFloat32> value) {
    return TfRun.eval(session, value);
  }
}
