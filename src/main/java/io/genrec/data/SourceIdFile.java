package io.genrec.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The id maps a run writes beside its results, {@code item_ids.tsv} and {@code user_ids.tsv}:
 * for one dataset exactly {@link IdMap#save}'s {@code index<TAB>original}; for several sources
 * {@code index<TAB>source<TAB>original}, the source's name and its own id, since the same original
 * id may occur in two sources.
 */
public final class SourceIdFile {
  public static final String ITEMS = "item_ids.tsv";
  public static final String USERS = "user_ids.tsv";
  static final String HEADER = "index\tsource\toriginal";

  private SourceIdFile() {}

  /** One dense id, as the source it comes from spells it. */
  public record Entry(String source, String original) {}

  /** Writes both files into {@code dir}, atomically. */
  public static void writeRunIds(SplitDataset split, Path dir) throws IOException {
    if (!split.hasSeveralSources()) {
      split.data().items().save(dir.resolve(ITEMS));
      split.data().users().save(dir.resolve(USERS));
      return;
    }
    save(split.sources(), DataSource::items, dir.resolve(ITEMS));
    save(split.sources(), DataSource::users, dir.resolve(USERS));
  }

  static void save(List<DataSource> sources, Function<DataSource, IdMap> ids, Path file) throws IOException {
    for (DataSource s : sources) {
      for (String original : ids.apply(s).originals()) {
        if (original.indexOf('\t') >= 0 || original.indexOf('\n') >= 0 || original.indexOf('\r') >= 0) {
          throw new IllegalArgumentException("source " + s.name() + ": id '" + original
              + "' holds a tab or line break and cannot be saved as TSV");
        }
      }
    }
    AtomicFile.write(file, out -> {
      Writer writer = new OutputStreamWriter(out, StandardCharsets.UTF_8);
      writer.write(HEADER);
      writer.write('\n');
      int index = 0;
      for (DataSource s : sources) {
        for (String original : ids.apply(s).originals()) {
          writer.write(Integer.toString(++index));
          writer.write('\t');
          writer.write(s.name());
          writer.write('\t');
          writer.write(original);
          writer.write('\n');
        }
      }
      writer.flush();
    });
  }

  /**
   * Reads either layout: element {@code i} is dense id {@code i + 1}; a two-column file's entries
   * have an empty source.
   */
  public static List<Entry> load(Path file) throws IOException {
    List<Entry> entries = new ArrayList<>();
    try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      long lineNumber = 0;
      String line;
      while ((line = reader.readLine()) != null) {
        lineNumber++;
        if (line.isEmpty() || (lineNumber == 1 && (line.equals(HEADER) || line.equals(IdMap.HEADER)))) continue;
        String[] fields = line.split("\t", -1);
        if (fields.length != 2 && fields.length != 3) {
          throw new DataFormatException(file, lineNumber, fields.length + " tab-separated fields",
              "index, original or index, source, original");
        }
        String expected = Integer.toString(entries.size() + 1);
        if (!fields[0].equals(expected)) {
          throw new DataFormatException(file, lineNumber, "index '" + fields[0] + "'", "index " + expected);
        }
        entries.add(fields.length == 2 ? new Entry("", fields[1]) : new Entry(fields[1], fields[2]));
      }
    }
    return entries;
  }
}
