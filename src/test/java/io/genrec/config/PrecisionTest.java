package io.genrec.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonParser;
import io.genrec.model.catalog.ModelCatalog;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.proto.RewriterConfig;
import org.tensorflow.types.TFloat32;

class PrecisionTest {
  private static final int N = 64;

  @Test
  void float32LeavesTheRewriteOffAndBf16TurnsOnOneDnnMixedPrecision() {
    assertEquals(RewriterConfig.Toggle.DEFAULT,
        Precision.FLOAT32.sessionConfig(2, 1).getGraphOptions().getRewriteOptions().getAutoMixedPrecisionOnednnBfloat16());
    var bf16 = Precision.BF16.sessionConfig(2, 1);
    assertEquals(RewriterConfig.Toggle.ON, bf16.getGraphOptions().getRewriteOptions().getAutoMixedPrecisionOnednnBfloat16());
    assertEquals(2, bf16.getIntraOpParallelismThreads());
    assertEquals(1, bf16.getInterOpParallelismThreads());
  }

  /**
   * bf16 keeps 8 bits of mantissa: a matmul of values in [−1, 1) over 64 terms lands within a few
   * hundredths of the exact result. Where the CPU has bfloat16 units the rewrite must really happen
   * (the result differs from float32's); elsewhere oneDNN may decline, and only closeness is asked.
   */
  @Test
  void aMatmulInBf16IsCloseToTheExactProductAndDiffersFromFloat32WhereTheCpuHasBf16() throws Exception {
    float[] a = new float[N * N];
    float[] b = new float[N * N];
    Random rng = new Random(3);
    for (int i = 0; i < a.length; i++) {
      a[i] = rng.nextFloat() * 2 - 1;
      b[i] = rng.nextFloat() * 2 - 1;
    }
    float[] f32 = matmul(Precision.FLOAT32, a, b);
    float[] bf16 = matmul(Precision.BF16, a, b);
    double worst = 0;
    for (int i = 0; i < N; i++) {
      for (int j = 0; j < N; j++) {
        double exact = a[i * N + j];
        for (int k = 0; k < N; k++) exact += (double) a[i * N + k] * b[k * N + j];
        worst = Math.max(worst, Math.abs(bf16[i * N + j] - exact));
        assertEquals(exact, f32[i * N + j], 1e-4);
      }
    }
    assertTrue(worst < 0.25, "bf16 result off the exact product by " + worst);
    if (cpuHasBf16()) assertNotEquals(0.0, maxDifference(f32, bf16), "bf16 session ran the matmul in float32");
  }

  @Test
  void aRunConfigReadsPrecisionAndRejectsAnUnknownOneByKey() {
    ConfigReader reader = new ConfigReader(ModelCatalog.INSTANCE);
    String base = "{\"experiment\":\"t\",\"data\":{\"path\":\"x.txt\"},\"model\":{\"name\":\"sasrec\"},";
    assertEquals(Precision.FLOAT32, reader.resolve(JsonParser.parseString(base + "\"train\":{}}").getAsJsonObject())
        .config().train().precision());
    assertEquals(Precision.BF16, reader.resolve(JsonParser.parseString(base + "\"train\":{\"precision\":\"bf16\"}}")
        .getAsJsonObject()).config().train().precision());
    ConfigException e = assertThrows(ConfigException.class, () -> reader.resolve(
        JsonParser.parseString(base + "\"train\":{\"precision\":\"fp16\"}}").getAsJsonObject()));
    assertTrue(e.getMessage().contains("train.precision"), e.getMessage());
    assertTrue(e.getMessage().contains("bf16"), e.getMessage());
  }

  @Test
  void parseNamesTheFlagAndWhatIsAllowed() {
    assertEquals(Precision.BF16, Precision.parse("--precision", "bf16"));
    ConfigException e = assertThrows(ConfigException.class, () -> Precision.parse("--precision", "half"));
    assertTrue(e.getMessage().startsWith("--precision: expected float32 or bf16"), e.getMessage());
  }

  private static float[] matmul(Precision precision, float[] a, float[] b) {
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      // Fed, not constant: Grappler would fold a constant product before the rewrite could see it.
      Placeholder<TFloat32> pa = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(N, N)));
      Placeholder<TFloat32> pb = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(N, N)));
      // Plus a: Grappler leaves graphs of fewer than 4 nodes alone, so a lone MatMul would never be rewritten.
      var product = tf.identity(tf.math.add(tf.linalg.matMul(pa, pb), pa));
      try (Session s = new Session(g, precision.sessionConfig(1, 1));
          TFloat32 ta = TFloat32.tensorOf(Shape.of(N, N), DataBuffers.of(a, true, false));
          TFloat32 tb = TFloat32.tensorOf(Shape.of(N, N), DataBuffers.of(b, true, false));
          Result r = s.runner().feed(pa, ta).feed(pb, tb).fetch(product).run()) {
        float[] out = new float[N * N];
        ((TFloat32) r.get(0)).copyTo(DataBuffers.of(out, false, false));
        return out;
      }
    }
  }

  private static double maxDifference(float[] x, float[] y) {
    double worst = 0;
    for (int i = 0; i < x.length; i++) worst = Math.max(worst, Math.abs(x[i] - y[i]));
    return worst;
  }

  private static boolean cpuHasBf16() throws Exception {
    Path cpuinfo = Path.of("/proc/cpuinfo");
    if (!Files.isReadable(cpuinfo)) return false;
    String text = Files.readString(cpuinfo);
    return text.contains(" avx512_bf16") || text.contains(" amx_bf16");
  }
}
