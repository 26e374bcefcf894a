package io.genrec.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;

class EmbeddingTest {

  @Test
  @SuppressWarnings("unchecked")
  void paddingRowsLookUpAsZerosAndGetNoGradient() {
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      Params p = new Params(tf, 1, false);
      Embedding items = Embedding.create(p, "items", 5, 3, Init.uniform(1f), false);
      Placeholder<TInt32> ids = tf.placeholder(TInt32.class, Placeholder.shape(Shape.of(2, 3)));
      Operand<TFloat32> vectors = items.lookup(ids);
      TfRun.assertShape(vectors, 2, 3, 3);
      Operand<TFloat32> loss = tf.sum(tf.math.square(vectors), tf.constant(new int[] {0, 1, 2}));
      Output<?>[] grad = g.addGradients(loss.asOutput(), new Output<?>[] {items.table().asOutput()});
      try (Session s = TfRun.session(g); Feeds f = new Feeds().ints(ids, Shape.of(2, 3), 2, 0, 4, 0, 0, 2)) {
        float[] table = TfRun.eval(s, items.table());
        float[] out = TfRun.eval(s, vectors, f);
        for (int d = 0; d < 3; d++) {
          assertEquals(table[2 * 3 + d], out[d]);
          assertEquals(0f, out[3 + d], 0f);
          assertEquals(table[4 * 3 + d], out[6 + d]);
          assertEquals(0f, out[9 + d], 0f);
        }
        Session.Runner runner = s.runner();
        f.applyTo(runner);
        try (Result r = runner.fetch((Output<TFloat32>) grad[0]).run()) {
          float[] gradient = TfRun.read((TFloat32) r.get(0));
          assertArrayEquals(new float[] {0, 0, 0}, java.util.Arrays.copyOfRange(gradient, 0, 3), 0f);
          // Row 2 appears twice: gradient 2·2·row.
          assertEquals(4 * table[6], gradient[6], 1e-5);
          assertArrayEquals(new float[] {0, 0, 0}, java.util.Arrays.copyOfRange(gradient, 3, 6), 0f);
        }
      }
    }
  }

  @Test
  void unpaddedTablesTreatIdZeroAsAToken() {
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      Params p = new Params(tf, 1, false);
      Embedding codes = Embedding.createUnpadded(p, "codes", 4, 2, Init.ones(), false);
      Operand<TFloat32> v = codes.lookup(tf.constant(new long[] {0, 3}));
      try (Session s = TfRun.session(g)) {
        assertArrayEquals(new float[] {1, 1, 1, 1}, TfRun.eval(s, v));
      }
    }
  }

  @Test
  void tiedLogitsScoreEveryRowAndPassTheGradientCheck() {
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      Params p = new Params(tf, 9, false);
      Embedding items = Embedding.create(p, "items", 6, 4, Init.normal(0.5f), true);
      Placeholder<TInt64> ids = tf.placeholder(TInt64.class, Placeholder.shape(Shape.of(2, 2)));
      Operand<TFloat32> h = tf.reshape(items.lookup(ids), tf.constant(new int[] {4, 4}));
      Operand<TFloat32> logits = items.logits(h);
      TfRun.assertShape(logits, 4, 6);
      GradientCheck check = GradientCheck.of(g, tf, logits, List.of(items.table()));
      try (Session s = TfRun.session(g); Feeds f = new Feeds()) {
        f.put(ids, TInt64.tensorOf(Shape.of(2, 2), org.tensorflow.ndarray.buffer.DataBuffers.of(new long[] {1, 5, 0, 2}, true, false)));
        check.assertMatches(s, f, 24);
        float[] table = TfRun.eval(s, items.table());
        float[] scores = TfRun.eval(s, logits, f);
        double dot = 0;
        for (int d = 0; d < 4; d++) {
          dot += table[4 + d] * table[12 + d];
        }
        assertEquals(dot, scores[3], 1e-5);
        assertEquals(0f, scores[2 * 6 + 3], 0f);
      }
    }
  }
}
