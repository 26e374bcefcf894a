package io.genrec.bench;

import com.google.gson.JsonObject;
import io.genrec.config.ConfigReader;
import io.genrec.config.Overrides;
import io.genrec.config.RunConfig;
import io.genrec.data.Datasets;
import io.genrec.data.SplitDataset;
import io.genrec.eval.CatalogEvaluator;
import io.genrec.eval.MetricSet;
import io.genrec.train.FeedBatch;
import io.genrec.model.catalog.ModelCatalog;
import io.genrec.model.SequentialRecommender;
import io.genrec.train.Trainer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;

/**
 * SASRec speed on a config's data: seconds per training epoch, training examples/s and evaluation
 * users/s (full catalog). Usage: SasRecBench CONFIG [--epochs N] [--profile STEPS] [--set k=v ...]; --profile traces STEPS training steps after the timed epochs (NodeTimes). The epoch timing
 * runs the trainer's real step (feeds, optimizer, loss fetch) on every batch of the epoch.
 */
public final class SasRecBench {
  public static void main(String[] args) throws Exception {
    if (args.length < 1) {
      System.err.println("usage: SasRecBench CONFIG [--epochs N] [--profile STEPS] [--set key=value ...]");
      System.exit(2);
    }
    int epochs = 1;
    int profile = 0;
    List<Overrides.Override> sets = new ArrayList<>();
    for (int i = 1; i < args.length; i++) {
      if (args[i].equals("--epochs")) epochs = Integer.parseInt(args[++i]);
      else if (args[i].equals("--profile")) profile = Integer.parseInt(args[++i]);
      else if (args[i].equals("--set")) sets.add(Overrides.parse(args[++i]));
      else throw new IllegalArgumentException("unknown argument " + args[i]);
    }
    RunConfig cfg = new ConfigReader(ModelCatalog.INSTANCE).read(Path.of(args[0]), sets).config();
    SplitDataset split = Datasets.split(Datasets.load(cfg.data()), cfg.data());
    SequentialRecommender model = ModelCatalog.create(cfg, split, true);
    long b0 = System.nanoTime();
    try (Trainer trainer = new Trainer(model, cfg.train(), cfg.seed(), model::buildValidationHead)) {
      double buildSeconds = (System.nanoTime() - b0) / 1e9;
      BenchSteps steps = new BenchSteps(trainer, cfg.train().lr());
      // Warm-up: the first runs of a feed/fetch set include graph optimisation.
      Iterator<FeedBatch> warm = model.batches(0);
      for (int i = 0; i < 5 && warm.hasNext(); i++) {
        try (FeedBatch b = warm.next()) {
          steps.step(b);
        }
      }
      double[] epochSeconds = new double[epochs];
      long examples = 0;
      for (int e = 0; e < epochs; e++) {
        long t0 = System.nanoTime();
        Iterator<FeedBatch> it = model.batches(e + 1);
        while (it.hasNext()) {
          try (FeedBatch b = it.next()) {
            steps.step(b);
            examples += b.size();
          }
        }
        epochSeconds[e] = (System.nanoTime() - t0) / 1e9;
      }
      if (profile > 0) {
        NodeTimes times = new NodeTimes();
        steps.trace(model.batches(epochs + 1), profile, times);
        times.print("training steps", 25);
      }
      double trainSeconds = 0;
      for (double s : epochSeconds) trainSeconds += s;
      MetricSet metrics = new MetricSet(cfg.eval(), split.data().items().size(), null);
      CatalogEvaluator evaluator = new CatalogEvaluator(trainer.session(), trainer.head(),
          model.historyLength(), cfg.eval().batchSize(), cfg.eval().filterHistory());
      evaluator.evaluate(split.valid().subList(0, Math.min(512, split.valid().size())), metrics.newAccumulator());
      long e0 = System.nanoTime();
      evaluator.evaluate(split.valid(), metrics.newAccumulator());
      double evalSeconds = (System.nanoTime() - e0) / 1e9;
      JsonObject out = new JsonObject();
      out.addProperty("loss", cfg.model().toString());
      out.addProperty("graph_build_seconds", buildSeconds);
      out.addProperty("batches_per_epoch", model.batchesPerEpoch());
      out.addProperty("seconds_per_epoch", trainSeconds / epochs);
      out.addProperty("ms_per_step", 1000 * trainSeconds / (epochs * (double) model.batchesPerEpoch()));
      out.addProperty("train_examples_per_second", examples / trainSeconds);
      out.addProperty("eval_users", split.valid().size());
      out.addProperty("eval_users_per_second", split.valid().size() / evalSeconds);
      out.addProperty("onednn", String.valueOf(System.getenv("TF_ENABLE_ONEDNN_OPTS")));
      out.addProperty("precision", cfg.train().precision().key());
      out.addProperty("peak_rss_mib", PeakMemory.peakRssMib());
      System.out.println(ConfigReader.gson().toJson(out));
      System.err.printf(Locale.ROOT, "SASRec: %.1f s/epoch, %.0f train ex/s, %.0f eval users/s, peak RSS %.0f MiB%n",
          trainSeconds / epochs, examples / trainSeconds, split.valid().size() / evalSeconds, PeakMemory.peakRssMib());
    }
  }
}
