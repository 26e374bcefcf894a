package io.genrec.data;

import java.util.Objects;

/**
 * Which CSV columns hold the user, the item and the time.
 *
 * @param time the timestamp column, or {@code null} when the file has none (file order is then
 *     taken as time order)
 */
public record CsvColumns(String user, String item, String time) {
  /** The Amazon interaction CSVs: {@code UserId,ProductId,Timestamp}. */
  public static final CsvColumns DEFAULT = new CsvColumns("UserId", "ProductId", "Timestamp");

  public CsvColumns {
    Objects.requireNonNull(user, "user");
    Objects.requireNonNull(item, "item");
  }
}
