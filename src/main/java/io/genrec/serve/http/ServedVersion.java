package io.genrec.serve.http;

import java.nio.file.Path;

/** One model version being served: the loaded SavedModel and the batcher in front of it. */
final class ServedVersion implements AutoCloseable {
  private final String model;
  private final long version;
  private final Path dir;
  private final LoadedModel loaded;
  private final PredictBatcher batcher;

  private ServedVersion(String model, long version, Path dir, LoadedModel loaded, PredictBatcher batcher) {
    this.model = model;
    this.version = version;
    this.dir = dir;
    this.loaded = loaded;
    this.batcher = batcher;
  }

  /** Loads {@code dir} and starts its batch workers. */
  static ServedVersion load(String model, long version, Path dir, HttpServingConfig cfg, ServingMetrics metrics) {
    LoadedModel loaded = LoadedModel.load(dir, cfg.intraOpThreads(), cfg.interOpThreads(), cfg.precision());
    PredictBatcher batcher = new PredictBatcher(model + " v" + version, cfg.batching(), loaded,
        (rows, queued, run) -> metrics.batch(model, rows, queued / 1e9, run / 1e9));
    return new ServedVersion(model, version, dir, loaded, batcher);
  }

  String model() {
    return model;
  }

  long version() {
    return version;
  }

  Path dir() {
    return dir;
  }

  LoadedModel loaded() {
    return loaded;
  }

  PredictBatcher batcher() {
    return batcher;
  }

  /** Answers what is queued, then frees the session. */
  @Override
  public void close() {
    batcher.close();
    loaded.close();
  }
}
