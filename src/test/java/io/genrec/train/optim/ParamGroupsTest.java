package io.genrec.train.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.genrec.config.ConfigException;
import io.genrec.config.ParamGroupConfig;
import io.genrec.nn.Param;
import io.genrec.nn.Params;
import io.genrec.nn.TfRun;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/** Parameter groups in the optimizer: frozen, learning-rate multiplier, own clip norm, per-group norms. */
class ParamGroupsTest {

  private static ParamGroupConfig group(String match, double lrMultiplier, Double clipNorm, boolean frozen) {
    return new ParamGroupConfig(match, lrMultiplier, clipNorm, frozen);
  }

  /** Two parameters with loss Σ a·w + Σ b·u, so each gradient is its constant: w (default group), u (group "u"). */
  private record Linear(Graph graph, Param w, Param u, Optimizer optimizer, Op train) {}

  private static Linear linear(Graph g, float[] a, float[] b, float[] init, Function<Params, Optimizer> attach) {
    Ops tf = Ops.create(g);
    Params p = new Params(tf, 1, true);
    Optimizer optimizer = attach.apply(p);
    Param w = p.variable("w", Shape.of(a.length), TrainingSteps.fixed(init), true);
    Param u = p.group("u").variable("u", Shape.of(b.length), TrainingSteps.fixed(init), true);
    Operand<TFloat32> loss = tf.math.add(
        tf.sum(tf.math.mul(tf.constant(a), w.value()), tf.constant(0)),
        tf.sum(tf.math.mul(tf.constant(b), u.value()), tf.constant(0)));
    return new Linear(g, w, u, optimizer, optimizer.minimize(loss));
  }

  /** One SGD step at lr 1 from zero: minus each parameter's update, i.e. its clipped gradient, w's then u's. */
  private static float[][] sgdStep(float globalClip, Map<String, ParamGroupConfig> groups, float lr) {
    try (Graph g = new Graph()) {
      Linear m = linear(g, new float[] {6f, 8f}, new float[] {3f, 4f}, new float[] {0f, 0f},
          p -> Sgd.attach(p, globalClip, ParamGroups.of(groups)));
      try (Session s = TfRun.session(g); TFloat32 rate = TFloat32.scalarOf(lr);
          Result r = s.runner().feed(m.optimizer().learningRate(), rate).addTarget(m.train()).run()) {
        float[] w = TrainingSteps.value(s, m.w().value());
        float[] u = TrainingSteps.value(s, m.u().value());
        return new float[][] {{-w[0], -w[1]}, {-u[0], -u[1]}};
      }
    }
  }

  @Test
  void aMultiplierOfHalfScalesTheSgdStepByExactlyHalf() {
    float[][] plain = sgdStep(0f, Map.of(), 0.3f);
    float[][] half = sgdStep(0f, Map.of("u", group("", 0.5, null, false)), 0.3f);
    assertArrayEquals(plain[0], half[0], 0f, "the default group keeps the full rate");
    for (int i = 0; i < 2; i++) {
      assertEquals(0.5f * plain[1][i], half[1][i], 0f, "u's step is halved exactly (component " + i + ")");
    }
    assertTrue(half[1][0] != plain[1][0], "the steps differ at all");
  }

  @Test
  void aGroupClipNormClipsOnlyThatGroupAndTheGlobalClipTheRestByTheirOwnNorm() {
    // w's gradient (6, 8) has norm 10, u's (3, 4) norm 5.
    float[][] own = sgdStep(0f, Map.of("u", group("", 1, 1.0, false)), 1f);
    assertArrayEquals(new float[] {6f, 8f}, own[0], 1e-6f, "no global clip: w untouched");
    assertArrayEquals(new float[] {0.6f, 0.8f}, own[1], 1e-6f, "u clipped to norm 1 by its own norm 5");

    float[][] both = sgdStep(2f, Map.of("u", group("", 1, 1.0, false)), 1f);
    assertArrayEquals(new float[] {1.2f, 1.6f}, both[0], 1e-6f, "w clipped to 2 by its norm 10 (u not counted)");
    assertArrayEquals(new float[] {0.6f, 0.8f}, both[1], 1e-6f);

    float[][] exempt = sgdStep(2f, Map.of("u", group("", 1, 0.0, false)), 1f);
    assertArrayEquals(new float[] {1.2f, 1.6f}, exempt[0], 1e-6f);
    assertArrayEquals(new float[] {3f, 4f}, exempt[1], 1e-6f, "clip_norm 0: this group is never clipped");

    float[][] global = sgdStep(5f, Map.of(), 1f);
    float scale = 5f / (float) Math.sqrt(125);
    assertArrayEquals(new float[] {6f * scale, 8f * scale}, global[0], 1e-6f, "without groups: one global norm");
    assertArrayEquals(new float[] {3f * scale, 4f * scale}, global[1], 1e-6f);
  }

  @Test
  void aFrozenGroupStaysBitIdenticalWithoutSlotsOrDecayWhileTheOthersMove() {
    try (Graph g = new Graph()) {
      Map<String, ParamGroupConfig> groups = Map.of("u", group("", 1, null, true));
      float[] init = {0.3f, -0.7f};
      Linear m = linear(g, new float[] {1f, 2f}, new float[] {3f, 4f}, init,
          p -> AdamW.attach(p, AdamConfig.defaults(), 0.1f, ParamGroups.of(groups)));
      assertEquals(List.of(m.w()), m.optimizer().updated());
      assertNotNull(g.operation(Optimizer.SCOPE + "/m/w"));
      assertNull(g.operation(Optimizer.SCOPE + "/m/u"), "no Adam slots for a frozen parameter");
      try (Session s = TfRun.session(g)) {
        for (int step = 0; step < 5; step++) TrainingSteps.step(s, m.train(), m.optimizer().globalNorm(), 0.05f);
        assertArrayEquals(init, TrainingSteps.value(s, m.u().value()), 0f, "frozen: bit-identical after 5 steps");
        assertFalse(java.util.Arrays.equals(init, TrainingSteps.value(s, m.w().value())), "w trains");
      }
    }
  }

