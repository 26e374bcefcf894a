package io.genrec.nn;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Analytic gradients (Graph.addGradients) against central finite differences, in float32.
 *
 * <p>The checked scalar is {@code Σ y·R} for a fixed random R, which exercises the whole Jacobian. With
 * a loss of order 1, step 5e-3 and float32 rounding, correct gradients agree to ~1e-4; a wrong one
 * (missing factor, transposed weight, lost path) is off by far more than the 1e-2 relative tolerance.
 * Each x is fed (placeholders, or a parameter's identity read) so perturbing it needs no variable writes.
 */
public final class GradientCheck {

  private final Operand<TFloat32> loss;
  private final List<Operand<TFloat32>> xs;
  private final Output<?>[] gradients;

  private GradientCheck(Operand<TFloat32> loss, List<Operand<TFloat32>> xs, Output<?>[] gradients) {
    this.loss = loss;
    this.xs = xs;
    this.gradients = gradients;
  }

  /** Builds {@code Σ y·R} and its gradients; call before creating the session. */
  public static GradientCheck of(Graph graph, Ops tf, Operand<TFloat32> y, List<Operand<TFloat32>> xs) {
    Shape shape = y.shape();
    float[] r = TfRun.random(12345, Math.toIntExact(shape.size()), 1f);
    Operand<TFloat32> projection = tf.reshape(tf.constant(r), tf.constant(shape.asArray()));
    Operand<TFloat32> loss = tf.sum(tf.reshape(tf.math.mul(y, projection), tf.constant(new int[] {-1})),
        tf.constant(0));
    Output<?>[] gradients = graph.addGradients(loss.asOutput(),
        xs.stream().map(Operand::asOutput).toArray(Output<?>[]::new));
    return new GradientCheck(loss, xs, gradients);
  }

  /** Every parameter's read, for checking all weights of a block. */
  public static List<Operand<TFloat32>> values(Params params) {
    List<Operand<TFloat32>> values = new ArrayList<>();
    params.trainable().forEach(p -> values.add(p.value()));
    return values;
  }

  /**
   * Checks at most {@code maxPerTensor} evenly spaced elements of each x. Every run feeds every x (one
   * perturbed), so all runs share one feed/fetch signature: each new signature makes TF build and
   * optimise a new executor (~0.2 s), which would dominate the check.
   */
  @SuppressWarnings("unchecked")
  public void assertMatches(Session session, Feeds feeds, int maxPerTensor) {
    float h = 5e-3f;
    double rtol = 1e-2;
    double atol = 2e-3;
    List<float[]> base = new ArrayList<>();
    List<Shape> shapes = new ArrayList<>();
    for (Operand<TFloat32> x : xs) {
      TFloat32 fed = (TFloat32) feeds.asMap().get(x);
      if (fed != null) {
        shapes.add(fed.shape());
        base.add(TfRun.read(fed));
      } else {
        Session.Runner runner = session.runner();
        feeds.applyTo(runner);
        try (Result result = runner.fetch(x).run()) {
          TFloat32 value = (TFloat32) result.get(0);
          shapes.add(value.shape());
          base.add(TfRun.read(value));
        }
      }
    }
    List<TFloat32> baseTensors = new ArrayList<>();
    try {
      for (int k = 0; k < xs.size(); k++) {
        baseTensors.add(TfRun.floats(shapes.get(k), base.get(k)));
      }
      List<float[]> analytic = new ArrayList<>();
      Session.Runner runner = runnerWith(session, feeds, baseTensors, -1, null);
      for (Output<?> gradient : gradients) {
        runner.fetch(gradient);
      }
      try (Result result = runner.run()) {
        for (int k = 0; k < xs.size(); k++) {
          analytic.add(TfRun.read((TFloat32) result.get(k)));
        }
      }
      for (int k = 0; k < xs.size(); k++) {
        float[] values = base.get(k);
        int stride = Math.max(1, values.length / maxPerTensor);
        for (int i = 0; i < values.length; i += stride) {
          float[] perturbed = values.clone();
          perturbed[i] = values[i] + h;
          double plus = lossWith(session, feeds, baseTensors, k, shapes.get(k), perturbed);
          perturbed[i] = values[i] - h;
          double minus = lossWith(session, feeds, baseTensors, k, shapes.get(k), perturbed);
          double numeric = (plus - minus) / (2.0 * h);
          double exact = analytic.get(k)[i];
          if (Math.abs(numeric - exact) > atol + rtol * Math.max(Math.abs(numeric), Math.abs(exact))) {
            fail("gradient of " + xs.get(k).op().name() + "[" + i + "]: analytic " + exact + " vs numeric "
                + numeric);
          }
        }
      }
    } finally {
      baseTensors.forEach(TFloat32::close);
    }
  }

  private Session.Runner runnerWith(Session session, Feeds feeds, List<TFloat32> baseTensors, int replaced,
      TFloat32 replacement) {
    Session.Runner runner = session.runner();
    feeds.asMap().forEach((target, tensor) -> {
      if (!xs.contains(target)) {
        runner.feed(target, tensor);
      }
    });
    for (int j = 0; j < xs.size(); j++) {
      runner.feed(xs.get(j), j == replaced ? replacement : baseTensors.get(j));
    }
    return runner;
  }

  private double lossWith(Session session, Feeds feeds, List<TFloat32> baseTensors, int k, Shape shape,
      float[] value) {
    try (TFloat32 perturbed = TfRun.floats(shape, value);
        Result result = runnerWith(session, feeds, baseTensors, k, perturbed).fetch(loss).run()) {
      return ((TFloat32) result.get(0)).getFloat();
    }
  }
}
