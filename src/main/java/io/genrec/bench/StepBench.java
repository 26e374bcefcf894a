package io.genrec.bench;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.genrec.config.ConfigReader;
import io.genrec.config.Overrides;
import io.genrec.config.RunConfig;
import io.genrec.data.Datasets;
import io.genrec.data.SplitDataset;
import io.genrec.model.SequentialRecommender;
import io.genrec.model.catalog.ModelCatalog;
import io.genrec.train.FeedBatch;
import io.genrec.train.Trainer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;

/**
 * Training-step speed of several configs side by side, in one JVM: each config's real trainer step
 * (feeds, optimizer, diagnostics, after-step hooks) over its own data batches, timed in alternating
 * rounds so that a drift in the machine's load falls on every config alike. Prints one JSON object:
 * per config the median examples/s and ms/step over the rounds and its step time relative to the
 * first config (DIGER against TIGER at the same size: issue 18's "≤ 1.3×").
 *
 * <p>Usage: StepBench CONFIG[@key=value,key=value] ... [--steps N] [--rounds R] [--set key=value ...];
 * {@code --set} applies to every config, {@code @...} to one (A/B of one setting in one run).
 */
public final class StepBench {
  private StepBench() {}

  private record Arm(String label, Trainer trainer, Iterator<FeedBatch> batches, double lr,
      double[] examplesPerSecond, double[] msPerStep) {}

  public static void main(String[] args) throws Exception {
    List<String> configs = new ArrayList<>();
    List<String> shared = new ArrayList<>();
    int steps = 20;
    int rounds = 3;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--steps" -> steps = Integer.parseInt(args[++i]);
        case "--rounds" -> rounds = Integer.parseInt(args[++i]);
        case "--set" -> shared.add(args[++i]);
        default -> configs.add(args[i]);
      }
    }
    if (configs.isEmpty()) {
      System.err.println("usage: StepBench CONFIG[@key=value,...] ... [--steps N] [--rounds R] [--set key=value ...]");
      System.exit(2);
    }
    List<Arm> arms = new ArrayList<>();
    try {
      for (String spec : configs) arms.add(arm(spec, shared, rounds));
      for (Arm arm : arms) time(arm, 3); // graph optimisation happens on the first runs of a step
      for (int round = 0; round < rounds; round++) {
        for (Arm arm : arms) {
          double[] r = time(arm, steps);
          arm.examplesPerSecond()[round] = r[0];
          arm.msPerStep()[round] = r[1];
          System.err.printf(Locale.ROOT, "round %d %s: %.0f examples/s, %.1f ms/step%n", round + 1, arm.label(), r[0], r[1]);
        }
      }
      JsonObject out = new JsonObject();
      out.addProperty("steps_per_round", steps);
      out.addProperty("rounds", rounds);
      out.addProperty("matmul_gflops", TigerBench.matmulGflops());
      JsonArray rows = new JsonArray();
      double baseMs = median(arms.get(0).msPerStep());
      for (Arm arm : arms) {
        JsonObject row = new JsonObject();
        row.addProperty("config", arm.label());
        row.addProperty("examples_per_second", median(arm.examplesPerSecond()));
        row.addProperty("ms_per_step", median(arm.msPerStep()));
        row.addProperty("step_time_vs_first", median(arm.msPerStep()) / baseMs);
        rows.add(row);
      }
      out.add("configs", rows);
      System.out.println(ConfigReader.gson().toJson(out));
    } finally {
      for (Arm arm : arms) arm.trainer().close();
    }
  }

  private static Arm arm(String spec, List<String> shared, int rounds) throws Exception {
    int at = spec.indexOf('@');
    String file = at < 0 ? spec : spec.substring(0, at);
    List<String> assignments = new ArrayList<>(shared);
    assignments.add("train.progress=false");
    if (at >= 0) assignments.addAll(Arrays.asList(spec.substring(at + 1).split(",")));
    List<Overrides.Override> sets = assignments.stream().map(Overrides::parse).toList();
    RunConfig cfg = new ConfigReader(ModelCatalog.INSTANCE).read(Path.of(file), sets).config();
    SplitDataset split = Datasets.loadSplit(cfg.data()); // as genrec run reads it: one dataset or several sources
    SequentialRecommender model = ModelCatalog.create(cfg, split, true);
    Trainer trainer = new Trainer(model, cfg.train(), cfg.seed(), model::buildValidationHead);
    return new Arm(spec, trainer, model.batches(1), cfg.train().lr(), new double[rounds], new double[rounds]);
  }

  /** {examples/s, ms/step} over the next {@code steps} batches (a new epoch's batches when one runs out). */
  private static double[] time(Arm arm, int steps) {
    long examples = 0;
    long t0 = System.nanoTime();
    Iterator<FeedBatch> it = arm.batches();
    for (int s = 0; s < steps; s++) {
      if (!it.hasNext()) throw new IllegalStateException(arm.label() + ": fewer batches than steps in an epoch");
      try (FeedBatch b = it.next()) {
        arm.trainer().step(b, arm.lr());
        examples += b.size();
      }
    }
    double seconds = (System.nanoTime() - t0) / 1e9;
    return new double[] {examples / seconds, 1000 * seconds / steps};
  }

  private static double median(double[] v) {
    double[] s = v.clone();
    Arrays.sort(s);
    return s[s.length / 2];
  }
}
