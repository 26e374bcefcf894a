package io.genrec.train;

import com.google.gson.JsonObject;
import io.genrec.config.ConfigReader;
import io.genrec.config.TrainConfig;
import io.genrec.config.WarmStartConfig;
import io.genrec.data.EvalCase;
import io.genrec.data.FileTrees;
import io.genrec.eval.CatalogEvaluator;
import io.genrec.eval.MetricSet;
import io.genrec.eval.RankingHead;
import io.genrec.nn.Params;
import io.genrec.train.optim.Adam;
import io.genrec.train.optim.AdamConfig;
import io.genrec.train.optim.AdamW;
import io.genrec.train.optim.LearningRateSchedule;
import io.genrec.train.optim.Optimizer;
import io.genrec.train.optim.ParamGroups;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.Tensor;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Trains any {@link Trainable}: one graph holding the training loss, our optimizer and (for a
 * ranking model) an inference-mode ranking head over the same weights; epochs of seeded batches, validation over
 * the whole catalog, early stopping, "last" and "best" checkpoints, resume. It calls the model's
 * {@link TrainingHooks} where their documentation says.
 */
public final class Trainer implements AutoCloseable {
  private static final Logger LOG = LogManager.getLogger(Trainer.class);
  static final String LAST = "last";
  static final String BEST = "best";
  static final String PREFIX = "ckpt";

  private final Trainable model;
  private final TrainConfig cfg;
  private final Graph graph = new Graph();
  private final Session session;
  private final Operand<TFloat32> loss;
  private final Op trainOp;
  private final Optimizer optimizer;
  private final RankingHead head;
  private final LearningRateSchedule schedule;
  private final Map<String, Operand<TFloat32>> diagnostics;
  private final List<Operand<?>> afterStepFetches;
  private final Params params;
  private final GroupNormMeans groupNorms;
  private WarmStartConfig warmStart = WarmStartConfig.none();

  /**
   * Any trainable graph; {@code inference} adds inference-mode pieces over the same weights (it
   * gets an inference view of the parameters) and its result is kept as {@link #head()}.
   */
  public Trainer(Trainable model, TrainConfig cfg, long seed, Function<Params, RankingHead> inference) {
    this.model = model;
    this.cfg = cfg;
    long build = System.nanoTime();
    Ops tf = Ops.create(graph);
    params = new Params(tf, seed, true);
    AdamConfig adam = AdamConfig.defaults().withBetas((float) cfg.beta1(), (float) cfg.beta2())
        .withEpsilon((float) cfg.epsilon()).withClipNorm((float) cfg.clipNorm());
    ParamGroups groups = ParamGroups.of(cfg.paramGroups());
    optimizer = cfg.optimizer() == TrainConfig.Optimizer.ADAMW
        ? AdamW.attach(params, adam, (float) cfg.weightDecay(), groups)
        : Adam.attach(params, adam, groups);
    loss = model.buildLoss(params);
    diagnostics = model.diagnostics();
    afterStepFetches = List.copyOf(model.afterStepFetches());
    head = inference == null ? null : inference.apply(params.inferenceView());
    trainOp = optimizer.minimize(loss);
    groupNorms = new GroupNormMeans(optimizer.groupNorms());
    long total = (long) cfg.epochs() * model.batchesPerEpoch();
    schedule = LearningRateSchedule.parse(cfg.schedule().name(), cfg.lr(), cfg.warmupSteps(), total,
        cfg.lr() * cfg.minLrRatio());
    session = new Session(graph, cfg.precision().sessionConfig(cfg.intraOpThreads(), cfg.interOpThreads()));
    LOG.info("graph built in {} s: {} parameters in {} variables",
        String.format("%.1f", (System.nanoTime() - build) / 1e9), parameterCount(params), params.trainable().size());
  }

  private static long parameterCount(Params params) {
    return params.trainable().stream().mapToLong(p -> p.shape().size()).sum();
  }

  public Session session() {
    return session;
  }

  public RankingHead head() {
    return head;
  }

