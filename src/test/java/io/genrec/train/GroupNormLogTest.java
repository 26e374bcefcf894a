package io.genrec.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.genrec.config.ParamGroupConfig;
import io.genrec.config.TrainConfig;
import io.genrec.experiment.RunDirectory;
import io.genrec.nn.Init;
import io.genrec.nn.Param;
import io.genrec.nn.Params;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.Operand;
import org.tensorflow.Session;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

/** grad_norm/&lt;group&gt; in epochs.jsonl: each group's norm averaged over the epoch's steps, beside the hooks' fetches. */
class GroupNormLogTest {
  @TempDir Path dir;

  /**
   * loss = c·w + 3c·u for a fed scalar c, so the gradients are c (w, group "default") and 3c (u, in
   * group {@code uGroup}) whatever the weights: the norms are |c| and 3|c|. Batches feed c = 1, -2, 4.
   * An after-step fetch of c checks that the norms' fetches do not shift the hooks' ones.
   */
  private static final class Linear implements Trainable {
    static final float[] C = {1f, -2f, 4f};
    final List<Float> fetchedC = new ArrayList<>();
    private final String uGroup;
    private Placeholder<TFloat32> c;
    private Operand<TFloat32> fetchC;

    Linear(String uGroup) {
      this.uGroup = uGroup;
    }

    @Override
    public Operand<TFloat32> buildLoss(Params params) {
      Ops tf = params.tf();
      c = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.scalar()));
      fetchC = tf.identity(c); // a fed placeholder cannot be fetched itself
      Param w = params.variable("w", Shape.of(1), Init.zeros(), false);
      Param u = params.group(uGroup).variable("u", Shape.of(1), Init.zeros(), false);
      return tf.sum(tf.math.add(tf.math.mul(c, w.value()), tf.math.mul(tf.math.mul(tf.constant(3f), c), u.value())),
          tf.constant(0));
    }

    @Override
    public List<Operand<?>> afterStepFetches() {
      return List.of(fetchC);
    }

    @Override
    public void afterStep(Session session, List<Tensor> fetched) {
      fetchedC.add(((TFloat32) fetched.get(0)).getFloat());
    }

    @Override
    public Iterator<FeedBatch> batches(int epoch) {
      return java.util.Arrays.stream(new Float[] {C[0], C[1], C[2]})
          .map(v -> new FeedBatch(1).put(c, TFloat32.scalarOf(v))).iterator();
    }

    @Override
    public int batchesPerEpoch() {
      return C.length;
    }
  }

  private static final Validation CONSTANT = new Validation() {
    @Override
    public Map<String, Double> run(Session session) {
      return Map.of("score", 1.0);
    }

    @Override
    public String key() {
      return "score";
    }
  };

  private static TrainConfig config(Map<String, ParamGroupConfig> groups) {
    return new TrainConfig(2, 1, 0.01, TrainConfig.Optimizer.ADAM, 0, 0.9, 0.999, 1e-8, TrainConfig.Schedule.CONSTANT,
        0, 0, 0, 0, 1, 1, 1, false).withParamGroups(groups);
  }

  private List<JsonObject> fit(Linear model, Map<String, ParamGroupConfig> groups, String run) throws Exception {
    RunDirectory out = new RunDirectory(dir.resolve(run));
    try (Trainer trainer = new Trainer(model, config(groups), 1, null)) {
      trainer.fit(CONSTANT, out, run);
    }
    List<JsonObject> lines = new ArrayList<>();
    for (String line : out.epochLines()) lines.add(JsonParser.parseString(line).getAsJsonObject());
    return lines;
  }

  @Test
  void eachGroupsNormIsTheMeanOverTheEpochsStepsAfterTheHooksFetches() throws Exception {
    Linear model = new Linear("emb");
    List<JsonObject> epochs = fit(model, Map.of("emb", new ParamGroupConfig("", 0.5, null, false)), "groups");
    double meanAbsC = (1 + 2 + 4) / 3.0;
    for (JsonObject line : epochs) {
      assertEquals(meanAbsC, line.get("grad_norm/default").getAsDouble(), 1e-6, line.toString());
      assertEquals(3 * meanAbsC, line.get("grad_norm/emb").getAsDouble(), 1e-6, line.toString());
    }
    assertEquals(List.of(1f, -2f, 4f, 1f, -2f, 4f), model.fetchedC, "afterStep still gets its own fetch");
  }

  @Test
  void oneUnconfiguredGroupLogsNoNorms() throws Exception {
    List<JsonObject> epochs = fit(new Linear(Params.DEFAULT_GROUP), Map.of(), "plain");
    assertFalse(epochs.get(0).keySet().stream().anyMatch(k -> k.startsWith("grad_norm/")), epochs.get(0).toString());
  }
}
