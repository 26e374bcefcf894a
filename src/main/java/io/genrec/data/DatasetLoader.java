package io.genrec.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/** Loads a dataset in whichever supported format its path holds. */
public final class DatasetLoader {
  private static final Logger LOG = LogManager.getLogger(DatasetLoader.class);

  private DatasetLoader() {}

  public static SequenceDataset load(Path path, LoadOptions options) throws IOException {
    DataFormat format = options.format() == DataFormat.AUTO ? detect(path) : options.format();
    long start = System.nanoTime();
    SequenceDataset data;
    try {
      data = switch (format) {
        case SEQUENCE -> new SequenceFileLoader(options.idOrder()).load(path);
        case RECBOLE -> new RecBoleLoader(options.idOrder()).load(path);
        case CSV -> new CsvInteractionLoader(options.csvColumns(), options.idOrder()).load(path);
        case AMAZON2023 -> new Amazon2023Loader(options.idOrder()).load(path);
        case AMAZON2023_REVIEWS -> new Amazon2023ReviewLoader(options.kCore(), options.idOrder()).load(path);
        case AUTO -> throw new IllegalStateException("detect() never answers AUTO");
      };
    } catch (java.nio.charset.CharacterCodingException e) {
      throw notUtf8(path, e);
    } catch (java.io.UncheckedIOException e) {
      if (e.getCause() instanceof java.nio.charset.CharacterCodingException c) throw notUtf8(path, c);
      throw e;
    }
    LOG.debug("loaded {} as {} in {} ms", data, format, (System.nanoTime() - start) / 1_000_000);
    return data;
  }

  private static DataFormatException notUtf8(Path path, java.nio.charset.CharacterCodingException e) {
    return DataFormatException.notUtf8(path, "text", e);
  }

  /**
   * The format of {@code path}: a directory, or a prefix {@code P} with {@code P.train.inter}
   * beside it, is a pre-split RecBole dataset ({@code P.train.csv}: an Amazon 2023 benchmark split);
   * otherwise the extension decides ({@code .txt} sequence, {@code .inter} RecBole, {@code .csv} CSV
   * — Amazon 2023 when its header names {@code parent_asin} —, {@code .jsonl} / {@code .jsonl.gz}
   * Amazon 2023 reviews), and for other extensions the first line
   * does: typed fields ({@code user_id:token}) mean RecBole, a comma CSV, whitespace-separated
   * tokens a sequence file.
   */
  public static DataFormat detect(Path path) throws IOException {
    if (Files.isDirectory(path) || !Files.exists(path)) {
      if (SplitFiles.present(path)) return DataFormat.RECBOLE;
      if (SplitFiles.present(path, SplitFiles.AMAZON2023) || SplitFiles.present(path, SplitFiles.AMAZON2023_GZ)) {
        return DataFormat.AMAZON2023;
      }
      if (Files.isDirectory(path)) return DataFormat.RECBOLE;
    }
    if (!Files.isRegularFile(path)) {
      throw new NoSuchFileException(
          path.toString(), null, "no file, directory, or NAME.train.inter prefix");
    }
    String name = path.getFileName().toString().toLowerCase(Locale.ROOT);
    if (name.endsWith(".txt")) return DataFormat.SEQUENCE;
    if (name.endsWith(".inter")) return DataFormat.RECBOLE;
    if (name.endsWith(".jsonl") || name.endsWith(".jsonl.gz")) return DataFormat.AMAZON2023_REVIEWS;
    if (name.endsWith(".csv.gz")) {
      // Amazon 2023's benchmark parts as released; only the header is read here, through gzip.
      try (CsvRows rows = new CsvRows(path, ',')) {
        org.apache.commons.csv.CSVRecord header = rows.next();
        boolean amazon = header != null && header.stream().anyMatch(Amazon2023CsvFile.ITEM::equals);
        return amazon ? DataFormat.AMAZON2023 : DataFormat.CSV;
      }
    }
    String first;
    try (BufferedReader reader = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
      first = reader.readLine();
    }
    if (name.endsWith(".csv")) {
      return first != null && first.contains(Amazon2023CsvFile.ITEM) ? DataFormat.AMAZON2023 : DataFormat.CSV;
    }
    if (first == null) {
      throw new DataFormatException(path, 1, "an empty file", "interactions in a known format");
    }
    if (first.contains(":token") || first.contains(":float")) return DataFormat.RECBOLE;
    if (first.contains(",")) return DataFormat.CSV;
    return DataFormat.SEQUENCE;
  }
}
