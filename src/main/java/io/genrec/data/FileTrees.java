package io.genrec.data;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.stream.Stream;

/** Whole directory trees: checkpoints swapped in, run directories forced over, exports replaced. */
public final class FileTrees {
  private FileTrees() {}

  /** Deletes {@code dir} and everything under it; nothing to do when it does not exist. */
  public static void delete(Path dir) throws IOException {
    if (!Files.exists(dir)) return;
    Files.walkFileTree(dir, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult visitFile(Path f, BasicFileAttributes attrs) throws IOException {
        Files.delete(f);
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult postVisitDirectory(Path d, IOException failure) throws IOException {
        if (failure != null) throw failure;
        Files.delete(d);
        return FileVisitResult.CONTINUE;
      }
    });
  }

  /** Bytes of every regular file under {@code dir} (a SavedModel's size on disk). */
  public static long size(Path dir) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      long total = 0;
      for (Path f : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) total += Files.size(f);
      return total;
    }
  }

  /** Replaces {@code to} with a copy of the tree at {@code from}. */
  public static void copy(Path from, Path to) throws IOException {
    delete(to);
    try (Stream<Path> walk = Files.walk(from)) {
      for (Path p : (Iterable<Path>) walk::iterator) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) Files.createDirectories(target);
        else Files.copy(p, target);
      }
    }
  }

  private static final Set<PosixFilePermission> DIRECTORY_MODE = PosixFilePermissions.fromString("rwxr-xr-x");

  /**
   * Gives every file under {@code dir} {@link AtomicFile#MODE} and every directory {@code rwxr-xr-x}:
   * trees written by TensorFlow or through a temporary directory would otherwise keep an owner-only
   * mode, and results are meant to be read by colleagues sharing the results directory.
   */
  public static void shareReadable(Path dir) throws IOException {
    if (Files.getFileAttributeView(dir, PosixFileAttributeView.class) == null) return;
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : (Iterable<Path>) walk::iterator) {
        if (Files.isSymbolicLink(p)) continue;
        Files.setPosixFilePermissions(p, Files.isDirectory(p) ? DIRECTORY_MODE : AtomicFile.MODE);
      }
    }
  }
}
