package io.genrec.data;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The three parts of a pre-split dataset, {@code NAME.train.EXT}, {@code NAME.valid.EXT},
 * {@code NAME.test.EXT}, found from the prefix {@code .../NAME} or from the directory holding them:
 * RecBole's {@code .inter} files ({@link #RECBOLE}) and the Amazon Reviews 2023 benchmark CSVs
 * ({@link #AMAZON2023}, {@code last_out_w_his} or {@code timestamp}). Only the train part is
 * required: without a valid (test) part the split has no validation (test) cases, as for a
 * pre-training set.
 *
 * @param valid the valid part, or null when there is none
 * @param test the test part, or null when there is none
 */
record SplitFiles(Path source, Path train, Path valid, Path test) {
  /** Which files make a split: their extension, and what to call them in an error. */
  record Kind(String extension, String description) {
    String trainSuffix() {
      return ".train" + extension;
    }
  }

  static final Kind RECBOLE = new Kind(".inter", "pre-split dataset part");
  static final Kind AMAZON2023 = new Kind(".csv", "Amazon 2023 benchmark train part");
  /** The same split as the release publishes it for the larger categories: gzipped parts. */
  static final Kind AMAZON2023_GZ = new Kind(".csv.gz", "Amazon 2023 benchmark train part");

  /** Whether {@code path} is a directory with a RecBole train part or a prefix of one. */
  static boolean present(Path path) throws IOException {
    return present(path, RECBOLE);
  }

  static SplitFiles locate(Path dirOrPrefix) throws IOException {
    return locate(dirOrPrefix, RECBOLE);
  }

  /** Whether {@code path} is a directory with a train part of this kind or a prefix of one. */
  static boolean present(Path path, Kind kind) throws IOException {
    if (Files.isDirectory(path)) return !trainFiles(path, kind.trainSuffix()).isEmpty();
    return Files.isRegularFile(withSuffix(path, kind.trainSuffix()));
  }

  static SplitFiles locate(Path dirOrPrefix, Kind kind) throws IOException {
    String trainSuffix = kind.trainSuffix();
    Path prefix = dirOrPrefix;
    if (Files.isDirectory(dirOrPrefix)) {
      List<Path> trains = trainFiles(dirOrPrefix, trainSuffix);
      if (trains.size() != 1) {
        throw new DataFormatException(
            dirOrPrefix, 0, trains.size() + " *" + trainSuffix + " files " + trains,
            "exactly one NAME" + trainSuffix + " (name the prefix instead)");
      }
      String name = trains.get(0).getFileName().toString();
      prefix = dirOrPrefix.resolve(name.substring(0, name.length() - trainSuffix.length()));
    } else if (prefix.getFileName().toString().endsWith(trainSuffix)) {
      String name = prefix.getFileName().toString();
      prefix = prefix.resolveSibling(name.substring(0, name.length() - trainSuffix.length()));
    }
    Path train = withSuffix(prefix, trainSuffix);
    if (!Files.isRegularFile(train)) {
      throw new NoSuchFileException(train.toString(), null, kind.description() + " missing");
    }
    return new SplitFiles(dirOrPrefix, train, optional(withSuffix(prefix, ".valid" + kind.extension())),
        optional(withSuffix(prefix, ".test" + kind.extension())));
  }

  private static Path optional(Path part) {
    return Files.isRegularFile(part) ? part : null;
  }

  private static Path withSuffix(Path prefix, String suffix) {
    return prefix.resolveSibling(prefix.getFileName() + suffix);
  }

  private static List<Path> trainFiles(Path dir, String trainSuffix) throws IOException {
    List<Path> found = new ArrayList<>();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir, "*" + trainSuffix)) {
      for (Path entry : entries) found.add(entry);
    }
    found.sort(null);
    return found;
  }
}