  /**
   * Starts a fresh run's weights from {@code initFrom} (model.init_from) in {@link #fit}; a run that
   * resumes from its own last checkpoint ignores it. Returns this trainer.
   */
  public Trainer warmStartFrom(WarmStartConfig initFrom) {
    this.warmStart = initFrom;
    return this;
  }

  /** The outcome of {@link #fit}. */
  public record Fit(int epochs, int bestEpoch, double bestValue, boolean resumed, double seconds) {}

  /**
   * Trains until {@code epochs} or early stopping, validating every {@code eval_every} epochs on
   * {@code valid} (none when it is empty); resumes from {@code out.checkpointDir()/last} when it
   * holds a checkpoint.
   */
  public Fit fit(List<EvalCase> valid, MetricSet metrics, CatalogEvaluator.Factory evaluators,
      RunOutputs out, String label) throws IOException {
    return fit(valid.isEmpty() ? null : new RankingValidation(valid, metrics, evaluators, head), out, label);
  }

  /**
   * Trains with any validation, or none ({@code validation} null): then every epoch runs and the
   * last one is saved as the best; see the ranking overload.
   */
  public Fit fit(Validation validation, RunOutputs out, String label) throws IOException {
    Path ckpt = out.checkpointDir();
    Files.createDirectories(ckpt);
    TrainerState state = resume(ckpt);
    boolean resumed = state.epochsDone() > 0;
    if (!resumed && warmStart.enabled()) WarmStart.apply(warmStart, session, params, model.freshAtWarmStart());
    model.onStart(session);
    out.keepEpochs(state.epochsDone());
    EarlyStopping stopping = new EarlyStopping(cfg.patience());
    stopping.restore(state.best(), state.bestEpoch(), state.badEvaluations());
    long steps = state.steps();
    String stopKey = validation == null ? "" : validation.key();
    if (validation == null) LOG.info("{}: no validation; training all {} epochs, the last is kept as best", label, cfg.epochs());
    long start = System.nanoTime();
    int epoch = state.epochsDone();
    while (epoch < cfg.epochs() && !stopping.shouldStop()) {
      epoch++;
      long t0 = System.nanoTime();
      ProgressBar bar = new ProgressBar(label + " epoch " + epoch, model.batchesPerEpoch(), cfg.progress());
      double lossSum = 0;
      long examples = 0;
      int batchNo = 0;
      double lr = 0;
      double[] diagSums = new double[diagnostics.size()];
      model.onEpochStart(session, epoch);
      Iterator<FeedBatch> it = model.batches(epoch);
      while (it.hasNext()) {
        try (FeedBatch batch = it.next()) {
          batchNo++;
          lr = schedule.at(steps);
          float value = step(batch, lr, diagSums, groupNorms);
          steps++;
          if (!Float.isFinite(value)) {
            bar.finish();
            throw new TrainingDivergedException("loss is " + value + " at epoch " + epoch + ", step "
                + steps + " (batch " + batchNo + " of " + model.batchesPerEpoch()
                + ", lr " + lr + "); try a lower train.lr or train.clip_norm > 0");
          }
          lossSum += (double) value * batch.size();
          examples += batch.size();
          bar.step(batchNo, batch.size(), value);
        }
      }
      bar.finish();
      model.onEpochEnd(session, epoch);
      double trainSeconds = (System.nanoTime() - t0) / 1e9;
      JsonObject line = new JsonObject();
      line.addProperty("epoch", epoch);
      line.addProperty("loss", lossSum / Math.max(1, examples));
      int di = 0;
      for (String name : diagnostics.keySet()) line.addProperty(name, diagSums[di++] / Math.max(1, examples));
      groupNorms.writeTo(line);
      line.addProperty("lr", lr);
      line.addProperty("steps", steps);
      line.addProperty("train_seconds", trainSeconds);
      line.addProperty("examples_per_second", examples / trainSeconds);
      boolean improved = false;
      if (validation != null && (epoch % cfg.evalEvery() == 0 || epoch == cfg.epochs())) {
        long e0 = System.nanoTime();
        model.beforeRanking(session);
        Map<String, Double> agg = validation.run(session);
        double score = validation.score(agg);
        JsonObject v = new JsonObject();
        agg.forEach(v::addProperty);
        line.add("valid", v);
        if (!validation.lastBySource().isEmpty()) {
          line.add("valid_by_source", ConfigReader.gson().toJsonTree(validation.lastBySource()));
        }
        Map<String, Double> modelStats = model.rankingStats();
        if (!modelStats.isEmpty()) {
          JsonObject m = new JsonObject();
          modelStats.forEach(m::addProperty);
          line.add("model", m);
        }
        line.addProperty("eval_seconds", (System.nanoTime() - e0) / 1e9);
        improved = stopping.update(epoch, score);
        line.addProperty("best", improved);
        if (improved) save(ckpt, BEST, null);
        LOG.info("{} epoch {}: loss {} {} {}{} ({} s train, {} ex/s)", label, epoch,
            String.format("%.4f", lossSum / Math.max(1, examples)), stopKey,
            String.format("%.4f", score), improved ? " *" : "",
            String.format("%.1f", trainSeconds), String.format("%.0f", examples / trainSeconds));
      } else {
        LOG.info("{} epoch {}: loss {} ({} s)", label, epoch,
            String.format("%.4f", lossSum / Math.max(1, examples)), String.format("%.1f", trainSeconds));
      }
      line.addProperty("seconds", (System.nanoTime() - t0) / 1e9);
      // The line goes first: a kill between the two leaves one line too many, which resume trims
      // (keepEpochs); the other order would leave a checkpointed epoch with no line at all.
      out.epoch(line);
      save(ckpt, LAST, new TrainerState(epoch, steps, stopping.best(), stopping.bestEpoch(),
          stopping.badEvaluations()));
    }
    if (stopping.bestEpoch() < 0) {
      // No validation happened (e.g. no valid cases): the last weights are the best we have.
      save(ckpt, BEST, null);
    }
    if (stopping.shouldStop()) {
      LOG.info("{}: early stop after epoch {} (best epoch {}, {} = {})", label, epoch,
          stopping.bestEpoch(), stopKey, String.format("%.4f", stopping.best()));
    }
    return new Fit(epoch, stopping.bestEpoch(), stopping.best(), resumed, (System.nanoTime() - start) / 1e9);
  }

