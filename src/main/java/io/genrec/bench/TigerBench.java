package io.genrec.bench;

import com.google.gson.JsonObject;
import io.genrec.config.ConfigReader;
import io.genrec.config.Overrides;
import io.genrec.config.RunConfig;
import io.genrec.data.Datasets;
import io.genrec.data.EvalCase;
import io.genrec.data.FileTrees;
import io.genrec.data.SplitDataset;
import io.genrec.train.FeedBatch;
import io.genrec.model.catalog.ModelCatalog;
import io.genrec.model.tiger.Tiger;
import io.genrec.serve.ItemIdTable;
import io.genrec.serve.SavedModelExport;
import io.genrec.serve.ServingModel;
import io.genrec.train.Trainer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.types.TFloat32;

/**
 * TIGER speed on a config's data: training examples/s (the real trainer step: feeds, optimizer, loss
 * fetch) on the data's own batches and on batches of the longest histories (every encoder slot
 * used), then serving latency from an exported SavedModel for one user and for a batch of users,
 * median and p95.
 *
 * <p>Usage: TigerBench CONFIG [--steps N] [--calls N] [--batch N] [--k K] [--profile N] [--keep DIR] [--set key=value ...].
 * {@code --keep DIR} exports the SavedModel there and keeps it; {@code --profile N} traces N/10 training steps, N one-user serving calls and N/10 calls of --batch users, and prints where their time goes ({@link NodeTimes}).
 * Weights are whatever {@code --steps} of training left (the initial ones with {@code --steps 0},
 * which times serving only): beam-search cost does not depend on them.
 */
public final class TigerBench {
  public static void main(String[] args) throws Exception {
    if (args.length < 1) {
      System.err.println("usage: TigerBench CONFIG [--steps N] [--calls N] [--batch N] [--k K] [--profile N] [--keep DIR] [--set key=value ...]");
      System.exit(2);
    }
    int steps = 20;
    int calls = 50;
    int servingBatch = 256;
    int k = 20;
    int profile = 0;
    Path keep = null;
    List<Overrides.Override> sets = new ArrayList<>();
    for (int i = 1; i < args.length; i++) {
      switch (args[i]) {
        case "--steps" -> steps = Integer.parseInt(args[++i]);
        case "--calls" -> calls = Integer.parseInt(args[++i]);
        case "--batch" -> servingBatch = Integer.parseInt(args[++i]);
        case "--k" -> k = Integer.parseInt(args[++i]);
        case "--profile" -> profile = Integer.parseInt(args[++i]);
        case "--keep" -> keep = Path.of(args[++i]);
        case "--set" -> sets.add(Overrides.parse(args[++i]));
        default -> throw new IllegalArgumentException("unknown argument " + args[i]);
      }
    }
    RunConfig cfg = new ConfigReader(ModelCatalog.INSTANCE).read(Path.of(args[0]), sets).config();
    SplitDataset split = Datasets.split(Datasets.load(cfg.data()), cfg.data());
    Tiger model = (Tiger) ModelCatalog.create(cfg, split, true);
    JsonObject out = new JsonObject();
    out.addProperty("model", cfg.model().toString());
    out.addProperty("batch_size", cfg.train().batchSize());
    out.addProperty("precision", cfg.train().precision().key());
    out.addProperty("onednn", String.valueOf(System.getenv("TF_ENABLE_ONEDNN_OPTS")));
    // The machine is shared: a fixed MatMul workload timed alongside says how much of it we had.
    out.addProperty("matmul_gflops_before", matmulGflops());
    Path work = Files.createTempDirectory("tiger-bench");
    long b0 = System.nanoTime();
    try (Trainer trainer = new Trainer(model, cfg.train(), cfg.seed(), model::buildValidationHead)) {
      out.addProperty("graph_build_seconds", (System.nanoTime() - b0) / 1e9);
      BenchSteps runner = new BenchSteps(trainer, cfg.train().lr());
      if (steps > 0) {
        // The first steps of a feed/fetch set include graph optimisation: run a few untimed.
        timeSteps(runner, model.longestHistoryBatches(3), null);
        double[] longest = timeSteps(runner, model.longestHistoryBatches(steps), "longest histories");
        out.addProperty("train_examples_per_second_longest_histories", longest[0]);
        out.addProperty("ms_per_step_longest_histories", longest[1]);
        timeSteps(runner, limit(model.batches(1), 3), null);
        double[] data = timeSteps(runner, limit(model.batches(2), steps), "data batches");
        out.addProperty("train_examples_per_second_data_batches", data[0]);
        out.addProperty("ms_per_step_data_batches", data[1]);
      }
      if (profile > 0) {
        NodeTimes times = new NodeTimes();
        runner.trace(model.longestHistoryBatches(Math.max(2, profile / 10)), Math.max(2, profile / 10), times);
        times.print("training steps, longest histories", 25);
      }
      trainer.session().save(work.resolve("ckpt").toString());
    }
    Path saved = keep != null ? keep : work.resolve("savedmodel");
    SavedModelExport.export(ModelCatalog.create(cfg, split, false), new ItemIdTable(split.data().items()),
        work.resolve("ckpt").toString(), saved, k, cfg.eval().filterHistory(), cfg.seed());
    List<long[]> histories = new ArrayList<>();
    for (EvalCase c : split.test()) {
      long[] h = new long[c.history().length];
      for (int i = 0; i < h.length; i++) h[i] = Long.parseLong(split.data().items().original(c.history()[i]));
      histories.add(h);
    }
    // Served in the training's precision, so --set train.precision=bf16 A/Bs both halves.
    try (ServingModel serving = new ServingModel(saved, ServingModel.defaultIntraOpThreads(),
        ServingModel.DEFAULT_INTER_OP_THREADS, cfg.train().precision())) {
      double[] one = latency(serving, histories, 1, calls, k);
      double[] many = latency(serving, histories, servingBatch, Math.max(5, calls / 10), k);
      out.addProperty("serving_k", k);
      out.addProperty("serving_one_user_ms_median", one[0]);
      out.addProperty("serving_one_user_ms_p95", one[1]);
      out.addProperty("serving_batch", servingBatch);
      out.addProperty("serving_batch_ms_median", many[0]);
      out.addProperty("serving_batch_ms_p95", many[1]);
    }
    if (profile > 0) {
      // The longest test history: the encoder's worst case.
      long[] longest = histories.stream().max(java.util.Comparator.comparingInt(h -> h.length)).orElseThrow();
      ServingProfile.print(saved, new long[][] {longest}, k, profile, cfg.train().precision());
      ServingProfile.print(saved, histories.subList(0, Math.min(servingBatch, histories.size())).toArray(long[][]::new),
          k, Math.max(2, profile / 10), cfg.train().precision());
    }
    // After training and serving in this one process: its largest footprint.
    out.addProperty("peak_rss_mib", PeakMemory.peakRssMib());
    System.err.printf(Locale.ROOT, "TIGER: peak RSS %.0f MiB%n", PeakMemory.peakRssMib());
    out.addProperty("matmul_gflops_after", matmulGflops());
    FileTrees.delete(work);
    System.out.println(ConfigReader.gson().toJson(out));
  }

