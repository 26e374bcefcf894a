package io.genrec.bench;

import io.genrec.config.ConfigReader;
import io.genrec.config.Overrides;
import io.genrec.config.RunConfig;
import io.genrec.data.Datasets;
import io.genrec.data.FileTrees;
import io.genrec.data.SplitDataset;
import io.genrec.model.SequentialRecommender;
import io.genrec.model.catalog.ModelCatalog;
import io.genrec.serve.ItemIdTable;
import io.genrec.serve.SavedModelExport;
import io.genrec.serve.http.TfServingLayout;
import io.genrec.train.FeedBatch;
import io.genrec.train.Trainer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * A config's model after a few training steps, exported as the next version of BASE/NAME/ (TF
 * Serving's layout), for serving benchmarks: what a call costs hardly depends on what the weights
 * are (SASRec scores the whole catalog, TIGER's beam search runs every level), so a few steps do.
 * But not none: an export bakes the weights in as constants, and TensorFlow's graph optimiser folds
 * the initial all-zero biases and all-one gains away — TIGER's serving call ran 1,676 ops with the
 * initial weights against 1,915 after three steps, so initial weights flatter the latency.
 *
 * <p>Usage: BriefTrainingExport CONFIG BASE NAME [--set key=value ...]; prints the version directory.
 */
public final class BriefTrainingExport {
  /** Training steps before the export: enough that no parameter keeps its constant initial value. */
  private static final int STEPS = 3;

  public static void main(String[] args) throws Exception {
    if (args.length < 3) {
      System.err.println("usage: BriefTrainingExport CONFIG BASE NAME [--set key=value ...]");
      System.exit(2);
    }
    List<Overrides.Override> sets = new ArrayList<>();
    for (int i = 3; i < args.length; i++) {
      if (args[i].equals("--set") && i + 1 < args.length) sets.add(Overrides.parse(args[++i]));
      else throw new IllegalArgumentException("unknown argument " + args[i]);
    }
    RunConfig cfg = new ConfigReader(ModelCatalog.INSTANCE).read(Path.of(args[0]), sets).config();
    SplitDataset split = Datasets.split(Datasets.load(cfg.data()), cfg.data());
    SequentialRecommender model = ModelCatalog.create(cfg, split, true);
    Path work = Files.createTempDirectory("initial-weights");
    try {
      String prefix = work.resolve("initial").toString();
      try (Trainer trainer = new Trainer(model, cfg.train(), cfg.seed(), model::buildValidationHead)) {
        BenchSteps steps = new BenchSteps(trainer, cfg.train().lr());
        Iterator<FeedBatch> batches = model.batches(1);
        for (int i = 0; i < STEPS && batches.hasNext(); i++) {
          try (FeedBatch batch = batches.next()) {
            steps.step(batch);
          }
        }
        trainer.session().save(prefix);
      }
      Path modelDir = Path.of(args[1]).resolve(args[2]);
      Path published = TfServingLayout.publish(modelDir, TfServingLayout.nextVersion(modelDir), dir ->
          SavedModelExport.export(ModelCatalog.create(cfg, split, false), new ItemIdTable(split.data().items()),
              prefix, dir, cfg.export().k(), cfg.eval().filterHistory(), cfg.seed()));
      System.out.println(published);
    } finally {
      FileTrees.delete(work);
    }
  }
}
