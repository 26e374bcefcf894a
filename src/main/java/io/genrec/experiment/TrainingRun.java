package io.genrec.experiment;

import io.genrec.train.RunBody;
import io.genrec.train.RunOutputs;
import io.genrec.train.Trainer;

import com.google.gson.JsonObject;
import io.genrec.config.RunConfig;
import io.genrec.data.DatasetStats;
import io.genrec.data.Datasets;
import io.genrec.data.FileTrees;
import io.genrec.data.ItemMetadata;
import io.genrec.data.SequenceDataset;
import io.genrec.data.SplitDataset;
import io.genrec.eval.CatalogEvaluator;
import io.genrec.eval.MetricSet;
import io.genrec.eval.RankingAccumulator;
import io.genrec.model.catalog.ModelCatalog;
import io.genrec.model.SequentialRecommender;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
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
    SequenceDataset data = Datasets.load(cfg.data());
    SplitDataset split = Datasets.split(data, cfg.data());
    data.items().save(out.directory().resolve("item_ids.tsv"));
    data.users().save(out.directory().resolve("user_ids.tsv"));
    int numItems = data.items().size();
    LOG.info("{}: {} users, {} items, {} train interactions, {} valid / {} test users",
        cfg.data().displayName(), data.users().size(), numItems, split.numTrainInteractions(),
        split.valid().size(), split.test().size());
    MetricSet metrics = new MetricSet(cfg.eval(), numItems, brands(cfg, data));
    SequentialRecommender model = models.create(cfg, split, true);
    String label = cfg.model().name() + "/" + cfg.data().displayName();
    CatalogEvaluator.Factory evaluators = CatalogEvaluator.factory(
        model.historyLength(), cfg.eval().batchSize(), cfg.eval().filterHistory());
    JsonObject result = new JsonObject();
    try (Trainer trainer = new Trainer(model, cfg.train(), cfg.seed(), model::buildValidationHead)) {
      trainer.warmStartFrom(cfg.initFrom());
      Trainer.Fit fit = trainer.fit(split.valid(), metrics, evaluators, out, label);
      trainer.restoreBest(out.checkpointDir());
      model.beforeRanking(trainer.session());
      CatalogEvaluator evaluator = evaluators.create(trainer.session(), trainer.head());
      long e0 = System.nanoTime();
      RankingAccumulator valid = evaluator.evaluate(split.valid(), metrics.newAccumulator());
      RankingAccumulator test = evaluator.evaluate(split.test(), metrics.newAccumulator());
      double evalSeconds = (System.nanoTime() - e0) / 1e9;
      test.perUser().writeCsv(out.perUserCsv());
      result.add("valid", toJson(valid.aggregate()));
      result.add("test", toJson(test.aggregate()));
      result.addProperty("best_epoch", fit.bestEpoch());
      result.addProperty("epochs", fit.epochs());
      result.addProperty("train_seconds", fit.seconds());
      result.addProperty("eval_seconds", evalSeconds);
      result.addProperty("valid_users", split.valid().size());
      result.addProperty("test_users", split.test().size());
      LOG.info("{} test (best epoch {}): {}", label, fit.bestEpoch(), summary(test.aggregate()));
    }
    result.add("dataset", DatasetStats.of(data).toJson());
    if (cfg.export().enabled()) {
      Path dir = out.savedModelDir();
      ModelExport.export(models.create(cfg, split, false), cfg, split, out.checkpointDir(), dir);
      Path published = Path.of(cfg.export().dir()).resolve(out.directory().getFileName());
      FileTrees.copy(dir, published);
      result.addProperty("savedmodel", published.toString());
      LOG.info("SavedModel: {} (also {})", published, dir);
    }
    result.addProperty("wall_seconds", (System.nanoTime() - start) / 1e9);
    out.metrics(result);
  }

  static String summary(Map<String, Double> m) {
    StringBuilder sb = new StringBuilder();
    for (String key : new String[] {"recall@5", "ndcg@5", "recall@10", "ndcg@10", "recall@20", "ndcg@20"}) {
      if (m.containsKey(key)) sb.append(key).append(' ').append(String.format("%.4f", m.get(key))).append("  ");
    }
    return sb.toString().trim();
  }

  private static JsonObject toJson(Map<String, Double> m) {
    JsonObject o = new JsonObject();
    m.forEach(o::addProperty);
    return o;
  }

  /** Dense item → brand id (0 = unknown) from the configured metadata, or null without one. */
  static int[] brands(RunConfig cfg, SequenceDataset data) throws IOException {
    if (cfg.data().items() == null || cfg.data().items().isBlank()) return null;
    ItemMetadata meta = ItemMetadata.load(Path.of(cfg.data().items()));
    int[] brand = new int[data.items().size() + 1];
    Map<String, Integer> ids = new HashMap<>();
    for (int item = 1; item <= data.items().size(); item++) {
      String b = meta.get(data.items().original(item)).map(r -> r.brand()).orElse("");
      brand[item] = b.isBlank() ? 0 : ids.computeIfAbsent(b, x -> ids.size() + 1);
    }
    return brand;
  }
}