  /**
   * GFLOP/s of a chain of ten 1024³ float MatMuls in one run (2 intra-op threads), best of three:
   * the notes measured 138-162 on this kind of machine when it was otherwise idle (oneDNN on).
   */
  static double matmulGflops() {
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      // A fed input: a constant one would be folded away by the graph optimiser.
      Placeholder<TFloat32> a = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(1024, 1024)));
      Operand<TFloat32> x = a;
      for (int i = 0; i < 10; i++) x = tf.linalg.matMul(x, a);
      Operand<TFloat32> sum = tf.reduceSum(x, tf.constant(new int[] {0, 1}));
      float[] values = new float[1024 * 1024];
      java.util.Random rng = new java.util.Random(1);
      for (int i = 0; i < values.length; i++) values[i] = (rng.nextFloat() - 0.5f) / 32f;
      try (Session s = new Session(g, ConfigProto.newBuilder().setIntraOpParallelismThreads(2)
          .setInterOpParallelismThreads(1).build());
          TFloat32 input = TFloat32.tensorOf(Shape.of(1024, 1024), DataBuffers.of(values, true, false))) {
        double best = 0;
        for (int run = 0; run < 4; run++) {
          long t0 = System.nanoTime();
          try (Result r = s.runner().feed(a, input).fetch(sum).run()) {
            double seconds = (System.nanoTime() - t0) / 1e9;
            if (run > 0) best = Math.max(best, 10 * 2.0 * 1024 * 1024 * 1024 / seconds / 1e9);
          }
        }
        return best;
      }
    }
  }

  private static Iterator<FeedBatch> limit(Iterator<FeedBatch> it, int n) {
    return new Iterator<>() {
      int taken = 0;

      @Override
      public boolean hasNext() {
        return taken < n && it.hasNext();
      }

      @Override
      public FeedBatch next() {
        taken++;
        return it.next();
      }
    };
  }

  /** {examples/s, ms/step} over the batches; {@code label} null for an untimed warm-up. */
  private static double[] timeSteps(BenchSteps runner, Iterator<FeedBatch> batches, String label) {
    long examples = 0;
    int count = 0;
    long t0 = System.nanoTime();
    while (batches.hasNext()) {
      try (FeedBatch b = batches.next()) {
        runner.step(b);
        examples += b.size();
        count++;
      }
    }
    double seconds = (System.nanoTime() - t0) / 1e9;
    if (label != null) {
      System.err.printf(Locale.ROOT, "TIGER training, %s: %d steps, %.0f examples/s, %.0f ms/step%n", label, count,
          examples / seconds, 1000 * seconds / Math.max(1, count));
    }
    return new double[] {examples / seconds, 1000 * seconds / Math.max(1, count)};
  }

  /** {median, p95} milliseconds of {@code calls} requests of {@code batch} histories each, after warm-up. */
  private static double[] latency(ServingModel serving, List<long[]> histories, int batch, int calls, int k) {
    return latency("TIGER", serving, histories, batch, calls, k);
  }

  /** As the TIGER one, for any served model, printed under {@code label}. */
  static double[] latency(String label, ServingModel serving, List<long[]> histories, int batch, int calls, int k) {
    long[][] request = new long[batch][];
    int next = 0;
    double[] ms = new double[calls];
    // Each history length is a new shape for TensorFlow and oneDNN (kernels made and cached on first
    // use), so warm up over as many calls as are timed: a served model sees every length early on.
    for (int call = -calls; call < calls; call++) {
      for (int i = 0; i < batch; i++) request[i] = histories.get(next++ % histories.size());
      long t0 = System.nanoTime();
      serving.recommend(request, k);
      if (call >= 0) ms[call] = (System.nanoTime() - t0) / 1e6;
    }
    Arrays.sort(ms);
    double[] result = {ms[ms.length / 2], ms[Math.min(ms.length - 1, (int) Math.ceil(0.95 * ms.length) - 1)]};
    System.err.printf(Locale.ROOT, "%s serving, %d user(s) per call, k %d: median %.1f ms, p95 %.1f ms%n", label, batch,
        k, result[0], result[1]);
    return result;
  }
}