  /**
   * One optimizer step on {@code batch} at learning rate {@code lr}, then the model's {@link
   * TrainingHooks#afterStep}; returns the batch loss.
   */
  public float step(FeedBatch batch, double lr) {
    return step(batch, lr, null, null);
  }

  /**
   * As {@link #step(FeedBatch, double)}, adding each diagnostic × batch size into {@code sums} and
   * the parameter groups' gradient norms into {@code norms}.
   */
  private float step(FeedBatch batch, double lr, double[] sums, GroupNormMeans norms) {
    return step(batch, lr, sums, norms, null);
  }

  /**
   * One real training step (as {@link #step(FeedBatch, double)}: the model's after-step hook too)
   * traced by TensorFlow: its per-node step statistics, for a benchmark's profile.
   */
  public org.tensorflow.proto.RunMetadata tracedStep(FeedBatch batch, double lr) {
    org.tensorflow.proto.RunMetadata[] meta = new org.tensorflow.proto.RunMetadata[1];
    step(batch, lr, null, null, meta);
    return meta[0];
  }

  private float step(FeedBatch batch, double lr, double[] sums, GroupNormMeans norms,
      org.tensorflow.proto.RunMetadata[] trace) {
    try (TFloat32 lrT = TFloat32.scalarOf((float) lr)) {
      Session.Runner runner = batch.feed(session.runner())
          .feed(optimizer.learningRate(), lrT).fetch(loss).addTarget(trainOp);
      if (trace != null) {
        runner.setOptions(org.tensorflow.proto.RunOptions.newBuilder()
            .setTraceLevel(org.tensorflow.proto.RunOptions.TraceLevel.FULL_TRACE).build());
      }
      for (Operand<TFloat32> d : diagnostics.values()) runner.fetch(d);
      for (Operand<?> f : afterStepFetches) runner.fetch(f);
      if (norms != null) norms.fetch(runner);
      try (Result r = trace != null ? runner.runAndFetchMetadata() : runner.run()) {
        if (trace != null) trace[0] = r.getMetadata().orElseThrow();
        if (sums != null) {
          for (int i = 0; i < diagnostics.size(); i++) {
            sums[i] += ((TFloat32) r.get(1 + i)).getFloat() * batch.size();
          }
        }
        if (norms != null) norms.add(r, 1 + diagnostics.size() + afterStepFetches.size());
        model.afterStep(session, afterStepFetches.isEmpty() ? List.of() : fetched(r, 1 + diagnostics.size()));
        return ((TFloat32) r.get(0)).getFloat();
      }
    }
  }

