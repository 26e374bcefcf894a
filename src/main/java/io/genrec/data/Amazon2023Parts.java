package io.genrec.data;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The files of an Amazon Reviews 2023 benchmark split ({@code last_out_w_his} or {@code timestamp}):
 * {@code NAME.train.csv}, {@code NAME.valid.csv}, {@code NAME.test.csv}, found from the prefix
 * {@code .../NAME} or from the directory holding them. Only the train part is required.
 *
 * @param valid the valid part, or null when there is none
 * @param test the test part, or null when there is none
 */
record Amazon2023Parts(Path source, Path train, Path valid, Path test) {
  static final String TRAIN_SUFFIX = ".train.csv";

  /** Whether {@code path} is a directory with one train part, or the prefix of one. */
  static boolean present(Path path) throws IOException {
    if (Files.isDirectory(path)) return trainFiles(path).size() == 1;
    return Files.isRegularFile(withSuffix(path, TRAIN_SUFFIX));
  }

  static Amazon2023Parts locate(Path dirOrPrefix) throws IOException {
    Path prefix = dirOrPrefix;
    if (Files.isDirectory(dirOrPrefix)) {
      List<Path> trains = trainFiles(dirOrPrefix);
      if (trains.size() != 1) {
        throw new DataFormatException(dirOrPrefix, 0, trains.size() + " *" + TRAIN_SUFFIX + " files " + trains,
            "exactly one NAME" + TRAIN_SUFFIX + " (name the prefix instead)");
      }
      String name = trains.get(0).getFileName().toString();
      prefix = dirOrPrefix.resolve(name.substring(0, name.length() - TRAIN_SUFFIX.length()));
    }
    Path train = withSuffix(prefix, TRAIN_SUFFIX);
    if (!Files.isRegularFile(train)) {
      throw new NoSuchFileException(train.toString(), null, "Amazon 2023 benchmark train part missing");
    }
    return new Amazon2023Parts(dirOrPrefix, train, optional(withSuffix(prefix, ".valid.csv")),
        optional(withSuffix(prefix, ".test.csv")));
  }

  private static Path optional(Path part) {
    return Files.isRegularFile(part) ? part : null;
  }

  private static Path withSuffix(Path prefix, String suffix) {
    return prefix.resolveSibling(prefix.getFileName() + suffix);
  }

  private static List<Path> trainFiles(Path dir) throws IOException {
    List<Path> found = new ArrayList<>();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir, "*" + TRAIN_SUFFIX)) {
      for (Path entry : entries) found.add(entry);
    }
    found.sort(null);
    return found;
  }
}
