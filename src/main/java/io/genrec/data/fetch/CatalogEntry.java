package io.genrec.data.fetch;

import java.util.List;

/** A dataset {@code genrec data get NAME} can fetch: its files, the URL base they come from and its terms. */
public record CatalogEntry(String name, String originBase, List<CatalogFile> files, String citation) {
  public long size() {
    return files.stream().mapToLong(CatalogFile::size).sum();
  }
}
