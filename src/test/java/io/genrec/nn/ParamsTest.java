package io.genrec.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;

class ParamsTest {

  /** Builds a small model and returns every parameter's initial value by name. */
  private static Map<String, float[]> initialValues(long seed) {
    try (Graph g = new Graph()) {
      Params p = new Params(Ops.create(g), seed, true);
      Embedding.create(p, "items", 7, 4, Init.truncatedNormal(0.02f), false);
      Dense.of(4, 3).apply(p, "encoder/dense", p.tf().placeholder(TFloat32.class,
          org.tensorflow.op.core.Placeholder.shape(Shape.of(-1, 4))));
      Map<String, float[]> values = new LinkedHashMap<>();
      try (Session s = TfRun.session(g)) {
        List<float[]> read = TfRun.evalAll(s, p.trainable().stream().map(Param::value).toList());
        for (int i = 0; i < read.size(); i++) {
          values.put(p.trainable().get(i).name(), read.get(i));
        }
      }
      return values;
    }
  }

  @Test
  void sameSeedStartsBitIdenticallyInFreshGraphs() {
    Map<String, float[]> a = initialValues(42);
    Map<String, float[]> b = initialValues(42);
    Map<String, float[]> c = initialValues(43);
    assertEquals(List.of("items/table", "encoder/dense/kernel", "encoder/dense/bias"), new ArrayList<>(a.keySet()));
    for (String name : a.keySet()) {
      assertArrayEquals(a.get(name), b.get(name), name);
    }
    assertFalse(java.util.Arrays.equals(a.get("items/table"), c.get("items/table")));
    assertFalse(java.util.Arrays.equals(a.get("encoder/dense/kernel"), c.get("encoder/dense/kernel")));
  }

  @Test
  void namesAreExactAndStateIsNotTrainable() {
    try (Graph g = new Graph()) {
      Params p = new Params(Ops.create(g), 1, false);
      Param w = p.variable("encoder/block_0/w", Shape.of(2, 2), Init.ones(), true);
      Param b = p.variable("encoder/block_0/b", Shape.of(2), Init.zeros(), false);
      Param other = p.variable("encoder/block_1/w", Shape.of(2), Init.zeros(), false);
      Variable<TInt64> counter = p.state("counters/step", p.tf().constant(0L));
      assertEquals("encoder/block_0/w", w.variable().op().name());
      assertEquals("encoder/block_0/b", b.variable().op().name());
      assertEquals("encoder/block_1/w", other.variable().op().name());
      assertEquals("counters/step", counter.op().name());
      assertEquals("encoder/block_0/w/read", w.value().op().name());
      assertEquals(List.of(w, b, other), p.trainable());
      assertTrue(w.decay());
      assertFalse(b.decay());
      assertTrue(p.find("encoder/block_0/b").isPresent());
      assertTrue(p.find("counters/step").isEmpty());
    }
  }

