package io.genrec.data;

/** The interaction formats {@link DatasetLoader} reads. */
public enum DataFormat {
  /** Decide from the path: see {@link DatasetLoader#detect}. */
  AUTO,
  /** S3-Rec / P5 {@code user item item ...} lines ({@link SequenceFileLoader}). */
  SEQUENCE,
  /** RecBole {@code .inter}: one file, or a pre-split directory / prefix ({@link RecBoleLoader}). */
  RECBOLE,
  /** CSV with a header ({@link CsvInteractionLoader}). */
  CSV,
  /**
   * Amazon Reviews 2023 CSVs: a benchmark or {@code rating_only} file, or a benchmark split's prefix
   * ({@link Amazon2023Loader}, {@link Amazon2023Split}).
   */
  AMAZON2023,
  /** Amazon Reviews 2023 raw review JSONL, plain or gzip, k-core filtered ({@link Amazon2023ReviewLoader}). */
  AMAZON2023_REVIEWS
}
