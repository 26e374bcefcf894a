package io.genrec.model.vqrec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.genrec.nn.TfRun;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Session;
import org.tensorflow.op.Ops;

/** The pre-training loss against a hand computation: duplicate targets are no negatives. */
class InBatchSoftmaxTest {
  static final float TAU = 0.5f;

  @Test
  void duplicateTargetsAreRemovedFromEachOthersSoftmax() {
    int b = 4;
    int dim = 3;
    Random rng = new Random(1);
    float[][] u = random(rng, b, dim);
    float[][] v = random(rng, b, dim);
    float[][] fake = random(rng, b, dim);
    int[] ids = {7, 9, 7, 4};
    v[2] = v[0].clone(); // the same item has the same vector
    float got;
    try (Graph g = new Graph(); Session s = TfRun.session(g)) {
      Ops tf = Ops.create(g);
      got = TfRun.eval(s, InBatchSoftmax.loss(tf, tf.constant(u), tf.constant(v), tf.constant(ids), tf.constant(fake),
          TAU))[0];
    }
    assertEquals(expected(u, v, ids, fake, true), got, 1e-5);
    assertTrue(Math.abs(expected(u, v, ids, fake, false) - got) > 1e-3, "counting duplicates gives another loss");
  }

  private static double expected(float[][] u, float[][] v, int[] ids, float[][] fake, boolean dropDuplicates) {
    double total = 0;
    for (int i = 0; i < u.length; i++) {
      double denominator = Math.exp(cos(u[i], fake[i]) / TAU);
      for (int j = 0; j < u.length; j++) {
        if (dropDuplicates && j != i && ids[j] == ids[i]) continue;
        denominator += Math.exp(cos(u[i], v[j]) / TAU);
      }
      total += Math.log(denominator) - cos(u[i], v[i]) / TAU;
    }
    return total / u.length;
  }

  private static double cos(float[] a, float[] b) {
    double dot = 0, na = 0, nb = 0;
    for (int k = 0; k < a.length; k++) {
      dot += a[k] * b[k];
      na += a[k] * a[k];
      nb += b[k] * b[k];
    }
    return dot / Math.sqrt(na) / Math.sqrt(nb);
  }

  private static float[][] random(Random rng, int rows, int cols) {
    float[][] x = new float[rows][cols];
    for (float[] row : x) for (int k = 0; k < cols; k++) row[k] = (float) rng.nextGaussian();
    return x;
  }
}
