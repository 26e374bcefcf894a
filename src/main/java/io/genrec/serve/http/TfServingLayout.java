package io.genrec.serve.http;

import io.genrec.data.FileTrees;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * TensorFlow Serving's model directory layout, {@code BASE/NAME/VERSION/saved_model.pb}: a model is a
 * directory of numbered versions, and a server serves the highest one.
 */
public final class TfServingLayout {
  public static final String SAVED_MODEL = "saved_model.pb";
  private static final Pattern VERSION = Pattern.compile("[0-9]{1,18}");

  private TfServingLayout() {}

  /** The versions under one model's directory that hold a SavedModel, by version; empty if none. */
  public static NavigableMap<Long, Path> versions(Path modelDir) throws IOException {
    NavigableMap<Long, Path> versions = new TreeMap<>();
    if (!Files.isDirectory(modelDir)) return versions;
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(modelDir)) {
      for (Path p : entries) {
        String name = p.getFileName().toString();
        if (VERSION.matcher(name).matches() && Files.isRegularFile(p.resolve(SAVED_MODEL))) {
          versions.put(Long.parseLong(name), p);
        }
      }
    }
    return versions;
  }

  /** Every model under {@code base} with at least one version, by name (hidden directories skipped). */
  public static Map<String, NavigableMap<Long, Path>> models(Path base) throws IOException {
    Map<String, NavigableMap<Long, Path>> models = new TreeMap<>();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(base)) {
      for (Path p : entries) {
        String name = p.getFileName().toString();
        if (name.startsWith(".") || !Files.isDirectory(p)) continue;
        NavigableMap<Long, Path> versions = versions(p);
        if (!versions.isEmpty()) models.put(name, versions);
      }
    }
    return models;
  }

  /** One above the highest numbered directory under {@code modelDir} (finished or not), or 1. */
  public static long nextVersion(Path modelDir) throws IOException {
    long highest = 0;
    if (Files.isDirectory(modelDir)) {
      try (DirectoryStream<Path> entries = Files.newDirectoryStream(modelDir)) {
        for (Path p : entries) {
          String name = p.getFileName().toString();
          if (VERSION.matcher(name).matches()) highest = Math.max(highest, Long.parseLong(name));
        }
      }
    }
    return highest + 1;
  }

  /** Writes a SavedModel into the directory it is given. */
  @FunctionalInterface
  public interface Writer {
    void write(Path dir) throws IOException;
  }

  /**
   * Writes version {@code version} of the model in {@code modelDir}: into a hidden directory first,
   * then renamed in one step, so a polling server never loads a half-written version.
   *
   * @return the version directory
   */
  public static Path publish(Path modelDir, long version, Writer writer) throws IOException {
    if (version < 1) throw new IllegalArgumentException("version must be >= 1, got " + version);
    Path target = modelDir.resolve(Long.toString(version));
    if (Files.exists(target)) {
      throw new FileAlreadyExistsException(target.toString(), null,
          "version " + version + " exists; a published version is never overwritten (a server may be serving it)");
    }
    Files.createDirectories(modelDir);
    Path partial = modelDir.resolve("." + version + ".partial-" + ProcessHandle.current().pid() + "-" + System.nanoTime());
    try {
      writer.write(partial);
      Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      FileTrees.delete(partial);
    }
    return target;
  }
}
