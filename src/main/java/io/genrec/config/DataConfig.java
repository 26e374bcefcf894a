package io.genrec.config;

import com.google.gson.annotations.SerializedName;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Where the interactions come from and how they are split.
 *
 * <p>A run reads one dataset ({@code path}) or several ({@code sources}). Each source is a data
 * section of its own (same keys, same meaning) that loads and splits alone; the run then keeps
 * the sources' items and users apart by offsetting their dense ids (see {@code data.Datasets}).
 * Keys set in the run's data section are the defaults of every source, except the ones that name
 * one dataset ({@code path}, {@code name}, {@code items}) and the run-wide {@code max_length}
 * (see {@link DataSources}).
 *
 * @param path interactions file or pre-split prefix; relative paths resolve against the working
 *     directory (configs are written to be run from the repository root), or, with {@code dataset},
 *     the dataset's directory; empty when {@code sources} lists the datasets (with {@code dataset}:
 *     the catalog's default file)
 * @param name dataset name shown in tables; empty means the file name without extension (with
 *     sources: their names joined by '+'). A source's name keys its metrics and must be set.
 * @param format how to read {@code path}; {@code auto} decides from the extension
 * @param split how to hold out validation and test items; {@code none} trains on everything
 * @param timeQuantile for {@code split: time}: the cutoff is this quantile of all timestamps
 * @param maxLength histories are truncated to this many most recent items (one value per run)
 * @param userColumn CSV column holding the user id
 * @param itemColumn CSV column holding the item id
 * @param timeColumn CSV column holding the timestamp
 * @param items optional item metadata (TSV/JSON) used for brand coverage
 * @param sources several datasets in one run, in id order; empty for a single {@code path}
 * @param kCore for {@code format: amazon2023_reviews}: users and items with fewer interactions are
 *     dropped, repeatedly until none is left (null: 5, as the P5 / TIGER pipelines; 0 or 1: keep all).
 *     Null is not written back, so configs that never set it keep their run directory.
 * @param holdoutItems a seeded share of the items held out of training and validation for a
 *     cold-start evaluation ({@code data.ItemHoldout}); null (the default, not written back) holds
 *     out nothing
 * @param dataset a dataset of the catalog ({@code genrec data list}) instead of a path: {@code path} and
 *     {@code items} then name files inside that dataset's directory (an empty {@code path}: the
 *     catalog's default file), found wherever {@code genrec data get} put it or in ../shared/data
 *     ({@code data.fetch.DatasetLocator}). Null (the default) is not written back, so path-only configs
 *     keep their run directory.
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
    String items,
    List<DataConfig> sources,
    Integer kCore,
    HoldoutItems holdoutItems,
    String dataset)
    implements Section {

  /**
   * @param share of the catalog's items held out, in (0, 0.5]
   * @param seed which items: the same seed and data hold out the same items
   */
  public record HoldoutItems(double share, long seed) {}

  /** The k-core raw Amazon 2023 reviews get when {@code k_core} is not set. */
  public static final int DEFAULT_K_CORE = 5;

  /** Letters, digits, '.', '_' and '-': a source name keys metrics and id files. */
  static final String SOURCE_NAME = "[A-Za-z0-9._-]+";

  public enum Format {
    @SerializedName("auto") AUTO,
    @SerializedName("sequence") SEQUENCE,
    @SerializedName("recbole") RECBOLE,
    @SerializedName("csv") CSV,
    /** Amazon Reviews 2023 CSVs: benchmark ({@code ...,history}) or rating_only file, or a split's prefix. */
    @SerializedName("amazon2023") AMAZON2023,
    /** Amazon Reviews 2023 raw review JSONL (plain or .gz), cut to its {@code k_core}. */
    @SerializedName("amazon2023_reviews") AMAZON2023_REVIEWS
  }

  public enum Split {
    @SerializedName("leave_one_out") LEAVE_ONE_OUT,
    @SerializedName("time") TIME,
    @SerializedName("given") GIVEN,
    /** Everything trains; no validation or test cases (pre-training). */
    @SerializedName("none") NONE
  }

  public DataConfig {
    // Files written before sources existed have no such key; Gson passes null for it.
    sources = sources == null ? List.of() : List.copyOf(sources);
  }

  /** A single-dataset section (no sources). */
  public DataConfig(String path, String name, Format format, Split split, double timeQuantile, int maxLength,
      String userColumn, String itemColumn, String timeColumn, String items) {
    this(path, name, format, split, timeQuantile, maxLength, userColumn, itemColumn, timeColumn, items, List.of());
  }

  /** A section that names its files by path (no {@code dataset}). */
  public DataConfig(String path, String name, Format format, Split split, double timeQuantile, int maxLength,
      String userColumn, String itemColumn, String timeColumn, String items, List<DataConfig> sources, Integer kCore,
      HoldoutItems holdoutItems) {
    this(path, name, format, split, timeQuantile, maxLength, userColumn, itemColumn, timeColumn, items, sources, kCore,
        holdoutItems, null);
  }

  /** The same section with other files and no {@code dataset}: what a located dataset reads. */
  public DataConfig withFiles(String newPath, String newItems, List<DataConfig> newSources) {
    return new DataConfig(newPath, name, format, split, timeQuantile, maxLength, userColumn, itemColumn, timeColumn,
        newItems, newSources, kCore, holdoutItems, null);
  }

  /** Whether this section names a catalogued dataset rather than a path. */
  public boolean namesDataset() {
    return dataset != null && !dataset.isBlank();
  }

  /** A section without {@code holdout_items}. */
  public DataConfig(String path, String name, Format format, Split split, double timeQuantile, int maxLength,
      String userColumn, String itemColumn, String timeColumn, String items, List<DataConfig> sources, Integer kCore) {
    this(path, name, format, split, timeQuantile, maxLength, userColumn, itemColumn, timeColumn, items, sources, kCore,
        null);
  }

  /** A section without {@code k_core} (the default applies). */
  public DataConfig(String path, String name, Format format, Split split, double timeQuantile, int maxLength,
      String userColumn, String itemColumn, String timeColumn, String items, List<DataConfig> sources) {
    this(path, name, format, split, timeQuantile, maxLength, userColumn, itemColumn, timeColumn, items, sources, null);
  }

  /** {@code k_core}, or {@link #DEFAULT_K_CORE} when unset. */
  public int kCoreOrDefault() {
    return kCore == null ? DEFAULT_K_CORE : kCore;
  }

  public static DataConfig defaults() {
    return new DataConfig(
        "", "", Format.AUTO, Split.LEAVE_ONE_OUT, 0.95, 50, "UserId", "ProductId", "Timestamp", "");
  }

  /** Whether the run reads several datasets ({@code sources}) rather than one {@code path}. */
  public boolean hasSources() {
    return !sources.isEmpty();
  }

  /** The datasets to load, in id order: the sources, or this section itself when it names one path. */
  public List<DataConfig> datasets() {
    return hasSources() ? sources : List.of(this);
  }

  /**
   * The dataset's display name: {@code name}; else, with sources, their names joined by '+';
   * else the file name of {@code path} without extension (a named dataset without a path: its name).
   */
  public String displayName() {
    if (name != null && !name.isBlank()) return name;
    if (hasSources()) {
      return String.join("+", sources.stream().map(DataConfig::name).toList());
    }
    // The catalog's default file is not known here; the dataset's name says what the run read.
    if (namesDataset() && (path == null || path.isBlank())) return dataset;
    java.nio.file.Path file = java.nio.file.Path.of(path == null ? "" : path).getFileName();
    String stem = file == null ? "" : file.toString();
    int dot = stem.indexOf('.');
    return dot > 0 ? stem.substring(0, dot) : stem;
  }

  @Override
  public void validate(String p) {
    if (!hasSources()) {
      validateOne(p);
      return;
    }
    checkMaxLength(p);
    if (holdoutItems != null) {
      throw new ConfigException(p + ".holdout_items: holding out items is for a run over one dataset (data.path),"
          + " not over sources");
    }
    for (String perSource : new String[] {"path", "items", "dataset"}) {
      String value = switch (perSource) {
        case "path" -> path;
        case "items" -> items;
        default -> dataset;
      };
      if (value != null && !value.isBlank()) {
        throw new ConfigException(p + "." + perSource + " = \"" + value + "\": leave it empty when " + p
            + ".sources lists the datasets (each source names its own " + perSource + ")");
      }
    }
    Set<String> names = new HashSet<>();
    for (int i = 0; i < sources.size(); i++) {
      String at = p + ".sources[" + i + "]";
      DataConfig source = sources.get(i);
      if (source.hasSources()) throw new ConfigException(at + ".sources: sources do not nest");
      Require.notBlank(at + ".name", source.name());
      if (!source.name().matches(SOURCE_NAME)) {
        throw new ConfigException(at + ".name = \"" + source.name()
            + "\": only letters, digits, '.', '_' and '-' are allowed (it keys metrics and id files)");
      }
      if (!names.add(source.name())) {
        throw new ConfigException(at + ".name = \"" + source.name() + "\": another source has this name;"
            + " names must be unique");
      }
      if (source.holdoutItems() != null) {
        throw new ConfigException(at + ".holdout_items: holding out items is for a run over one dataset (data.path),"
            + " not per source");
      }
      source.validateOne(at);
    }
  }

  /**
   * Longest history a run may keep: one attention matrix over 65,536 positions is already 16 GiB
   * per example and head, so anything above is a typo that would otherwise end in OutOfMemoryError.
   */
  public static final int MAX_LENGTH = 1 << 16;

  private void checkMaxLength(String p) {
    Require.positive(p + ".max_length", maxLength);
    if (maxLength > MAX_LENGTH) {
      throw new ConfigException(p + ".max_length = " + maxLength + ": at most " + MAX_LENGTH
          + " (a history is attended over as max_length × max_length per example; typical values are 50 to 200)");
    }
  }

  private void validateOne(String p) {
    if (namesDataset()) {
      validateNamedFiles(p);
    } else {
      Require.notBlank(p + ".path", path);
    }
    Require.inHalfOpen(p + ".time_quantile", timeQuantile, 0.0, 1.0);
    checkMaxLength(p);
    Require.notBlank(p + ".user_column", userColumn);
    Require.notBlank(p + ".item_column", itemColumn);
    Require.notBlank(p + ".time_column", timeColumn);
    if (kCore != null && kCore < 0) {
      throw new ConfigException(p + ".k_core = " + kCore + ": expected an integer >= 0 (0 or 1 keep every interaction)");
    }
    if (holdoutItems != null) {
      if (!(holdoutItems.share() > 0 && holdoutItems.share() <= 0.5)) {
        throw new ConfigException(p + ".holdout_items.share = " + holdoutItems.share()
            + ": expected a share of the items in (0, 0.5]");
      }
      if (split != Split.LEAVE_ONE_OUT && split != Split.TIME) {
        throw new ConfigException(p + ".holdout_items: needs split leave_one_out or time (held-out items are taken"
            + " out of the interactions before the split), not " + split.name().toLowerCase(java.util.Locale.ROOT));
      }
    }
  }

  /**
   * A named dataset's files are named inside its directory, wherever that is found, so a path that
   * is absolute would escape it: that is a path-only section (no {@code dataset}).
   */
  private void validateNamedFiles(String p) {
    if (!dataset.matches(SOURCE_NAME)) {
      throw new ConfigException(p + ".dataset = \"" + dataset + "\": expected a catalogued dataset's name"
          + " (letters, digits, '.', '_' and '-'; genrec data list shows them)");
    }
    for (String key : new String[] {"path", "items"}) {
      String value = key.equals("path") ? path : items;
      if (value != null && !value.isBlank() && java.nio.file.Path.of(value).isAbsolute()) {
        throw new ConfigException(p + "." + key + " = \"" + value + "\": with " + p + ".dataset a file is named inside"
            + " the dataset's directory (e.g. \"Beauty.txt\"); for an absolute path leave " + p + ".dataset unset");
      }
    }
  }

  /** The names of the sources, in id order; empty for a single dataset. */
  public List<String> sourceNames() {
    return sources.stream().map(DataConfig::name).toList();
  }
}
