package io.genrec.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The trainer calls each lifecycle hook where {@link TrainingHooks} says, as often as it says. */
class TrainerHooksTest {
  private static final long SEED = 5;

  @TempDir Path dir;

  @Test
  void aFitCallsEveryHookInOrderAndRestoreBestLoadsTheBestState() throws IOException {
    List<String> events = new ArrayList<>();
    HookRecorder model = new HookRecorder(SEED, events);
    try (Trainer trainer = new Trainer(model, HookRecorder.config(3), SEED, null)) {
      Trainer.Fit fit = trainer.fit(HookRecorder.scoring(events, 0.5, 0.9, 0.7), new Outputs(dir, 0), "hooks");
      assertEquals(2, fit.bestEpoch());
      trainer.restoreBest(dir.resolve("checkpoints"));
    }
    List<String> expected = new ArrayList<>(List.of("start"));
    for (int epoch = 1; epoch <= 3; epoch++) {
      expected.add("epochStart " + epoch);
      for (int b = 0; b < HookRecorder.BATCHES; b++) expected.add("afterStep");
      expected.add("epochEnd " + epoch);
      expected.addAll(List.of("beforeRanking", "validate"));
      if (epoch <= 2) expected.add("saveState best.new");
      expected.add("saveState last.new");
    }
    expected.add("loadState best epoch 2");
    assertEquals(expected, events);
  }

  @Test
  void afterStepGetsTheStepsOwnFetchedValues() throws IOException {
    HookRecorder model = new HookRecorder(SEED, new ArrayList<>());
    try (Trainer trainer = new Trainer(model, HookRecorder.config(2), SEED, null)) {
      trainer.fit(HookRecorder.scoring(new ArrayList<>(), 0.1, 0.2), new Outputs(dir, 0), "hooks");
    }
    assertEquals(2 * HookRecorder.BATCHES, model.fetchedMeans.size());
    assertEquals(model.javaMeans.size(), model.fetchedMeans.size());
    double average = 0;
    for (int i = 0; i < model.javaMeans.size(); i++) {
      assertEquals(model.javaMeans.get(i), model.fetchedMeans.get(i), 1e-6, "batch mean of step " + (i + 1));
      average = HookRecorder.DECAY * average + (1 - HookRecorder.DECAY) * model.javaMeans.get(i);
    }
    assertEquals(average, model.average(), 1e-6);
    assertTrue(Math.abs(average) > 0.5, "the batches have a mean near 2, so a zero average would show");
  }

  @Test
  void aResumedFitLoadsTheLastCheckpointsStateNotTheBests() throws IOException {
    double[] scores = {0.9, 0.5, 0.7};
    List<String> first = new ArrayList<>();
    try (Trainer trainer = new Trainer(new HookRecorder(SEED, first), HookRecorder.config(3), SEED, null)) {
      assertThrows(Stopped.class,
          () -> trainer.fit(HookRecorder.scoring(first, scores), new Outputs(dir, 3), "hooks"));
    }
    // An epoch's line is logged before its "last" checkpoint, so stopping at epoch 3's line leaves
    // epoch 2's checkpoint the newest: the fit stopped after epoch 2's checkpoint.
    assertEquals(2, TrainerState.read(dir.resolve("checkpoints").resolve("last")).epochsDone());
    assertEquals("validate", first.get(first.size() - 1), "stopped before epoch 3's checkpoint");

    List<String> resumed = new ArrayList<>();
    HookRecorder again = new HookRecorder(SEED, resumed);
    long steps;
    double average;
    try (Trainer trainer = new Trainer(again, HookRecorder.config(3), SEED, null)) {
      Trainer.Fit fit = trainer.fit(HookRecorder.scoring(resumed, scores[2]), new Outputs(dir, 0), "hooks");
      assertTrue(fit.resumed());
      assertEquals(1, fit.bestEpoch());
      steps = again.steps();
      average = again.average();
      trainer.restoreBest(dir.resolve("checkpoints"));
    }
    List<String> expected = new ArrayList<>(List.of("loadState last epoch 2", "start", "epochStart 3"));
    for (int b = 0; b < HookRecorder.BATCHES; b++) expected.add("afterStep");
    expected.addAll(List.of("epochEnd 3", "beforeRanking", "validate", "saveState last.new", "loadState best epoch 1"));
    assertEquals(expected, resumed);

    // The Java-side state went on from the checkpoint: the same as a fit never stopped.
    HookRecorder whole = new HookRecorder(SEED, new ArrayList<>());
    try (Trainer trainer = new Trainer(whole, HookRecorder.config(3), SEED, null)) {
      trainer.fit(HookRecorder.scoring(new ArrayList<>(), scores), new Outputs(dir.resolve("whole"), 0), "hooks");
    }
    assertEquals(whole.steps(), steps);
    assertEquals(whole.average(), average, 0.0);
    assertEquals(HookRecorder.BATCHES, again.steps(), "restoreBest brought back epoch 1's state");
  }

