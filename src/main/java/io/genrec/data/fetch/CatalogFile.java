package io.genrec.data.fetch;

/** One file of a dataset: where it lives under the data directory, its origin path, size and sha256. */
public record CatalogFile(String relativePath, String originPath, long size, String sha256) {}
