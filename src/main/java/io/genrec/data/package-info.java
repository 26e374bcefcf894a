/**
 * Interactions in, dense sequences and evaluation cases out.
 *
 * <p>Loaders ({@link io.genrec.data.SequenceFileLoader}, {@link io.genrec.data.RecBoleLoader},
 * {@link io.genrec.data.CsvInteractionLoader}, chosen by {@link io.genrec.data.DatasetLoader}) read
 * a file into a {@link io.genrec.data.SequenceDataset}: original ids are remapped to dense 1-based
 * indices by {@link io.genrec.data.IdMap} (0 is padding) and each user's items are in time order.
 * Splits ({@link io.genrec.data.LeaveOneOutSplit}, {@link io.genrec.data.TimeCutoffSplit},
 * {@link io.genrec.data.GivenSplit}) turn that into training sequences and validation/test
 * {@link io.genrec.data.EvalCase}s. Malformed input fails with a {@link
 * io.genrec.data.DataFormatException} naming the file and line.
 *
 * <p>Indexing convention used throughout: arrays indexed "per user" hold the user with dense id
 * {@code u} at position {@code u - 1}; item ids inside sequences are dense ids (never 0).
 */
package io.genrec.data;
