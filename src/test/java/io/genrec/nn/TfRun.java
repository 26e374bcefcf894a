package io.genrec.nn;

import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/** Small test conveniences: sessions with fixed threads, tensors from arrays, reading results. */
public final class TfRun {

  private TfRun() {
  }

  /** The project's speed setting (notes §10): 2 intra-op threads, 1 inter-op. */
  public static Session session(Graph graph) {
    return new Session(graph, ConfigProto.newBuilder()
        .setIntraOpParallelismThreads(2).setInterOpParallelismThreads(1).build());
  }

  /** One thread everywhere: the configuration under which runs must be bit-reproducible. */
  public static Session singleThreaded(Graph graph) {
    return new Session(graph, ConfigProto.newBuilder()
        .setIntraOpParallelismThreads(1).setInterOpParallelismThreads(1).build());
  }

  /** Static shape check; Shape.equals is false whenever a dimension is unknown, so compare arrays. */
  public static void assertShape(Operand<?> x, long... dims) {
    org.junit.jupiter.api.Assertions.assertArrayEquals(dims, x.shape().asArray(), "static shape " + x.shape());
  }

  public static TFloat32 floats(Shape shape, float... values) {
    return TFloat32.tensorOf(shape, DataBuffers.of(values, true, false));
  }

  public static TInt32 ints(Shape shape, int... values) {
    return TInt32.tensorOf(shape, DataBuffers.of(values, true, false));
  }

  /** Evaluates one float output with the given feeds. */
  public static float[] eval(Session session, Operand<TFloat32> fetch, Feeds feeds) {
    Session.Runner runner = session.runner();
    feeds.applyTo(runner);
    try (Result result = runner.fetch(fetch).run()) {
      return read((TFloat32) result.get(0));
    }
  }

  /**
   * The op types TensorFlow ran for {@code fetch} (a full trace of one call), after its graph rewrites:
   * what a fusion turned the graph into.
   */
  public static java.util.List<String> tracedOpTypes(Session session, Operand<TFloat32> fetch, Feeds feeds) {
    Session.Runner runner = session.runner();
    feeds.applyTo(runner);
    org.tensorflow.proto.RunOptions trace = org.tensorflow.proto.RunOptions.newBuilder()
        .setTraceLevel(org.tensorflow.proto.RunOptions.TraceLevel.FULL_TRACE).build();
    java.util.List<String> types = new java.util.ArrayList<>();
    try (Result result = runner.fetch(fetch).setOptions(trace).runAndFetchMetadata()) {
      for (org.tensorflow.proto.DeviceStepStats device : result.getMetadata().orElseThrow().getStepStats().getDevStatsList()) {
        for (org.tensorflow.proto.NodeExecStats node : device.getNodeStatsList()) {
          // The timeline label reads "name = OpType(inputs)".
          String label = node.getTimelineLabel();
          int eq = label.indexOf(" = ");
          if (eq >= 0 && label.indexOf('(', eq) > 0) types.add(label.substring(eq + 3, label.indexOf('(', eq)));
        }
      }
    }
    return types;
  }

  public static float[] eval(Session session, Operand<TFloat32> fetch) {
    try (Feeds none = new Feeds()) {
      return eval(session, fetch, none);
    }
  }

  /** Evaluates several float outputs in one run (one executor; each new fetch set costs a graph optimisation). */
  public static java.util.List<float[]> evalAll(Session session, java.util.List<? extends Operand<TFloat32>> fetches) {
    Session.Runner runner = session.runner();
    fetches.forEach(runner::fetch);
    java.util.List<float[]> values = new java.util.ArrayList<>();
    try (Result result = runner.run()) {
      for (int i = 0; i < fetches.size(); i++) {
        values.add(read((TFloat32) result.get(i)));
      }
    }
    return values;
  }

  public static float scalar(Session session, Operand<TFloat32> fetch, Feeds feeds) {
    return eval(session, fetch, feeds)[0];
  }

  public static float[] read(TFloat32 tensor) {
    float[] values = new float[Math.toIntExact(tensor.shape().size())];
    tensor.copyTo(DataBuffers.of(values, false, false));
    return values;
  }

  /** Deterministic pseudo-random values in [-scale, scale). */
  public static float[] random(long seed, int count, float scale) {
    java.util.Random random = new java.util.Random(seed);
    float[] values = new float[count];
    for (int i = 0; i < count; i++) {
      values[i] = (random.nextFloat() * 2f - 1f) * scale;
    }
    return values;
  }
}
