package io.genrec.data;

import java.nio.file.Path;

/**
 * One row of UniSRec's {@code user, item_id_list, item_id} format: the items before a prediction
 * step (possibly truncated to the most recent ones) and the item that followed. Ids are
 * provisional dense ids; {@code file} and {@code line} locate the row for error messages.
 */
record HistoryRow(int user, int[] history, int target, Path file, long line) {}
