package io.genrec.model.diger;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.genrec.nn.TfRun;
import java.util.List;
import java.util.Random;
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

/** The assignment's graph pieces against what they must compute, on toys. */
class CodeAssignmentTest {

  @Test
  void gumbelSamplesFollowSoftmaxOfLogitsOverTheNoiseScale() {
    float[] logits = {1.0f, 0.2f, -0.5f, 2.0f};
    float scale = 2f;
    int rows = 40_000;
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      float[][] repeated = new float[rows][];
      for (int i = 0; i < rows; i++) repeated[i] = logits;
      Operand<TFloat32> l = tf.constant(repeated);
      CodeAssignment.Choice choice = CodeAssignment.noisy(tf, l, CodeAssignment.gumbel(tf, l, tf.constant(new long[] {3, 1})),
          tf.constant(scale), 2f);
      int[] counts = new int[logits.length];
      try (Session s = TfRun.session(g); Result r = s.runner().fetch(choice.code()).run()) {
        TInt32 codes = (TInt32) r.get(0);
        for (int i = 0; i < rows; i++) counts[codes.getInt(i)]++;
      }
      double norm = 0;
      for (float v : logits) norm += Math.exp(v / scale);
      for (int k = 0; k < logits.length; k++) {
        double expected = Math.exp(logits[k] / scale) / norm;
        double got = (double) counts[k] / rows;
        // 4 standard errors of a frequency from 40k draws.
        double tolerance = 4 * Math.sqrt(expected * (1 - expected) / rows);
        assertEquals(expected, got, tolerance, "code " + k + " frequency");
      }
    }
  }

  @Test
  void frqudGivesHotRowsGumbelNoiseAndColdRowsTheirDeterministicCodeAndNoiseFreeWeights() {
    int n = 200;
    int k = 8;
    float tau = 2f;
    Random rng = new Random(12);
    float[][] logits = new float[n][k];
    int[] det = new int[n];
    boolean[] hot = new boolean[n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < k; j++) logits[i][j] = (float) rng.nextGaussian();
      det[i] = rng.nextInt(k);
      hot[i] = i % 2 == 0;
    }
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      io.genrec.nn.Params params = new io.genrec.nn.Params(tf, 5, true);
      Operand<TFloat32> l = tf.constant(logits);
      CodeAssignment.Choice choice = DigerNoise.frequency(params, tau, tf.constant(hot)).choose(tf, 0, l, tf.constant(det));
      Operand<TFloat32> plain = tf.nn.softmax(tf.math.div(l, tf.constant(tau)));
      try (Session s = TfRun.session(g); Result r = s.runner().fetch(choice.code()).fetch(choice.soft()).fetch(plain).run()) {
        TInt32 code = (TInt32) r.get(0);
        TFloat32 soft = (TFloat32) r.get(1);
        TFloat32 expected = (TFloat32) r.get(2);
        int hotAwayFromDet = 0;
        for (int i = 0; i < n; i++) {
          int best = 0;
          for (int j = 1; j < k; j++) if (soft.getFloat(i, j) > soft.getFloat(i, best)) best = j;
          if (hot[i]) {
            assertEquals(best, code.getInt(i), "a hot row's code is its noisy argmax");
            if (code.getInt(i) != det[i]) hotAwayFromDet++;
          } else {
            assertEquals(det[i], code.getInt(i), "a cold row keeps its deterministic code");
            for (int j = 0; j < k; j++) assertEquals(expected.getFloat(i, j), soft.getFloat(i, j), 0f, "cold row " + i);
          }
        }
        assertTrue(hotAwayFromDet > n / 4, "hot rows follow the noise, not det: " + hotAwayFromDet);
      }
    }
  }

  @Test
  void theStraightThroughIndicatorIsExactlyTheHardLookupForwardAndSoftBackward() {
    Random rng = new Random(8);
    int n = 50;
    int k = 16;
    int d = 12;
    float[][] r = new float[n][d];
    float[][] book = new float[k][d];
    for (float[] row : r) for (int j = 0; j < d; j++) row[j] = (float) rng.nextGaussian();
    for (float[] row : book) for (int j = 0; j < d; j++) row[j] = (float) rng.nextGaussian();
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      Placeholder<TFloat32> residual = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(n, d)));
      Operand<TFloat32> e = tf.constant(book);
      Operand<TFloat32> logits = tf.math.neg(CodeAssignment.squaredDistances(tf, residual, e));
      CodeAssignment.Choice choice = CodeAssignment.noisy(tf, logits, CodeAssignment.gumbel(tf, logits, tf.constant(new long[] {5, 2})),
          tf.constant(1f), 2f);
      Operand<TFloat32> viaIndicator = tf.linalg.matMul(CodeAssignment.indicator(tf, choice, k), e);
      Operand<TFloat32> hard = tf.gather(e, choice.code(), tf.constant(0));
      Output<?>[] grad = g.addGradients(tf.sum(tf.math.square(viaIndicator), tf.constant(new int[] {0, 1})).asOutput(),
          new Output<?>[] {residual.asOutput()});
      try (Session s = TfRun.session(g); TFloat32 feed = TFloat32.tensorOf(org.tensorflow.ndarray.StdArrays.ndCopyOf(r));
          Result res = s.runner().feed(residual, feed).fetch(viaIndicator).fetch(hard).fetch(grad[0]).run()) {
        float[] a = TfRun.read((TFloat32) res.get(0));
        float[] b = TfRun.read((TFloat32) res.get(1));
        assertArrayEquals(b, a, 0f, "indicator x codebook is bit-identical to the chosen codeword");
        float[] gradient = TfRun.read((TFloat32) res.get(2));
        double norm = 0;
        for (float v : gradient) norm += v * v;
        assertTrue(norm > 1e-6, "the residual gets gradient through the soft assignment: |g|^2 = " + norm);
      }
    }
  }

  @Test
  void sinkhornSpreadsABatchThatNearestCodesPutOnOneCode() {
    int n = 64;
    int k = 4;
    float[][] d = new float[n][k];
    Random rng = new Random(2);
    // Every row is nearest to code 0, by a little.
    for (float[] row : d) {
      row[0] = 0f;
      for (int j = 1; j < k; j++) row[j] = 0.1f + 0.05f * (float) rng.nextDouble();
    }
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      Operand<TInt32> codes = io.genrec.nn.Sinkhorn.codes(tf, io.genrec.nn.Sinkhorn.centred(tf, tf.constant(d)), 0.003, 50);
      int[] counts = new int[k];
      try (Session s = TfRun.session(g); Result r = s.runner().fetch(codes).run()) {
        for (int i = 0; i < n; i++) counts[((TInt32) r.get(0)).getInt(i)]++;
      }
      // Nearest codes would put all 64 rows on code 0; the transport spreads them over every code.
      for (int c : counts) {
        assertTrue(c > 0 && c <= 2 * n / k, "spread: " + java.util.Arrays.toString(counts));
      }
    }
  }

  @Test
  void sinkhornCodesEqualTheTextbookRowThenColumnNormalisation() {
    for (double epsilon : new double[] {0.05, 0.003}) {
      int n = 300;
      int k = 16;
      float[][] d = new float[n][k];
      Random rng = new Random(7);
      for (float[] row : d) for (int j = 0; j < k; j++) row[j] = (float) (rng.nextDouble() * (j % 3 == 0 ? 0.5 : 1));
      int[] expected = textbookSinkhorn(d, epsilon, 50);
      try (Graph g = new Graph()) {
        Ops tf = Ops.create(g);
        Operand<TInt32> codes = io.genrec.nn.Sinkhorn.codes(tf, io.genrec.nn.Sinkhorn.centred(tf, tf.constant(d)), epsilon, 50);
        try (Session s = TfRun.session(g); Result r = s.runner().fetch(codes).run()) {
          for (int i = 0; i < n; i++) {
            org.junit.jupiter.api.Assertions.assertEquals(expected[i], ((TInt32) r.get(0)).getInt(i), "row " + i + " at ε " + epsilon);
          }
        }
      }
    }
  }

  @Test
  void sinkhornOverSomeRowsGivesThoseRowsTheirOwnTransportAndPricesTheOthers() {
    int n = 400;
    int k = 16;
    int m = 96;
    float[][] d = new float[n][k];
    Random rng = new Random(11);
    // Code 0 is every row's nearest by a little, so nearest codes would all be 0.
    for (float[] row : d) {
      row[0] = 0f;
      for (int j = 1; j < k; j++) row[j] = 0.05f + 0.1f * (float) rng.nextDouble();
    }
    int[] subset = new int[m];
    for (int i = 0; i < m; i++) subset[i] = 3 * i + 1;
    int[] all = new int[n];
    for (int i = 0; i < n; i++) all[i] = i;
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      Operand<TFloat32> centred = io.genrec.nn.Sinkhorn.centred(tf, tf.constant(d));
      Operand<TInt32> priced = io.genrec.nn.Sinkhorn.codes(tf, centred, tf.constant(subset), 0.003, 50);
      Operand<TInt32> own = io.genrec.nn.Sinkhorn.codes(tf, tf.gather(centred, tf.constant(subset), tf.constant(0)), 0.003, 50);
      Operand<TInt32> everyRow = io.genrec.nn.Sinkhorn.codes(tf, centred, tf.constant(all), 0.003, 50);
      Operand<TInt32> full = io.genrec.nn.Sinkhorn.codes(tf, centred, 0.003, 50);
      try (Session s = TfRun.session(g); Result r = s.runner().fetch(priced).fetch(own).fetch(everyRow).fetch(full).run()) {
        TInt32 p = (TInt32) r.get(0);
        for (int i = 0; i < m; i++) {
          assertEquals(((TInt32) r.get(1)).getInt(i), p.getInt(subset[i]), "balanced row " + subset[i]);
        }
        for (int i = 0; i < n; i++) {
          assertEquals(((TInt32) r.get(3)).getInt(i), ((TInt32) r.get(2)).getInt(i), "every row balanced: row " + i);
        }
        // The rows outside the subset follow its prices: they spread over the codes too.
        int[] counts = new int[k];
        for (int i = 0; i < n; i++) if (i % 3 != 1) counts[p.getInt(i)]++;
        for (int c : counts) assertTrue(c > 0 && c <= 3 * (n - m) / k, "spread: " + java.util.Arrays.toString(counts));
      }
    }
  }

  /** Sinkhorn as written in the reference: the [n, K] plan normalised by rows (mass 1/n), then by columns (1/K). */
  private static int[] textbookSinkhorn(float[][] d, double epsilon, int iters) {
    int n = d.length;
    int k = d[0].length;
    double max = Double.NEGATIVE_INFINITY;
    double min = Double.POSITIVE_INFINITY;
    for (float[] row : d) for (float x : row) { max = Math.max(max, x); min = Math.min(min, x); }
    float mid = (float) ((max + min) / 2);
    float half = (float) (max - mid) + 1e-5f;
    double[][] q = new double[n][k];
    for (int i = 0; i < n; i++) for (int j = 0; j < k; j++) q[i][j] = Math.exp(-(double) ((d[i][j] - mid) / half) / epsilon);
    for (int it = 0; it < iters; it++) {
      for (double[] row : q) {
        double sum = 0;
        for (double x : row) sum += x;
        for (int j = 0; j < k; j++) row[j] = row[j] / sum / n;
      }
      for (int j = 0; j < k; j++) {
        double sum = 0;
        for (double[] row : q) sum += row[j];
        for (double[] row : q) row[j] = row[j] / sum / k;
      }
    }
    int[] codes = new int[n];
    for (int i = 0; i < n; i++) for (int j = 1; j < k; j++) if (q[i][j] > q[i][codes[i]]) codes[i] = j;
    return codes;
  }

  @Test
  void sdudSigmaSettlesNearRootCeMinusLambda() {
    float lambda = 1.7f;
    for (float ce : List.of(9f, 6f)) {
      try (Graph g = new Graph()) {
        Ops tf = Ops.create(g);
        io.genrec.nn.Params params = new io.genrec.nn.Params(tf, 1, true);
        io.genrec.nn.Param sigma = params.variable("sigma", Shape.of(3), io.genrec.nn.Init.ones(), false);
        Operand<TFloat32> loss = DigerNoise.uncertaintyLoss(tf, tf.constant(ce), sigma.value(), lambda);
        Output<?>[] grad = g.addGradients(loss.asOutput(), new Output<?>[] {sigma.value().asOutput()});
        @SuppressWarnings("unchecked")
        Operand<TFloat32> step = tf.train.applyGradientDescent(sigma.variable(), tf.constant(0.5f),
            (Output<TFloat32>) grad[0]);
        try (Session s = TfRun.session(g)) {
          for (int i = 0; i < 3000; i++) s.runner().addTarget(step).run();
          float[] value = TfRun.eval(s, sigma.value());
          double mean = (Math.abs(value[0]) + Math.abs(value[1]) + Math.abs(value[2])) / 3;
          assertEquals(Math.sqrt(ce) - lambda, mean, 0.01, "CE " + ce + ": sigma " + java.util.Arrays.toString(value));
        }
      }
    }
  }

  @Test
  void noiseScaleStaysPositiveAndFiniteAndVanishesNearZero() {
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      Operand<TFloat32> s = DigerNoise.noiseScale(tf, tf.constant(new float[] {-2f, 1e9f, 5e-5f, 0f, 0.5f}));
      try (Session session = TfRun.session(g)) {
        assertArrayEquals(new float[] {2f, 100f, 0f, 0f, 0.5f}, TfRun.eval(session, s), 0f);
      }
    }
  }
}
