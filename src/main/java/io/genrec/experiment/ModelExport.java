package io.genrec.experiment;

import io.genrec.train.Trainer;

import io.genrec.config.RunConfig;
import io.genrec.data.Datasets;
import io.genrec.data.SplitDataset;
import io.genrec.model.SequentialRecommender;
import io.genrec.model.catalog.ModelCatalog;
import io.genrec.serve.ItemIdTable;
import io.genrec.serve.SavedModelExport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Exports the best checkpoint of a run, rebuilding the inference model from its config and data. */
public final class ModelExport {
  private ModelExport() {}

  public static void fromRun(RunConfig cfg, Path checkpointDir, Path out) throws IOException {
    if (!Trainer.hasBest(checkpointDir)) {
      throw new IOException(checkpointDir + ": no best checkpoint (did the run train at least one epoch?)");
    }
    SplitDataset split = Datasets.loadSplit(cfg.data());
    export(ModelCatalog.create(cfg, split, false), cfg, split, checkpointDir, out);
  }

  /**
   * Exports {@code model} (built for inference from {@code cfg}) with the best checkpoint's weights;
   * its own state ({@code loadState}) is loaded first, so the graph the export builds can use it.
   */
  static void export(SequentialRecommender model, RunConfig cfg, SplitDataset split, Path checkpointDir, Path out)
      throws IOException {
    model.loadState(Trainer.bestDir(checkpointDir));
    SavedModelExport.export(model, ItemIdTable.of(split.sources()), Trainer.bestPrefix(checkpointDir), out,
        cfg.export().k(), cfg.eval().filterHistory(), cfg.seed());
  }
}
