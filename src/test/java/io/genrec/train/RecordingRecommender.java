package io.genrec.train;

import io.genrec.eval.RankingHead;
import io.genrec.model.SequentialRecommender;
import io.genrec.nn.Params;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * A real model with every hook call written to a shared {@link Watch}, tagged with the instance's
 * role ("train", "export"); at start and before each ranking it also reads the model's first weight
 * from the session, so a test can tell which weights the hook saw.
 */
final class RecordingRecommender implements SequentialRecommender {
  /** What every instance of one run records. */
  static final class Watch {
    final List<String> events = new ArrayList<>();
    /** The first weight's value at each "start" / "beforeRanking" event, in event order. */
    final List<float[]> weights = new ArrayList<>();
    int steps;
    /** The graph name of the model's first weight (a variable, or a constant in a frozen build). */
    String weight;
  }

  private final SequentialRecommender model;
  private final String role;
  private final Watch watch;

  RecordingRecommender(SequentialRecommender model, String role, Watch watch) {
    this.model = model;
    this.role = role;
    this.watch = watch;
  }

  private void record(String event) {
    watch.events.add(role + " " + event);
  }

  private void readWeight(Session session) {
    try (Result r = session.runner().fetch(watch.weight).run()) {
      TFloat32 value = (TFloat32) r.get(0);
      float[] copy = new float[Math.toIntExact(value.size())];
      value.copyTo(DataBuffers.of(copy, false, false));
      watch.weights.add(copy);
    }
  }

  @Override
  public Operand<TFloat32> buildLoss(Params params) {
    Operand<TFloat32> loss = model.buildLoss(params);
    watch.weight = params.trainable().get(0).name();
    return loss;
  }

  @Override
  public Iterator<FeedBatch> batches(int epoch) {
    return model.batches(epoch);
  }

  @Override
  public int batchesPerEpoch() {
    return model.batchesPerEpoch();
  }

  @Override
  public Map<String, Operand<TFloat32>> diagnostics() {
    return model.diagnostics();
  }

  @Override
  public RankingHead buildRanking(Params params, Operand<TInt32> history, Operand<TInt32> exclude, Operand<TInt32> k) {
    record("buildRanking");
    return model.buildRanking(params, history, exclude, k);
  }

  @Override
  public int historyLength() {
    return model.historyLength();
  }

  @Override
  public Map<String, Operand<?>> servingInputs() {
    return model.servingInputs();
  }

  @Override
  public Map<String, Operand<?>> servingOutputs() {
    return model.servingOutputs();
  }

  @Override
  public void onStart(Session session) {
    record("start");
    readWeight(session);
    model.onStart(session);
  }

  @Override
  public void onEpochStart(Session session, int epoch) {
    record("epochStart " + epoch);
    model.onEpochStart(session, epoch);
  }

  @Override
  public List<Operand<?>> afterStepFetches() {
    return model.afterStepFetches();
  }

  @Override
  public void afterStep(Session session, List<Tensor> fetched) {
    watch.steps++;
    model.afterStep(session, fetched);
  }

  @Override
  public void beforeRanking(Session session) {
    record("beforeRanking");
    readWeight(session);
    model.beforeRanking(session);
  }

  @Override
  public void saveState(Path checkpointDir) throws IOException {
    record("saveState " + checkpointDir.getFileName());
    model.saveState(checkpointDir);
  }

  @Override
  public void loadState(Path checkpointDir) throws IOException {
    record("loadState " + checkpointDir.getFileName());
    model.loadState(checkpointDir);
  }
}
