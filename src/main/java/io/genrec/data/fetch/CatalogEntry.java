package io.genrec.data.fetch;

import java.util.List;

/**
 * A dataset {@code genrec data get NAME} can fetch: its files, the URL base they come from and its terms.
 * Every file lies in one directory under the data directory (the folder name ../shared/data uses), so
 * a config that names the dataset can name its files inside that directory, wherever it was put.
 *
 * @param defaultPath what {@code data.path} means when a config names the dataset without one: a file
 *     or pre-split prefix inside {@link #directory()}, or "" for the directory itself
 */
public record CatalogEntry(String name, String originBase, List<CatalogFile> files, String citation,
    String defaultPath) {
  public CatalogEntry {
    files = List.copyOf(files);
    if (files.isEmpty()) throw new IllegalArgumentException(name + ": a catalog entry needs files");
    String dir = folder(files.get(0));
    for (CatalogFile f : files) {
      if (!folder(f).equals(dir)) {
        throw new IllegalArgumentException(name + ": " + f.relativePath() + " is not under " + dir
            + "/; one entry's files share one directory");
      }
    }
  }

  private static String folder(CatalogFile f) {
    int slash = f.relativePath().indexOf('/');
    if (slash <= 0) throw new IllegalArgumentException(f.relativePath() + ": expected DIRECTORY/FILE");
    return f.relativePath().substring(0, slash);
  }

  /** The dataset's directory under a data directory, e.g. {@code amazon2014-s3rec}. */
  public String directory() {
    return folder(files.get(0));
  }

  /** Bytes of the files whose size is recorded. */
  public long size() {
    return files.stream().mapToLong(f -> Math.max(0, f.size())).sum();
  }

  /** The files {@code data get} fetches (not the ones derived beside the shared data). */
  public List<CatalogFile> fetchable() {
    return files.stream().filter(f -> !f.isDerived()).toList();
  }
}
