package io.genrec.data;

import io.genrec.config.DataConfig;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Reads and splits a dataset as a run's {@link DataConfig} describes it, so commands and
 * experiments do not each translate config keys into loader options.
 */
public final class Datasets {
  private Datasets() {}

  public static LoadOptions options(DataConfig config) {
    return LoadOptions.defaults()
        .withFormat(DataFormat.valueOf(config.format().name()))
        .withCsvColumns(new CsvColumns(config.userColumn(), config.itemColumn(), config.timeColumn()));
  }

  public static SequenceDataset load(DataConfig config) throws IOException {
    return DatasetLoader.load(Path.of(config.path()), options(config));
  }

  /**
   * Splits {@code data} by {@code config.split()}. The given split re-reads the pre-split files
   * at {@code config.path()} (the parts are not kept in a {@link SequenceDataset}); its dataset has
   * the same ids as {@code data} since loading is deterministic.
   */
  public static SplitDataset split(SequenceDataset data, DataConfig config) throws IOException {
    return switch (config.split()) {
      case LEAVE_ONE_OUT -> new LeaveOneOutSplit().split(data);
      case TIME -> new TimeCutoffSplit(config.timeQuantile()).split(data);
      case GIVEN -> GivenSplit.load(Path.of(config.path()), options(config).idOrder());
    };
  }
}
