package io.genrec.model.s3rec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.genrec.config.RunConfig;
import io.genrec.data.Datasets;
import io.genrec.data.SplitDataset;
import io.genrec.experiment.RunDirectory;
import io.genrec.experiment.TrainingRun;
import io.genrec.model.SequentialRecommender;
import io.genrec.model.catalog.ModelCatalog;
import io.genrec.nn.Param;
import io.genrec.nn.Params;
import io.genrec.train.TinyRuns;
import io.genrec.train.Trainer;
import io.genrec.train.WarmStart;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.Graph;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * A fine-tuning model warm-started from a pre-training run holds exactly the pre-trained item table,
 * positions and blocks (the mask token's row included), and none of the pre-training-only maps.
 */
class S3RecWarmStartTest {
  @TempDir Path dir;

  private static float[] values(Session session, String op) {
    try (Result r = session.runner().fetch(op).run()) {
      TFloat32 t = (TFloat32) r.get(0);
      float[] out = new float[(int) t.shape().size()];
      t.asRawTensor().data().asFloats().read(out);
      return out;
    }
  }

  @Test
  void theFineTuningTablesEqualThePreTrainedOnes() throws Exception {
    Path data = TinyRuns.writeSequences(dir, 40, 25, 6);
    Path attributes = S3RecObjectivesTest.writeAttributes(dir, 25);
    RunConfig pre = TinyRuns.sasrec(data, dir.resolve("exports"), """
        {"model": {"name": "s3rec", "objective": "pretrain", "hidden": 16, "num_blocks": 1,
                   "attributes": "%s"},
         "train": {"epochs": 1}, "eval": {"validate": false}, "export": {"enabled": false}}
        """.formatted(attributes.toString().replace("\\", "/")));
    Path preDir = Files.createDirectories(dir.resolve("pre"));
    new TrainingRun().execute(pre, new RunDirectory(preDir));

    RunConfig fine = TinyRuns.sasrec(data, dir.resolve("exports"), """
        {"model": {"name": "s3rec", "hidden": 16, "num_blocks": 1, "init_from": "%s"}}
        """.formatted(preDir.toString().replace("\\", "/")));
    SplitDataset split = Datasets.split(Datasets.load(fine.data()), fine.data());
    SequentialRecommender tuned = ModelCatalog.create(fine, split, true);
    List<String> names = new ArrayList<>();
    List<float[]> warm = new ArrayList<>();
    List<float[]> initial = new ArrayList<>();
    try (Graph g = new Graph()) {
      Params params = new Params(Ops.create(g), fine.seed(), true);
      tuned.buildLoss(params);
      try (Session s = new Session(g)) {
        for (Param p : params.trainable()) {
          names.add(p.name());
          initial.add(values(s, p.name() + "/read"));
        }
        WarmStart.Report report = WarmStart.apply(fine.initFrom(), s, params);
        assertEquals(names, report.loaded(), "every fine-tuning variable is loaded");
        for (String name : names) warm.add(values(s, name + "/read"));
      }
    }
    assertTrue(names.contains("s3rec/items/table") && names.contains("s3rec/positions/table"), names.toString());
    assertTrue(names.stream().noneMatch(n -> n.startsWith("s3rec/mip") || n.startsWith("s3rec/attributes")),
        "pre-training-only variables stay behind: " + names);

    SequentialRecommender pretrained = ModelCatalog.create(pre, split, true);
    try (Trainer trainer = new Trainer(pretrained, pre.train(), pre.seed(), pretrained::buildValidationHead)) {
      trainer.restoreBest(preDir.resolve("checkpoints"));
      for (int i = 0; i < names.size(); i++) {
        float[] saved = values(trainer.session(), names.get(i) + "/read");
        assertArrayEquals(saved, warm.get(i), 0f, names.get(i) + " equals the pre-trained value");
        if (names.get(i).equals("s3rec/items/table")) {
          assertFalse(java.util.Arrays.equals(saved, initial.get(i)), "pre-training moved the item table");
        }
      }
    }
  }
}
