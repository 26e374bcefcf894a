package io.genrec.experiment;

import io.genrec.train.Trainer;

import io.genrec.config.RunConfig;
import io.genrec.data.Datasets;
import io.genrec.data.SequenceDataset;
import io.genrec.data.SplitDataset;
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
    SequenceDataset data = Datasets.load(cfg.data());
    SplitDataset split = Datasets.split(data, cfg.data());
    export(cfg, split, checkpointDir, out);
  }

  static void export(RunConfig cfg, SplitDataset split, Path checkpointDir, Path out) throws IOException {
    SavedModelExport.export(ModelCatalog.create(cfg, split, false), new ItemIdTable(split.data().items()),
        Trainer.bestPrefix(checkpointDir), out, cfg.export().k(), cfg.eval().filterHistory(), cfg.seed());
  }
}