  @Test
  void groupNormsAreEachGroupsUnclippedNormAndOnlyBuiltWhenThereIsMoreThanOneGroupOrAConfig() {
    try (Graph g = new Graph()) {
      Linear m = linear(g, new float[] {6f, 8f}, new float[] {3f, 4f}, new float[] {0f, 0f},
          p -> Sgd.attach(p, 1f));
      Map<String, Operand<TFloat32>> norms = m.optimizer().groupNorms();
      assertEquals(List.of("default", "u"), new ArrayList<>(norms.keySet()), "the model's two groups");
      try (Session s = TfRun.session(g); TFloat32 rate = TFloat32.scalarOf(1f);
          Result r = s.runner().feed(m.optimizer().learningRate(), rate).addTarget(m.train())
              .fetch(norms.get("default")).fetch(norms.get("u")).run()) {
        assertEquals(10f, ((TFloat32) r.get(0)).getFloat(), 1e-5f);
        assertEquals(5f, ((TFloat32) r.get(1)).getFloat(), 1e-5f);
      }
    }
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      Params p = new Params(tf, 1, true);
      Sgd sgd = Sgd.attach(p, 0f);
      Param w = p.variable("w", Shape.of(1), TrainingSteps.fixed(1f), true);
      sgd.minimize(tf.sum(w.value(), tf.constant(0)));
      assertTrue(sgd.groupNorms().isEmpty(), "one group, none configured: nothing extra to fetch");
    }
  }

  /** A model whose parameters the model itself puts in two groups trains exactly as with one, if unconfigured. */
  @Test
  void unconfiguredGroupsTrainBitIdenticallyToNone() {
    List<float[]> plain = tinyAdamRun(false);
    List<float[]> grouped = tinyAdamRun(true);
    assertEquals(plain.size(), grouped.size());
    for (int i = 0; i < plain.size(); i++) assertArrayEquals(plain.get(i), grouped.get(i), 0f, "parameter " + i);
  }

  private static List<float[]> tinyAdamRun(boolean groupEncoder) {
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      Params p = new Params(tf, 3, true);
      Adam adam = Adam.attach(p, AdamConfig.defaults().withClipNorm(0.5f));
      Param a = (groupEncoder ? p.group("encoder") : p).variable("a", Shape.of(3), TrainingSteps.fixed(1f, 2f, 3f), true);
      Param b = p.variable("b", Shape.of(3), TrainingSteps.fixed(-1f, 0.5f, 2f), true);
      Operand<TFloat32> loss = tf.sum(tf.math.square(tf.math.mul(a.value(), b.value())), tf.constant(0));
      Op train = adam.minimize(loss);
      try (Session s = TfRun.singleThreaded(g)) {
        for (int step = 0; step < 4; step++) TrainingSteps.step(s, train, loss, 0.1f);
        return List.of(TrainingSteps.value(s, a.value()), TrainingSteps.value(s, b.value()));
      }
    }
  }

  @Test
  void matchPutsVariablesInAGroupByNameWhateverTheModelSaid() {
    Map<String, ParamGroupConfig> groups = new LinkedHashMap<>();
    groups.put("all_w", group("w|u", 0.5, null, false));
    float[][] step = sgdStep(0f, groups, 1f);
    assertArrayEquals(new float[] {3f, 4f}, step[0], 0f);
    assertArrayEquals(new float[] {1.5f, 2f}, step[1], 0f, "u left its model group for all_w");
  }

  @Test
  void configErrorsNameTheGroupAndWhatTheModelHas() {
    ConfigException unknown = assertThrows(ConfigException.class,
        () -> sgdStep(0f, Map.of("tokenizer", group("", 0.5, null, false)), 1f));
    assertTrue(unknown.getMessage().contains("train.param_groups.tokenizer: the model has no parameter group"
        + " \"tokenizer\" (its groups: default, u)"), unknown.getMessage());

    ConfigException nothing = assertThrows(ConfigException.class,
        () -> sgdStep(0f, Map.of("enc", group("encoder/.*", 1, null, true)), 1f));
    assertTrue(nothing.getMessage().contains("train.param_groups.enc.match = \"encoder/.*\" matches no variable"
        + " of this model (e.g. w, u)"), nothing.getMessage());

    Map<String, ParamGroupConfig> overlapping = new LinkedHashMap<>();
    overlapping.put("one", group("w", 1, null, false));
    overlapping.put("two", group("w|u", 1, null, false));
    ConfigException twice = assertThrows(ConfigException.class, () -> sgdStep(0f, overlapping, 1f));
    assertTrue(twice.getMessage().contains("variable w matches the \"match\" of several groups [one, two]"),
        twice.getMessage());

    Map<String, ParamGroupConfig> allFrozen = new LinkedHashMap<>();
    allFrozen.put("default", group("", 1, null, true));
    allFrozen.put("u", group("", 1, null, true));
    ConfigException frozen = assertThrows(ConfigException.class, () -> sgdStep(0f, allFrozen, 1f));
    assertTrue(frozen.getMessage().contains("every parameter the loss depends on is frozen"), frozen.getMessage());
  }
}
