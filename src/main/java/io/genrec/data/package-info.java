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
 * <p>A run over several datasets ({@code data.sources}) loads and splits each on its own, then
 * joins them ({@link io.genrec.data.SourceConcatenation}): each source's dense ids are moved up by
 * the sizes of the sources before it, so items and users stay apart;
 * {@link io.genrec.data.SplitDataset#sources()} gives each source's id ranges and own id maps, and
 * every {@link io.genrec.data.EvalCase} its source index.
 *
 * <p>Indexing convention used throughout: arrays indexed "per user" hold the user with dense id
 * {@code u} at position {@code u - 1}; item ids inside sequences are dense ids (never 0).
 */
package io.genrec.data;
