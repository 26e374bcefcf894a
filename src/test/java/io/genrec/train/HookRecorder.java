package io.genrec.train;

import io.genrec.config.TrainConfig;
import io.genrec.nn.Init;
import io.genrec.nn.Param;
import io.genrec.nn.Params;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Random;
import org.tensorflow.Operand;
import org.tensorflow.Session;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

/**
 * A one-weight model (fit w to the mean of seeded numbers) that records every hook the trainer
 * calls, and keeps Java-side state a real model might: an exponential moving average of each
 * batch's mean, fetched from the graph after every step, saved and loaded with the checkpoints.
 */
final class HookRecorder implements Trainable {
  static final String STATE_FILE = "hook_recorder.txt";
  static final int BATCHES = 3;
  static final int BATCH = 4;
  static final double DECAY = 0.9;

  final List<String> events;
  /** Every directory {@link #saveState} was given, in order. */
  final List<Path> savedInto = new ArrayList<>();
  /** Each step's batch mean as fetched from the graph, and as computed here from the fed numbers. */
  final List<Float> fetchedMeans = new ArrayList<>();
  final List<Double> javaMeans = new ArrayList<>();
  /** Throws from {@link #saveState} into "last" at this epoch (0: never), to crash mid-checkpoint. */
  int failLastSaveAtEpoch;

  private final long seed;
  private Ops tf;
  private Placeholder<TFloat32> x;
  private int epoch;
  private long steps;
  private double average;

  HookRecorder(long seed, List<String> events) {
    this.seed = seed;
    this.events = events;
  }

  static TrainConfig config(int epochs) {
    return new TrainConfig(epochs, BATCH, 0.1, TrainConfig.Optimizer.ADAM, 0, 0.9, 0.999, 1e-8,
        TrainConfig.Schedule.CONSTANT, 0, 0, 0, 0, 1, 1, 1, false);
  }

  double average() {
    return average;
  }

  long steps() {
    return steps;
  }

  @Override
  public Operand<TFloat32> buildLoss(Params params) {
    tf = params.tf();
    x = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1)));
    Param w = params.variable("w", Shape.of(1), Init.zeros(), false);
    return tf.math.mean(tf.math.squaredDifference(x, w.value()), tf.constant(0));
  }

  @Override
  public List<Operand<?>> afterStepFetches() {
    return List.of(tf.math.mean(x, tf.constant(0)));
  }

  @Override
  public Iterator<FeedBatch> batches(int epoch) {
    Random rng = EpochOrder.random(seed, epoch);
    return new Iterator<>() {
      private int next;

      @Override
      public boolean hasNext() {
        return next < BATCHES;
      }

      @Override
      public FeedBatch next() {
        if (!hasNext()) throw new NoSuchElementException();
        next++;
        float[] values = new float[BATCH];
        double sum = 0;
        for (int i = 0; i < BATCH; i++) {
          values[i] = (float) (2 + rng.nextGaussian());
          sum += values[i];
        }
        javaMeans.add(sum / BATCH);
        return new FeedBatch(BATCH).put(x, TFloat32.tensorOf(Shape.of(BATCH), DataBuffers.of(values, true, false)));
      }
    };
  }

  @Override
  public int batchesPerEpoch() {
    return BATCHES;
  }

  @Override
  public void onStart(Session session) {
    events.add("start");
  }

  @Override
  public void onEpochStart(Session session, int epoch) {
    this.epoch = epoch;
    events.add("epochStart " + epoch);
  }

  @Override
  public void onEpochEnd(Session session, int epoch) {
    events.add("epochEnd " + epoch);
  }

  @Override
  public void afterStep(Session session, List<Tensor> fetched) {
    float mean = ((TFloat32) fetched.get(0)).getFloat();
    fetchedMeans.add(mean);
    average = DECAY * average + (1 - DECAY) * mean;
    steps++;
    events.add("afterStep");
  }

  @Override
  public void beforeRanking(Session session) {
    events.add("beforeRanking");
  }

  @Override
  public void saveState(Path checkpointDir) throws IOException {
    events.add("saveState " + checkpointDir.getFileName());
    savedInto.add(checkpointDir);
    if (epoch == failLastSaveAtEpoch && checkpointDir.getFileName().toString().startsWith(Trainer.LAST)) {
      throw new IOException("disk full (test)");
    }
    Files.writeString(checkpointDir.resolve(STATE_FILE), epoch + " " + steps + " " + Double.toHexString(average));
  }

  @Override
  public void loadState(Path checkpointDir) throws IOException {
    String[] saved = Files.readString(checkpointDir.resolve(STATE_FILE)).split(" ");
    epoch = Integer.parseInt(saved[0]);
    steps = Long.parseLong(saved[1]);
    average = Double.parseDouble(saved[2]);
    events.add("loadState " + checkpointDir.getFileName() + " epoch " + epoch);
  }

  /** A validation whose n-th run scores {@code scores[n]}, recording that it ran. */
  static Validation scoring(List<String> events, double... scores) {
    return new Validation() {
      private int runs;

      @Override
      public Map<String, Double> run(Session session) {
        events.add("validate");
        return Map.of("score", scores[runs++]);
      }

      @Override
      public String key() {
        return "score";
      }
    };
  }

  /** The state file {@link #saveState} wrote into {@code checkpointDir}: "epoch steps average". */
  static String savedState(Path checkpointDir) throws IOException {
    return Files.readString(checkpointDir.resolve(STATE_FILE));
  }
}