  @Test
  void duplicateAndStolenNamesAreErrors() {
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      Params p = new Params(tf, 1, false);
      p.variable("a/w", Shape.of(1), Init.zeros(), true);
      assertThrows(IllegalArgumentException.class, () -> p.variable("a/w", Shape.of(1), Init.zeros(), true));
      assertThrows(IllegalArgumentException.class, () -> p.variable("a/bad name", Shape.of(1), Init.zeros(), true));
      tf.withSubScope("taken").withName("w").constant(1f);
      RuntimeException clash =
          assertThrows(RuntimeException.class, () -> p.variable("taken/w", Shape.of(1), Init.zeros(), true));
      assertTrue(clash.getMessage().contains("taken/w"), clash.getMessage());
    }
  }

  @Test
  void listenersSeeEachParameterRightAfterItsVariableAndLateOnesGetAReplay() {
    try (Graph g = new Graph()) {
      Params p = new Params(Ops.create(g), 1, false);
      p.variable("first", Shape.of(1), Init.zeros(), true);
      List<String> seen = new ArrayList<>();
      p.onCreate(param -> seen.add(param.name() + "@" + p.trainable().size()));
      p.variable("second", Shape.of(1), Init.zeros(), true);
      assertEquals(List.of("first@1", "second@2"), seen);
    }
  }

  @Test
  void initialisersHaveTheirPromisedRanges() {
    try (Graph g = new Graph()) {
      Params p = new Params(Ops.create(g), 3, false);
      Param glorot = p.variable("glorot", Shape.of(20, 30), Init.glorotUniform(), true);
      Param truncated = p.variable("truncated", Shape.of(50, 40), Init.truncatedNormal(0.1f), true);
      Param normal = p.variable("normal", Shape.of(50, 40), Init.normal(0.5f), true);
      Param uniform = p.variable("uniform", Shape.of(100), Init.uniform(0.3f), true);
      Param ones = p.variable("ones", Shape.of(3), Init.ones(), false);
      Param zeros = p.variable("zeros", Shape.of(3), Init.zeros(), false);
      Param constant = p.variable("constant", Shape.of(2), Init.constant(2.5f), false);
      try (Session s = TfRun.session(g)) {
        float limit = (float) Math.sqrt(6.0 / 50);
        assertWithin(TfRun.eval(s, glorot.value()), limit, 0.7 * limit);
        assertWithin(TfRun.eval(s, truncated.value()), 0.2f, 0.15f);
        assertWithin(TfRun.eval(s, uniform.value()), 0.3f, 0.2f);
        float[] n = TfRun.eval(s, normal.value());
        double sumSq = 0;
        for (float v : n) {
          sumSq += v * v;
        }
        assertEquals(0.5, Math.sqrt(sumSq / n.length), 0.03);
        assertArrayEquals(new float[] {1, 1, 1}, TfRun.eval(s, ones.value()));
        assertArrayEquals(new float[] {0, 0, 0}, TfRun.eval(s, zeros.value()));
        assertArrayEquals(new float[] {2.5f, 2.5f}, TfRun.eval(s, constant.value()));
      }
    }
  }

  /** All values inside ±bound, and some reaching past ±reach (so the scale is right, not just bounded). */
  private static void assertWithin(float[] values, float bound, double reach) {
    boolean reached = false;
    for (float v : values) {
      assertTrue(Math.abs(v) <= bound, v + " outside ±" + bound);
      reached |= Math.abs(v) > reach;
    }
    assertTrue(reached, "no value beyond ±" + reach);
  }

  @Test
  void nameHashIsStable() {
    assertEquals(0xcbf29ce484222325L, Params.nameHash(""));
    assertEquals(0xaf63dc4c8601ec8cL, Params.nameHash("a"));
  }

  @Test
  void frozenBuildHoldsTheGivenWeightsAsConstantsAndRejectsMissingOrMisshapen() {
    try (Graph g = new Graph();
        TFloat32 kernel = TFloat32.tensorOf(Shape.of(2, 3), org.tensorflow.ndarray.buffer.DataBuffers.of(
            new float[] {1, 2, 3, 4, 5, 6}, true, false));
        TFloat32 bias = TFloat32.tensorOf(Shape.of(3), org.tensorflow.ndarray.buffer.DataBuffers.of(
            new float[] {0.5f, -1, 2}, true, false))) {
      Ops tf = Ops.create(g);
      Params p = Params.frozen(tf, 7, Map.of("dense/kernel", kernel, "dense/bias", bias));
      var x = tf.constant(new float[][] {{1, 1}});
      var y = Dense.of(2, 3).apply(p, "dense", x);
      assertEquals(List.of("dense/kernel", "dense/bias"), p.trainable().stream().map(Param::name).toList());
      assertEquals("Const", g.operation("dense/kernel").type());
      assertTrue(p.trainable().stream().allMatch(q -> q.variable() == null));
      try (Session s = TfRun.session(g)) {
        // No restore and no initialiser: the weights are in the graph.
        assertArrayEquals(new float[] {5.5f, 6, 11}, TfRun.eval(s, y), 0f);
      }
      IllegalStateException missing = assertThrows(IllegalStateException.class,
          () -> p.variable("other/kernel", Shape.of(2, 3), Init.ones(), true));
      assertTrue(missing.getMessage().contains("other/kernel"), missing.getMessage());
      Params wrong = Params.frozen(tf, 7, Map.of("w", bias));
      IllegalStateException shape = assertThrows(IllegalStateException.class,
          () -> wrong.variable("w", Shape.of(4), Init.ones(), true));
      assertTrue(shape.getMessage().contains("[3]") && shape.getMessage().contains("[4]"), shape.getMessage());
    }
  }

  @Test
  void aGroupViewPutsItsParametersInThatGroupAndSharesEverythingElse() {
    try (Graph g = new Graph()) {
      Params p = new Params(Ops.create(g), 1, true);
      List<String> heard = new ArrayList<>();
      p.onCreate(param -> heard.add(param.name() + ":" + param.group()));
      Param w = p.variable("encoder/w", Shape.of(2), Init.ones(), true);
      Params tokenizer = p.group("tokenizer");
      Param codebook = tokenizer.variable("tokenizer/codebook", Shape.of(3), Init.ones(), false);
      Param head = p.variable("head/w", Shape.of(2), Init.ones(), true);
      assertEquals(Params.DEFAULT_GROUP, w.group());
      assertEquals("tokenizer", codebook.group());
      assertEquals(Params.DEFAULT_GROUP, head.group(), "the parent keeps its own group");
      assertEquals(List.of(w, codebook, head), p.trainable());
      assertEquals(p.trainable(), tokenizer.trainable(), "one list of parameters for the whole build");
      assertEquals(List.of("encoder/w:default", "tokenizer/codebook:tokenizer", "head/w:default"), heard);
      assertThrows(IllegalArgumentException.class, () -> tokenizer.variable("encoder/w", Shape.of(2), Init.ones(), true),
          "names are unique across groups");
      assertEquals(codebook, p.inferenceView().variable("tokenizer/codebook", Shape.of(3), Init.ones(), false),
          "an inference view finds a grouped parameter by name");
      assertEquals(tokenizer.nextOpSeed() + 1, p.nextOpSeed(), "one op-seed counter per build");
      assertThrows(IllegalArgumentException.class, () -> p.group("a/b"));
    }
  }
}
