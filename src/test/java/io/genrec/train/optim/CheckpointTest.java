package io.genrec.train.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.genrec.nn.Param;
import io.genrec.nn.Params;
import io.genrec.nn.TfRun;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.Graph;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/** The training build (with optimizer slots) and the inference build share every parameter name. */
class CheckpointTest {

  private static Map<String, float[]> values(Session s, List<Param> params) {
    List<float[]> read = TfRun.evalAll(s, params.stream().map(Param::value).toList());
    Map<String, float[]> values = new LinkedHashMap<>();
    for (int i = 0; i < params.size(); i++) {
      values.put(params.get(i).name(), read.get(i));
    }
    return values;
  }

  @Test
  void weightsTrainedInOneGraphRestoreIntoTheInferenceGraph(@TempDir Path dir) {
    String prefix = dir.resolve("model").toString();
    Map<String, float[]> trained;
    List<String> trainingNames;
    try (Graph g = new Graph()) {
      Params p = new Params(Ops.create(g), 5, true);
      Adam adam = Adam.attach(p, AdamConfig.defaults());
      TinySequenceModel model = new TinySequenceModel(p);
      Op train = adam.minimize(model.loss);
      try (Session s = TfRun.session(g)) {
        Map<String, float[]> initial = values(s, p.trainable());
        for (int step = 0; step < 3; step++) {
          int[][] batch = TinySequenceModel.batch(step, 4);
          try (TInt32 history = TfRun.ints(Shape.of(4, TinySequenceModel.LENGTH), batch[0]);
              TInt32 targets = TfRun.ints(Shape.of(4, TinySequenceModel.LENGTH), batch[1]);
              TFloat32 rate = TFloat32.scalarOf(0.05f);
              Result r = s.runner().feed(model.history, history).feed(model.targets, targets)
                  .feed(adam.learningRate(), rate).addTarget(train).run()) {
            // training step only
          }
        }
        trained = values(s, p.trainable());
        assertFalse(Arrays.equals(initial.get("items/table"), trained.get("items/table")));
        s.save(prefix);
      }
      trainingNames = p.trainable().stream().map(Param::name).toList();
    }
    try (Graph g = new Graph()) {
      Params p = new Params(Ops.create(g), 99, false);
      new TinySequenceModel(p);
      assertEquals(trainingNames, p.trainable().stream().map(Param::name).toList());
      try (Session s = TfRun.session(g)) {
        s.restore(prefix);
        Map<String, float[]> restored = values(s, p.trainable());
        for (String name : trainingNames) {
          assertArrayEquals(trained.get(name), restored.get(name), 0f, name);
        }
      }
    }
  }
}
