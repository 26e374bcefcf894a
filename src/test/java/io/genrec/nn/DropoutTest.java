package io.genrec.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Session;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

class DropoutTest {

  @Test
  void isTheIdentityOutsideTraining() {
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      Operand<TFloat32> x = tf.constant(new float[] {1, 2, 3});
      assertSame(x, Dropout.apply(new Params(tf, 1, false), x, 0.5f));
      assertSame(x, Dropout.apply(new Params(tf, 1, true), x, 0f));
    }
  }

  /**
   * A rate off the 1/256 grid drops its rounded share and rescales by the exact keep probability, so
   * the mean is preserved; an odd-sized, multi-dimensional input (not a multiple of the 4 bytes one
   * random word gives) is masked element by element; a rate under 1/512 is the identity.
   */
  @Test
  void anOffGridRateDropsItsRoundedShareAndKeepsTheMeanOnAnOddShape() {
    assertEquals(230f / 256f, Dropout.keep(0.1f), 1e-7);
    assertEquals(0.5f, Dropout.keep(0.5f), 1e-7);
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      Params p = new Params(tf, 1, true);
      Operand<TFloat32> x = tf.fill(tf.constant(new int[] {3, 7, 2001}), tf.constant(1f));
      assertSame(x, Dropout.apply(p, x, 0.001f));
      Operand<TFloat32> y = Dropout.apply(p, x, 0.1f);
      try (Session s = TfRun.session(g)) {
        float[] out = TfRun.eval(s, y);
        assertEquals(3 * 7 * 2001, out.length);
        int dropped = 0;
        double sum = 0;
        for (float v : out) {
          if (v == 0f) dropped++;
          else assertEquals(256f / 230f, v, 1e-6);
          sum += v;
        }
        assertEquals(26 / 256.0, dropped / (double) out.length, 0.005);
        assertEquals(1.0, sum / out.length, 0.01);
        // The tail beyond the last whole word is masked too, not left all kept or all dropped.
        int tailDropped = 0;
        for (int i = out.length - 2001; i < out.length; i++) if (out[i] == 0f) tailDropped++;
        assertTrue(tailDropped > 100 && tailDropped < 320, "tail dropped " + tailDropped + " of 2001");
      }
    }
  }

  @Test
  void dropsAboutRateAndRescalesTheRest() {
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      Params p = new Params(tf, 1, true);
      Operand<TFloat32> y = Dropout.apply(p, tf.fill(tf.constant(new int[] {4000}), tf.constant(1f)), 0.25f);
      try (Session s = TfRun.session(g)) {
        float[] out = TfRun.eval(s, y);
        int dropped = 0;
        for (float v : out) {
          if (v == 0f) {
            dropped++;
          } else {
            assertEquals(1f / 0.75f, v, 1e-6);
          }
        }
        assertEquals(0.25, dropped / 4000.0, 0.03);
      }
    }
  }

  /**
   * Masks of two dropout ops at three successive updates, the update counter starting at {@code
   * from} (as a resumed run's restored counter does) and advanced between runs as the optimizer does.
   */
  private static List<float[]> masks(long seed, long from) {
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      Params p = new Params(tf, seed, true);
      org.tensorflow.op.core.Variable<org.tensorflow.types.TInt64> step = p.state("step", tf.constant(from));
      p.stepCounter(step);
      Operand<TFloat32> ones = tf.fill(tf.constant(new int[] {64}), tf.constant(1f));
      Operand<TFloat32> first = Dropout.apply(p, ones, 0.5f);
      Operand<TFloat32> second = Dropout.apply(p, ones, 0.5f);
      Operand<org.tensorflow.types.TInt64> advance = tf.assignAdd(step, tf.constant(1L));
      List<float[]> out = new ArrayList<>();
      try (Session s = TfRun.session(g)) {
        for (int run = 0; run < 3; run++) {
          out.add(TfRun.eval(s, first));
          out.add(TfRun.eval(s, second));
          s.runner().addTarget(advance).run();
        }
      }
      return out;
    }
  }

  @Test
  void masksDependOnSeedOpAndUpdateSoAResumedRunDrawsWhatAnUninterruptedOneDid() {
    List<float[]> a = masks(11, 0);
    List<float[]> b = masks(11, 0);
    for (int i = 0; i < a.size(); i++) {
      assertArrayEquals(a.get(i), b.get(i));
    }
    assertFalse(java.util.Arrays.equals(a.get(0), a.get(1)), "two ops share a mask");
    assertFalse(java.util.Arrays.equals(a.get(0), a.get(2)), "a mask repeats across updates");
    assertTrue(masks(12, 0).stream().noneMatch(m -> java.util.Arrays.equals(m, a.get(0))));
    // A fresh graph whose restored counter says 2 updates are done draws update 3's masks.
    List<float[]> resumed = masks(11, 2);
    assertArrayEquals(a.get(4), resumed.get(0));
    assertArrayEquals(a.get(5), resumed.get(1));
  }
}
