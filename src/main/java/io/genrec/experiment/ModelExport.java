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

  /** As below, refusing an {@code out} that holds files an export did not write. */
  public static void fromRun(RunConfig cfg, Path checkpointDir, Path out) throws IOException {
    fromRun(cfg, checkpointDir, out, false);
  }

  /**
   * Exports into {@code out} through {@link SavedModelDirectory#replace}: a failed export keeps the
   * SavedModel that was there, and an {@code out} holding other files is refused unless {@code force}.
   */
  public static void fromRun(RunConfig cfg, Path checkpointDir, Path out, boolean force) throws IOException {
    SavedModelDirectory.checkReplaceable(out, force);
    if (!Trainer.hasBest(checkpointDir)) {
      throw new IOException(checkpointDir + ": no best checkpoint (did the run train at least one epoch?)");
    }
    SplitDataset split = Datasets.loadSplit(cfg.data());
    // checkpointDir is RUN/checkpoints: the model is rebuilt from that run's own files.
    SequentialRecommender model =
        ModelCatalog.create(forRun(cfg, checkpointDir.toAbsolutePath().getParent()), split, false);
    SavedModelDirectory.replace(out, force, dir -> export(model, cfg, split, checkpointDir, dir));
  }

  /**
   * The config an export of the run in {@code runDirectory} builds its model from: the run's own copies
   * of its inputs where it kept them ({@link io.genrec.config.ModelConfig#forRun}; TIGER: its
   * semantic_ids.tsv), so a file changed elsewhere since cannot change what the export bakes.
   */
  public static RunConfig forRun(RunConfig cfg, Path runDirectory) {
    return cfg.withModel(cfg.model().forRun(runDirectory));
  }

  /**
   * Exports {@code model} (built for inference from {@code cfg}) with the best checkpoint's weights;
   * its own state ({@code loadState}) is loaded first, so the graph the export builds can use it.
   */
  static void export(SequentialRecommender model, RunConfig cfg, SplitDataset split, Path checkpointDir, Path out)
      throws IOException {
    export(model, cfg, ItemIdTable.of(split.sources()), checkpointDir, out);
  }

  /** As above, with the catalog's id mapping given: the split's, or one grown by new items. */
  static void export(SequentialRecommender model, RunConfig cfg, ItemIdTable ids, Path checkpointDir, Path out)
      throws IOException {
    model.loadState(Trainer.bestDir(checkpointDir));
    SavedModelExport.export(model, ids, Trainer.bestPrefix(checkpointDir), out,
        cfg.export().k(), cfg.eval().filterHistory(), cfg.seed());
  }
}
