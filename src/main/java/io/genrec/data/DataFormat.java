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
  CSV
}
