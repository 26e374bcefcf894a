package io.genrec.train;

import com.google.gson.JsonObject;
import java.nio.file.Path;

/**
 * Where one training run puts what it produces. The experiment runner backs it with a run directory
 * (atomic writes, DONE marker); tests and benchmarks can back it with a temp dir.
 */
public interface RunOutputs {
  /** The run's own directory (id maps and other run-level files go here). */
  Path directory();

  /** Directory for checkpoints ("last" for resume, "best" for test and export) and trainer state. */
  Path checkpointDir();

  /** Appends one line to the per-epoch log (epochs.jsonl); durable when it returns. */
  void epoch(JsonObject line);

  /**
   * Drops per-epoch lines past the first {@code epochs}: a resumed run calls it with the number of
   * epochs its checkpoint holds, so an epoch that is redone is not logged twice.
   */
  void keepEpochs(int epochs);

  /** Writes metrics.json atomically: {"valid": {...}, "test": {...}, ...}. */
  void metrics(JsonObject metrics);

  /** Path of per_user.csv (per-user test metrics), written atomically by the evaluator. */
  Path perUserCsv();

  /** Directory the SavedModel is exported to (absent until export). */
  Path savedModelDir();
}