  @Test
  void stateFilesLiveInsideTheCheckpointsAndACrashKeepsThePreviousPair() throws IOException {
    Path ckpt = dir.resolve("checkpoints");
    HookRecorder model = new HookRecorder(SEED, new ArrayList<>());
    model.failLastSaveAtEpoch = 3;
    try (Trainer trainer = new Trainer(model, HookRecorder.config(3), SEED, null)) {
      IOException crash = assertThrows(IOException.class,
          () -> trainer.fit(HookRecorder.scoring(new ArrayList<>(), 0.5, 0.9, 0.7), new Outputs(dir, 0), "hooks"));
      assertEquals("disk full (test)", crash.getMessage());
    }
    for (Path into : model.savedInto) {
      assertEquals(ckpt, into.getParent());
      assertTrue(into.getFileName().toString().endsWith(".new"), into + " is the directory swapped in afterwards");
    }
    // Epoch 2 improved, so "best" and "last" both hold epoch 2's weights and state; epoch 3's "last"
    // never replaced them.
    assertTrue(HookRecorder.savedState(ckpt.resolve("best")).startsWith("2 6 "));
    assertTrue(HookRecorder.savedState(ckpt.resolve("last")).startsWith("2 6 "));
    assertEquals(2, TrainerState.read(ckpt.resolve("last")).epochsDone());
    assertTrue(Files.exists(ckpt.resolve("last").resolve("ckpt.index")));

    List<String> events = new ArrayList<>();
    try (Trainer trainer = new Trainer(new HookRecorder(SEED, events), HookRecorder.config(3), SEED, null)) {
      trainer.fit(HookRecorder.scoring(events, 0.7), new Outputs(dir, 0), "hooks");
    }
    assertEquals("loadState last epoch 2", events.get(0));
    assertTrue(HookRecorder.savedState(ckpt.resolve("last")).startsWith("3 9 "));
    assertTrue(HookRecorder.savedState(ckpt.resolve("best")).startsWith("2 6 "));
    try (Stream<Path> left = Files.list(ckpt)) {
      assertEquals(List.of("best", "last"), left.map(p -> p.getFileName().toString()).sorted().toList());
    }
    assertFalse(Files.exists(ckpt.resolve("last.new")));
  }

  /** Thrown by {@link Outputs} to stop a fit right after an epoch, as a killed run would. */
  static final class Stopped extends RuntimeException {
    Stopped(int epoch) {
      super("stopped after epoch " + epoch);
    }
  }

  /** Run outputs in a temp directory that stop the fit once epoch {@code stopAfter} is logged (0: never). */
  static final class Outputs implements RunOutputs {
    private final Path dir;
    private final int stopAfter;
    private final List<JsonObject> epochs = new ArrayList<>();

    Outputs(Path dir, int stopAfter) {
      this.dir = dir;
      this.stopAfter = stopAfter;
    }

    @Override
    public Path directory() {
      return dir;
    }

    @Override
    public Path checkpointDir() {
      return dir.resolve("checkpoints");
    }

    @Override
    public void epoch(JsonObject line) {
      epochs.add(line);
      if (line.get("epoch").getAsInt() == stopAfter) throw new Stopped(stopAfter);
    }

    @Override
    public void keepEpochs(int n) {
      while (epochs.size() > n) epochs.remove(epochs.size() - 1);
    }

    @Override
    public void metrics(JsonObject metrics) {
      throw new UncheckedIOException(new IOException("a fit writes no metrics"));
    }

    @Override
    public Path perUserCsv() {
      return dir.resolve("per_user.csv");
    }

    @Override
    public Path savedModelDir() {
      return dir.resolve("savedmodel");
    }
  }
}
