package io.genrec.data.fetch;

/**
 * One file of a dataset: where it lives under a data directory, its origin path, size and sha256.
 *
 * @param originPath path under the entry's origin base; null for a file derived beside the shared
 *     data from other files, which no public origin serves (a mirror can still copy it)
 * @param size bytes, or -1 when unknown (no local copy was there to measure)
 * @param sha256 hex digest, or null when none is recorded: the download cannot be verified, so it
 *     is kept with its digest printed and a warning
 * @param derivation how {@code data get} makes a derived file from other catalogued files, or null
 *     when it cannot (then only a mirror can supply it)
 */
public record CatalogFile(String relativePath, String originPath, long size, String sha256, Derivation derivation) {
  public CatalogFile(String relativePath, String originPath, long size, String sha256) {
    this(relativePath, originPath, size, sha256, null);
  }

  /** A file whose content nobody here has seen: downloaded unverified. */
  public static CatalogFile unverified(String relativePath, String originPath) {
    return new CatalogFile(relativePath, originPath, -1, null);
  }

  /** A file made beside the shared data; {@code data get} cannot fetch it, a mirror can copy it. */
  public static CatalogFile derived(String relativePath, long size, String sha256) {
    return new CatalogFile(relativePath, null, size, sha256, null);
  }

  /** A file made beside the shared data that {@code data get} rebuilds by {@code derivation}. */
  public static CatalogFile derived(String relativePath, long size, String sha256, Derivation derivation) {
    return new CatalogFile(relativePath, null, size, sha256, derivation);
  }

  public boolean isDerived() {
    return originPath == null;
  }

  public boolean hasChecksum() {
    return sha256 != null;
  }
}
