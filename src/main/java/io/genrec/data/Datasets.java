package io.genrec.data;

import io.genrec.config.ConfigException;
import io.genrec.config.DataConfig;
import io.genrec.data.fetch.DatasetLocator;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * Reads and splits a dataset as a run's {@link DataConfig} describes it, so commands and
 * experiments do not each translate config keys into loader options.
 */
public final class Datasets {
  private static final Logger LOG = LogManager.getLogger(Datasets.class);

  private Datasets() {}

  /**
   * The section with its named datasets ({@code data.dataset}) replaced by the files found on this
   * machine; every entry point below passes its section through here, so callers need not.
   */
  public static DataConfig located(DataConfig config) {
    return DatasetLocator.standard().paths(config);
  }

  public static LoadOptions options(DataConfig config) {
    return LoadOptions.defaults()
        .withFormat(DataFormat.valueOf(config.format().name()))
        .withCsvColumns(new CsvColumns(config.userColumn(), config.itemColumn(), config.timeColumn()))
        .withKCore(config.kCoreOrDefault());
  }

  /** The one dataset {@code config.path()} names; a config with several sources goes to {@link #loadSplit}. */
  public static SequenceDataset load(DataConfig config) throws IOException {
    config = located(config);
    if (config.hasSources()) {
      throw new ConfigException("data.sources: this command reads one dataset (data.path); a run over "
          + config.sourceNames() + " is read by genrec run and genrec sweep");
    }
    return DatasetLoader.load(Path.of(config.path()), options(config));
  }

  /**
   * Splits {@code data} by {@code config.split()}. The given split re-reads the pre-split files
   * at {@code config.path()} (the parts are not kept in a {@link SequenceDataset}); its dataset has
   * the same ids as {@code data} since loading is deterministic.
   */
  public static SplitDataset split(SequenceDataset data, DataConfig config) throws IOException {
    config = located(config);
    SplitDataset split = config.holdoutItems() != null ? holdout(data, config).split() : switch (config.split()) {
      case LEAVE_ONE_OUT -> new LeaveOneOutSplit().split(data);
      case TIME -> new TimeCutoffSplit(config.timeQuantile()).split(data);
      case GIVEN -> given(Path.of(config.path()), options(config));
      case NONE -> new NoHoldOut().split(data);
    };
    requireTestCases(split, data, config);
    return split;
  }

  private static void requireTestCases(SplitDataset split, SequenceDataset data, DataConfig config) {
    if (config.split() != DataConfig.Split.NONE && split.test().isEmpty()) {
      // Checked here, at load: otherwise a run trains its epochs and only then finds nothing to test.
      throw new DataFormatException(Path.of(config.path()), 0, "no user with a test item under split "
          + config.split().name().toLowerCase(java.util.Locale.ROOT) + " (" + data.users().size() + " users, longest history "
          + longest(data) + " items)", config.split() == DataConfig.Split.LEAVE_ONE_OUT
          ? "some users with at least " + LeaveOneOutSplit.MIN_LENGTH + " items (train, validation and test item)"
          : "some users with items in the test part; use data.split none for a run without test");
    }
  }

  /**
   * The split of {@code data} with {@code config.holdout_items} held out ({@link ItemHoldout}), and
   * the cold-start test cases kept aside; the config validates that the split is leave_one_out or time.
   */
  public static ItemHoldout.Result holdout(SequenceDataset data, DataConfig config) {
    DataConfig.HoldoutItems holdout = config.holdoutItems();
    if (holdout == null) throw new IllegalArgumentException("data.holdout_items is not set");
    Split split = config.split() == DataConfig.Split.TIME ? new TimeCutoffSplit(config.timeQuantile())
        : new LeaveOneOutSplit();
    return ItemHoldout.apply(data, split, holdout.share(), holdout.seed());
  }

  private static int longest(SequenceDataset data) {
    int n = 0;
    for (int[] s : data.sequences()) n = Math.max(n, s.length);
    return n;
  }

  private static SplitDataset given(Path path, LoadOptions options) throws IOException {
    DataFormat format = options.format() == DataFormat.AUTO ? DatasetLoader.detect(path) : options.format();
    return switch (format) {
      case AMAZON2023 -> Amazon2023Split.load(path, options.idOrder());
      case RECBOLE -> GivenSplit.load(path, options.idOrder());
      default -> throw new ConfigException("data.split = \"given\" reads pre-split files (RecBole NAME.train.inter"
          + " or Amazon 2023 NAME.train.csv); " + path + " is read as " + format.name().toLowerCase(java.util.Locale.ROOT));
    };
  }

  /**
   * {@link #loadSplit} of a config with {@code holdout_items}, with the held-out items and the
   * cold-start test cases that {@link ItemHoldout} kept aside.
   */
  public static ItemHoldout.Result loadHoldout(DataConfig config) throws IOException {
    config = located(config);
    SequenceDataset data = load(config);
    ItemHoldout.Result held = holdout(data, config);
    requireTestCases(held.split(), data, config);
    SplitDataset one = SourceConcatenation.concat(List.of(new SourceConcatenation.Part(config.displayName(), held.split())));
    return new ItemHoldout.Result(one, held.heldOut(), held.coldStart());
  }

  /**
   * Everything a run trains and evaluates on: each dataset (the one {@code path}, or every source)
   * loaded and split on its own, then joined with their ids kept apart
   * ({@link SourceConcatenation}). One dataset gives exactly what {@code split(load(c), c)} gives.
   */
  public static SplitDataset loadSplit(DataConfig config) throws IOException {
    config = located(config);
    if (!config.hasSources()) {
      SplitDataset one = split(load(config), config);
      return SourceConcatenation.concat(List.of(new SourceConcatenation.Part(config.displayName(), one)));
    }
    List<SourceConcatenation.Part> parts = new ArrayList<>();
    for (DataConfig source : config.sources()) {
      SplitDataset split = split(DatasetLoader.load(Path.of(source.path()), options(source)), source);
      parts.add(new SourceConcatenation.Part(source.name(), split));
    }
    SplitDataset joined = SourceConcatenation.concat(parts);
    for (DataSource s : joined.sources()) {
      LOG.info("source {}: items {}..{}, users {}..{}", s.name(), s.firstItem(), s.lastItem(), s.firstUser(),
          s.firstUser() + s.userCount() - 1);
    }
    return joined;
  }
}
