package io.genrec.data.fetch;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Puts a catalog entry's files under a data directory, each verified by sha256 before it takes its
 * final name, so a reader never sees a wrong or partial file under that name (a file the catalog
 * records no sha256 for is kept with its digest printed and a warning; a derived one is copied from
 * a mirror or skipped). Downloads go to a {@code .part} sibling that survives an interruption and
 * is resumed with a Range request. A mirror is copied, not linked: a link would let a later change
 * to the mirror alter a verified file.
 */
public final class DatasetFetcher {
  private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL).build();
  private final PrintStream progress;
  private final DatasetCatalog catalog;

  /** A fetcher that cannot fetch a derived file's inputs from other entries (it names them instead). */
  public DatasetFetcher(PrintStream progress) {
    this(progress, null);
  }

  /** @param catalog where the inputs of a derived file are looked up and fetched from first; may be null */
  public DatasetFetcher(PrintStream progress, DatasetCatalog catalog) {
    this.progress = progress;
    this.catalog = catalog;
  }

  /** Fetches every file of {@code entry} into {@code dir}, from {@code mirror} when it is non-null. */
  public void fetch(CatalogEntry entry, Path dir, Path mirror) throws IOException, InterruptedException {
    for (CatalogFile f : entry.files()) {
      Path target = dir.resolve(f.relativePath());
      if (Files.isRegularFile(target) && !f.hasChecksum()) {
        progress.println(f.relativePath() + ": present (no recorded checksum to verify it against)");
        continue;
      }
      if (Files.isRegularFile(target) && sha256(target).equals(f.sha256())) {
        progress.println(f.relativePath() + ": present, verified");
        continue;
      }
      Path source = mirror == null ? null : mirror.resolve(f.relativePath());
      if (f.isDerived() && (source == null || !Files.isRegularFile(source))) {
        if (f.derivation() != null) {
          derive(f, target, dir, mirror);
          continue;
        }
        // Not an error: the dataset is usable without it (a run then names what it goes without).
        progress.println(f.relativePath() + ": skipped: derived beside the shared data from other files, no origin"
            + " serves it (--mirror DIR copies it from a copy that has it)");
        continue;
      }
      if (source != null && !Files.isRegularFile(source)) {
        throw new IOException(source + ": not in the mirror " + mirror + "; expected a copy laid out as ../shared/data");
      }
      Files.createDirectories(target.getParent());
      Path part = target.resolveSibling(target.getFileName() + ".part");
      if (source != null) {
        Files.copy(source, part, StandardCopyOption.REPLACE_EXISTING);
      } else {
        download(origin(entry, f), part, f);
      }
      String found = sha256(part);
      if (!f.hasChecksum()) {
        Files.move(part, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        progress.println(f.relativePath() + ": ok, sha256 " + found);
        progress.println("WARNING: " + f.relativePath() + ": the catalog records no sha256 for this file, so it is not"
            + " verified; compare the sha256 above with a trusted copy's");
        continue;
      }
      if (!found.equals(f.sha256())) {
        Files.delete(part);
        throw new IOException(f.relativePath() + ": sha256 mismatch: expected " + f.sha256() + ", found " + found);
      }
      Files.move(part, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      progress.println(f.relativePath() + ": ok");
    }
    progress.println(entry.citation());
  }

  /**
   * Makes a derived file from its inputs under {@code dir}, fetching first the entries that hold the
   * missing ones, and keeps it only if its sha256 is the catalogued one.
   */
  private void derive(CatalogFile f, Path target, Path dir, Path mirror) throws IOException, InterruptedException {
    for (String input : f.derivation().inputs()) {
      if (Files.isRegularFile(dir.resolve(input))) continue;
      CatalogEntry holder = catalog == null ? null : catalog.holderOf(input);
      if (holder == null || holder.files().stream().anyMatch(h -> h.relativePath().equals(input) && h.isDerived())) {
        throw new IOException(f.relativePath() + ": made from " + input + ", which is not under " + dir
            + " and no catalog entry downloads it");
      }
      progress.println(f.relativePath() + ": made from " + input + ": fetching '" + holder.name() + "' first");
      fetch(holder, dir, mirror);
    }
    Files.createDirectories(target.getParent());
    Path part = target.resolveSibling(target.getFileName() + ".part");
    try {
      f.derivation().write(dir, part);
    } catch (IOException | RuntimeException e) {
      Files.deleteIfExists(part);
      throw e;
    }
    String found = sha256(part);
    if (f.hasChecksum() && !found.equals(f.sha256())) {
      Files.delete(part);
      throw new IOException(f.relativePath() + ": made from " + f.derivation().inputs() + " but its sha256 is "
          + found + ", not the catalogued " + f.sha256() + "; the inputs differ from the ones it was made from");
    }
    Files.move(part, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    progress.println(f.relativePath() + ": made from " + String.join(", ", f.derivation().inputs())
        + (f.hasChecksum() ? ", verified" : ""));
  }

  /** Its URL: the entry's base and the file's origin path, unless that is a URL of its own. */
  static URI origin(CatalogEntry entry, CatalogFile f) {
    return URI.create(f.originPath().contains("://") ? f.originPath() : entry.originBase() + f.originPath());
  }

  /** {@link #present}, and every file with a recorded sha256 matches it. */
  public static boolean verified(CatalogEntry entry, Path dir) throws IOException {
    if (!present(entry, dir)) return false;
    for (CatalogFile f : entry.fetchable()) {
      if (f.hasChecksum() && !sha256(dir.resolve(f.relativePath())).equals(f.sha256())) return false;
    }
    return true;
  }

  /** Whether every file {@code data get} can fetch is under {@code dir} (derived ones are not needed). */
  public static boolean present(CatalogEntry entry, Path dir) {
    return entry.fetchable().stream().allMatch(f -> Files.isRegularFile(dir.resolve(f.relativePath())));
  }

  private void download(URI uri, Path part, CatalogFile f) throws IOException, InterruptedException {
    long have = Files.isRegularFile(part) ? Files.size(part) : 0;
    HttpRequest.Builder req = HttpRequest.newBuilder(uri).GET();
    if (have > 0) req.header("Range", "bytes=" + have + "-");
    HttpResponse<InputStream> resp = http.send(req.build(), HttpResponse.BodyHandlers.ofInputStream());
    int code = resp.statusCode();
    boolean append = have > 0 && code == 206;
    if (code != 200 && code != 206) {
      resp.body().close();
      throw new IOException(uri + ": HTTP " + code);
    }
    long done = append ? have : 0;
    try (InputStream in = resp.body();
         OutputStream out = Files.newOutputStream(part, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
             append ? StandardOpenOption.APPEND : StandardOpenOption.TRUNCATE_EXISTING)) {
      byte[] buf = new byte[1 << 16];
      long lastShown = 0;
      for (int n; (n = in.read(buf)) > 0; ) {
        out.write(buf, 0, n);
        done += n;
        if (done - lastShown >= (1 << 20) || done == f.size()) {
          if (f.size() >= 0) {
            progress.printf("\r%s: %d / %d bytes", f.relativePath(), done, f.size());
          } else {
            progress.printf("\r%s: %d bytes", f.relativePath(), done);
          }
          lastShown = done;
        }
      }
    }
    progress.println();
  }

  static String sha256(Path file) throws IOException {
    MessageDigest md;
    try {
      md = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-256", e);
    }
    try (InputStream in = Files.newInputStream(file)) {
      byte[] buf = new byte[1 << 16];
      for (int n; (n = in.read(buf)) > 0; ) md.update(buf, 0, n);
    }
    return HexFormat.of().formatHex(md.digest());
  }
}
