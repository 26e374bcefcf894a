package io.genrec.train;

import io.genrec.experiment.TrainingRun;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.genrec.config.RunConfig;
import io.genrec.data.Datasets;
import io.genrec.data.SplitDataset;
import io.genrec.experiment.RunDirectory;
import io.genrec.model.catalog.ModelCatalog;
import io.genrec.serve.ItemIdTable;
import io.genrec.serve.SavedModelExport;
import io.genrec.serve.ServingModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The default export bakes the weights into the graph as constants; past the size cap it keeps them
 * as variables. Both must answer exactly alike.
 */
class FrozenExportTest {
  @Test
  void constantAndVariableExportsAnswerAlike(@TempDir Path dir) throws Exception {
    Path data = TinyRuns.writeSequences(dir, 40, 30, 3);
    RunConfig cfg = TinyRuns.sasrec(data, dir.resolve("exports"), "{\"train\": {\"epochs\": 1}}");
    RunDirectory run = new RunDirectory(Files.createDirectories(dir.resolve("run")));
    new TrainingRun().execute(cfg, run);
    SplitDataset split = Datasets.split(Datasets.load(cfg.data()), cfg.data());
    String best = Trainer.bestPrefix(run.checkpointDir());
    Path frozen = dir.resolve("frozen");
    Path variables = dir.resolve("variables");
    SavedModelExport.export(ModelCatalog.create(cfg, split, false), new ItemIdTable(split.data().items()), best,
        frozen, 5, false, cfg.seed());
    SavedModelExport.export(ModelCatalog.create(cfg, split, false), new ItemIdTable(split.data().items()), best,
        variables, 5, false, cfg.seed(), 0);
    assertEquals(0, files(frozen.resolve("variables")), "a frozen export has no variable files");
    assertTrue(files(variables.resolve("variables")) > 0, "past the cap the weights stay variables");

    long[][] histories = {{101, 102, 103}, {110, 111}, {129}};
    try (ServingModel a = new ServingModel(frozen); ServingModel b = new ServingModel(variables)) {
      ServingModel.TopK x = a.recommend(histories, 5);
      ServingModel.TopK y = b.recommend(histories, 5);
      for (int u = 0; u < histories.length; u++) {
        assertArrayEquals(y.ids()[u], x.ids()[u]);
        assertArrayEquals(y.scores()[u], x.scores()[u], 1e-6f);
      }
    }
  }

  private static long files(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.count();
    }
  }
}