  /** The results from {@code from} on: the after-step fetches, still owned (closed) by {@code r}. */
  private List<Tensor> fetched(Result r, int from) {
    List<Tensor> values = new ArrayList<>(afterStepFetches.size());
    for (int i = 0; i < afterStepFetches.size(); i++) values.add(r.get(from + i));
    return values;
  }

  /**
   * Loads the best weights into the session and the model's own state from the same checkpoint
   * ({@link TrainingHooks#loadState}); a caller about to rank calls {@link TrainingHooks#beforeRanking}.
   */
  public void restoreBest(Path checkpointDir) throws IOException {
    Path best = bestDir(checkpointDir);
    io.genrec.nn.Checkpoints.restore(session, prefix(best));
    model.loadState(best);
  }

  /** The directory of the best checkpoint under {@code checkpointDir} (weights and model state). */
  public static Path bestDir(Path checkpointDir) {
    return checkpointDir.resolve(BEST);
  }

  /** True when {@code checkpointDir} holds a complete best checkpoint. */
  public static boolean hasBest(Path checkpointDir) {
    return Files.exists(bestDir(checkpointDir).resolve(PREFIX + ".index"));
  }

  /** The checkpoint prefix of the best weights under {@code checkpointDir}. */
  public static String bestPrefix(Path checkpointDir) {
    return prefix(bestDir(checkpointDir));
  }

  private static String prefix(Path dir) {
    return dir.resolve(PREFIX).toString();
  }

  private TrainerState resume(Path ckpt) throws IOException {
    Path last = ckpt.resolve(LAST);
    Path incoming = ckpt.resolve(LAST + ".new");
    Path previous = ckpt.resolve(LAST + ".old");
    for (Path candidate : List.of(last, incoming, previous)) {
      TrainerState s = TrainerState.read(candidate);
      if (s != null) {
        io.genrec.nn.Checkpoints.restore(session, prefix(candidate));
        model.loadState(candidate);
        LOG.info("resumed from {} after epoch {} (step {})", candidate, s.epochsDone(), s.steps());
        return s;
      }
    }
    return TrainerState.fresh();
  }

  /**
   * Writes a checkpoint (weights, the model's own state, then the trainer state, whose presence
   * marks a complete "last") into a fresh directory, then swaps it in, so a crash never leaves a
   * half-written "last" or "best": the previous one stays until the new one is complete.
   */
  private void save(Path ckpt, String name, TrainerState state) throws IOException {
    Path target = ckpt.resolve(name);
    Path incoming = ckpt.resolve(name + ".new");
    Path previous = ckpt.resolve(name + ".old");
    FileTrees.delete(incoming);
    Files.createDirectories(incoming);
    session.save(prefix(incoming));
    model.saveState(incoming);
    if (state != null) state.write(incoming);
    FileTrees.delete(previous);
    if (Files.exists(target)) Files.move(target, previous);
    Files.move(incoming, target);
    FileTrees.delete(previous);
  }

  @Override
  public void close() {
    session.close();
    graph.close();
  }
}
