package io.genrec.experiment;

import io.genrec.train.RunBody;
import io.genrec.train.RunOutputs;
import io.genrec.train.Trainer;

import com.google.gson.JsonObject;
import io.genrec.config.ConfigException;
import io.genrec.config.RunConfig;
import io.genrec.data.DatasetStats;
import io.genrec.data.Datasets;
import io.genrec.data.FileTrees;
import io.genrec.data.ItemBrands;
import io.genrec.data.ItemHoldout;
import io.genrec.data.SequenceDataset;
import io.genrec.data.SourceIdFile;
import io.genrec.data.SplitDataset;
import io.genrec.eval.CatalogEvaluator;
import io.genrec.eval.MetricSet;
import io.genrec.eval.RankingHead;
import io.genrec.train.RankingValidation;
import io.genrec.train.Validation;
import io.genrec.model.catalog.ModelCatalog;
import io.genrec.model.SequentialRecommender;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/** One run end to end: load and split, train with validation, test the best epoch, export. */
public final class TrainingRun implements RunBody {
  private static final Logger LOG = LogManager.getLogger(TrainingRun.class);

  /** Builds the run's model: once for training, and again for inference when the run exports. */
  @FunctionalInterface
  public interface Models {
    SequentialRecommender create(RunConfig cfg, SplitDataset split, boolean forTraining);
  }

  private final Models models;

  /** A run of the model its config names ({@link ModelCatalog}). */
  public TrainingRun() {
    this(ModelCatalog::create);
  }

  /** A run whose models come from {@code models} (tests wrap the catalog's to watch them). */
  public TrainingRun(Models models) {
    this.models = models;
  }

  @Override
  public void execute(RunConfig cfg, RunOutputs out) throws Exception {
    long start = System.nanoTime();
    Path published = Path.of(cfg.export().dir()).resolve(out.directory().getFileName());
    // Before training: a run must not train for hours to find it may not replace export.dir/<run>.
    if (cfg.export().enabled()) SavedModelDirectory.checkReplaceable(published, false);
    ItemHoldout.Result holdout = cfg.data().holdoutItems() == null ? null : Datasets.loadHoldout(cfg.data());
    SplitDataset split = holdout != null ? holdout.split() : Datasets.loadSplit(cfg.data());
    SequenceDataset data = split.data();
    SourceIdFile.writeRunIds(split, out.directory());
    if (holdout != null) {
      holdout.write(out.directory());
      LOG.info("held out {} items; {} cold-start test cases kept aside in {}", holdout.heldOut().size(),
          holdout.coldStart().size(), ItemHoldout.CASES_FILE);
    }
    int numItems = data.items().size();
    LOG.info("{}: {} users, {} items, {} train interactions, {} valid / {} test users",
        cfg.data().displayName(), data.users().size(), numItems, split.numTrainInteractions(),
        split.valid().size(), split.test().size());
    MetricSet metrics = new MetricSet(cfg.eval(), numItems, ItemBrands.of(cfg.data(), split));
    SequentialRecommender model = models.create(cfg, split, true);
    model.writeRunFiles(out.directory());
    String label = cfg.model().name() + "/" + cfg.data().displayName();
    CatalogEvaluator.Factory evaluators = CatalogEvaluator.factory(
        model.historyLength(), cfg.eval().batchSize(), cfg.eval().filterHistory());
    JsonObject result = new JsonObject();
    try (Trainer trainer = new Trainer(model, cfg.train(), cfg.seed(), model::buildValidationHead)) {
      trainer.warmStartFrom(cfg.initFrom());
      Validation validation = validation(cfg, split, metrics, evaluators, trainer.head());
      Trainer.Fit fit = trainer.fit(validation, out, label);
      trainer.restoreBest(out.checkpointDir());
      model.beforeRanking(trainer.session());
      CatalogEvaluator evaluator = evaluators.create(trainer.session(), trainer.head());
      long e0 = System.nanoTime();
      HeldOutMetrics valid = HeldOutMetrics.evaluate(evaluator, split.valid(), metrics, split);
      HeldOutMetrics test = HeldOutMetrics.evaluate(evaluator, split.test(), metrics, split);
      double evalSeconds = (System.nanoTime() - e0) / 1e9;
      if (!test.isEmpty()) test.all().perUser().writeCsv(out.perUserCsv());
      valid.addTo(result, "valid");
      test.addTo(result, "test");
      // What the model reports about itself under the best checkpoint (DIGER: codes used per level...).
      Map<String, Double> modelStats = model.rankingStats();
      if (!modelStats.isEmpty()) {
        JsonObject m = new JsonObject();
        modelStats.forEach(m::addProperty);
        result.add("model", m);
      }
      result.addProperty("validated", validation != null);
      // Without validation the last epoch's weights are the ones kept as best.
      result.addProperty("best_epoch", validation != null ? fit.bestEpoch() : fit.epochs());
      result.addProperty("epochs", fit.epochs());
      result.addProperty("train_seconds", fit.seconds());
      result.addProperty("eval_seconds", evalSeconds);
      result.addProperty("valid_users", split.valid().size());
      result.addProperty("test_users", split.test().size());
      LOG.info("{} test (best epoch {}): {}", label, fit.bestEpoch(),
          test.isEmpty() ? "no test cases" : summary(test.aggregate()));
    }
    result.add("dataset", DatasetStats.of(data).toJson());
    result.addProperty("wall_seconds", (System.nanoTime() - start) / 1e9);
    // Written before the export as well, so an export that fails loses nothing the run measured.
    out.metrics(result);
    if (cfg.export().enabled()) {
      Path dir = out.savedModelDir();
      SequentialRecommender inference = models.create(ModelExport.forRun(cfg, out.directory()), split, false);
      // The run directory's own savedmodel/ is ours to replace; the published copy is checked above.
      SavedModelDirectory.replace(dir, true, d -> ModelExport.export(inference, cfg, split, out.checkpointDir(), d));
      SavedModelDirectory.replace(published, false, d -> FileTrees.copy(dir, d));
      result.addProperty("savedmodel", published.toString());
      LOG.info("SavedModel: {} (also {})", published, dir);
      result.addProperty("wall_seconds", (System.nanoTime() - start) / 1e9);
      out.metrics(result);
    }
  }

  static String summary(Map<String, Double> m) {
    StringBuilder sb = new StringBuilder();
    for (String key : new String[] {"recall@5", "ndcg@5", "recall@10", "ndcg@10", "recall@20", "ndcg@20"}) {
      if (m.containsKey(key)) sb.append(key).append(' ').append(String.format("%.4f", m.get(key))).append("  ");
    }
    return sb.toString().trim();
  }

  /**
   * Ranking validation over the valid cases, or null for none: {@code eval.validate: false}, or a
   * split without validation cases (then the last epoch is kept as best).
   */
  static Validation validation(RunConfig cfg, SplitDataset split, MetricSet metrics,
      CatalogEvaluator.Factory evaluators, RankingHead head) {
    if (!cfg.eval().validate() || split.valid().isEmpty()) {
      if (cfg.eval().stopsOnSource()) {
        throw new ConfigException("eval.early_stop_source = \"" + cfg.eval().earlyStopSource()
            + "\": the run has no validation cases to stop on");
      }
      return null;
    }
    return new RankingValidation(split.valid(), metrics, evaluators, head, split.sourceNames(),
        cfg.eval().earlyStopSource());
  }
}
