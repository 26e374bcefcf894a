package io.genrec.data;

import java.util.Objects;

/**
 * How {@link DatasetLoader} reads a dataset.
 *
 * @param format {@link DataFormat#AUTO} to decide from the path and content
 * @param idOrder how dense ids are assigned
 * @param csvColumns column names for {@link DataFormat#CSV}
 * @param kCore for {@link DataFormat#AMAZON2023_REVIEWS}: minimum interactions per user and item
 */
public record LoadOptions(DataFormat format, IdOrder idOrder, CsvColumns csvColumns, int kCore) {
  /** The k-core of the P5 / TIGER pipelines. */
  public static final int DEFAULT_K_CORE = 5;

  public LoadOptions {
    Objects.requireNonNull(format, "format");
    Objects.requireNonNull(idOrder, "idOrder");
    Objects.requireNonNull(csvColumns, "csvColumns");
    if (kCore < 0) throw new IllegalArgumentException("kCore " + kCore + " < 0");
  }

  public LoadOptions(DataFormat format, IdOrder idOrder, CsvColumns csvColumns) {
    this(format, idOrder, csvColumns, DEFAULT_K_CORE);
  }

  /** Auto-detected format, first-seen ids, {@code UserId,ProductId,Timestamp} columns. */
  public static LoadOptions defaults() {
    return new LoadOptions(DataFormat.AUTO, IdOrder.FIRST_SEEN, CsvColumns.DEFAULT);
  }

  public LoadOptions withFormat(DataFormat format) {
    return new LoadOptions(format, idOrder, csvColumns, kCore);
  }

  public LoadOptions withIdOrder(IdOrder idOrder) {
    return new LoadOptions(format, idOrder, csvColumns, kCore);
  }

  public LoadOptions withKCore(int kCore) {
    return new LoadOptions(format, idOrder, csvColumns, kCore);
  }

  public LoadOptions withCsvColumns(CsvColumns csvColumns) {
    return new LoadOptions(format, idOrder, csvColumns, kCore);
  }
}
