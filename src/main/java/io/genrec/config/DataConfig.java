package io.genrec.config;

import com.google.gson.annotations.SerializedName;

/**
 * Where the interactions come from and how they are split.
 *
 * @param path interactions file or pre-split prefix; relative paths resolve against the working
 *     directory (configs are written to be run from the repository root, data in ../shared/data)
 * @param name dataset name shown in tables; empty means the file name without extension
 * @param format how to read {@code path}; {@code auto} decides from the extension
 * @param split how to hold out validation and test items
 * @param timeQuantile for {@code split: time}: the cutoff is this quantile of all timestamps
 * @param maxLength histories are truncated to this many most recent items
 * @param userColumn CSV column holding the user id
 * @param itemColumn CSV column holding the item id
 * @param timeColumn CSV column holding the timestamp
 * @param items optional item metadata (TSV/JSON) used for brand coverage
 */
public record DataConfig(
    String path,
    String name,
    Format format,
    Split split,
    double timeQuantile,
    int maxLength,
    String userColumn,
    String itemColumn,
    String timeColumn,
    String items)
    implements Section {

  public enum Format {
    @SerializedName("auto") AUTO,
    @SerializedName("sequence") SEQUENCE,
    @SerializedName("recbole") RECBOLE,
    @SerializedName("csv") CSV
  }

  public enum Split {
    @SerializedName("leave_one_out") LEAVE_ONE_OUT,
    @SerializedName("time") TIME,
    @SerializedName("given") GIVEN
  }

  public static DataConfig defaults() {
    return new DataConfig(
        "", "", Format.AUTO, Split.LEAVE_ONE_OUT, 0.95, 50, "UserId", "ProductId", "Timestamp", "");
  }

  /** The dataset's display name: {@code name}, or the file name of {@code path} without extension. */
  public String displayName() {
    if (name != null && !name.isBlank()) return name;
    String file = java.nio.file.Path.of(path).getFileName().toString();
    int dot = file.indexOf('.');
    return dot > 0 ? file.substring(0, dot) : file;
  }

  @Override
  public void validate(String p) {
    Require.notBlank(p + ".path", path);
    Require.inHalfOpen(p + ".time_quantile", timeQuantile, 0.0, 1.0);
    Require.positive(p + ".max_length", maxLength);
    Require.notBlank(p + ".user_column", userColumn);
    Require.notBlank(p + ".item_column", itemColumn);
    Require.notBlank(p + ".time_column", timeColumn);
  }
}
