package io.genrec.data;

import java.util.Objects;

/**
 * How {@link DatasetLoader} reads a dataset.
 *
 * @param format {@link DataFormat#AUTO} to decide from the path and content
 * @param idOrder how dense ids are assigned
 * @param csvColumns column names for {@link DataFormat#CSV}
 */
public record LoadOptions(DataFormat format, IdOrder idOrder, CsvColumns csvColumns) {
  public LoadOptions {
    Objects.requireNonNull(format, "format");
    Objects.requireNonNull(idOrder, "idOrder");
    Objects.requireNonNull(csvColumns, "csvColumns");
  }

  /** Auto-detected format, first-seen ids, {@code UserId,ProductId,Timestamp} columns. */
  public static LoadOptions defaults() {
    return new LoadOptions(DataFormat.AUTO, IdOrder.FIRST_SEEN, CsvColumns.DEFAULT);
  }

  public LoadOptions withFormat(DataFormat format) {
    return new LoadOptions(format, idOrder, csvColumns);
  }

  public LoadOptions withIdOrder(IdOrder idOrder) {
    return new LoadOptions(format, idOrder, csvColumns);
  }

  public LoadOptions withCsvColumns(CsvColumns csvColumns) {
    return new LoadOptions(format, idOrder, csvColumns);
  }
}
