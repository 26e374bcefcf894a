package io.genrec.experiment;

import io.genrec.data.FileTrees;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Replaces a SavedModel directory without ever losing what was there before: the new export is
 * written into a hidden sibling, and only a complete one is renamed into place. A failed export
 * (bad checkpoint, no disk) leaves the previous SavedModel as it was, and a directory that holds
 * anything a SavedModel does not (the user's own files, a mistyped {@code --out}) is refused unless
 * forced, because replacing it would delete those files.
 *
 * <p>Two renames, not one: Java has no atomic exchange, so a crash between them leaves the old
 * model under {@code .NAME.old-*} beside the target (it is not deleted until the new one is in place).
 */
public final class SavedModelDirectory {
  /** The top-level entries a SavedModel export writes; anything else is someone else's file. */
  static final Set<String> SAVED_MODEL_ENTRIES =
      Set.of("saved_model.pb", "saved_model.pbtxt", "fingerprint.pb", "variables", "assets", "assets.extra");

  /** Writes a complete SavedModel into a directory that does not exist yet. */
  @FunctionalInterface
  public interface Writer {
    void write(Path dir) throws IOException;
  }

  private SavedModelDirectory() {}

  /**
   * Refuses {@code target} when replacing it would delete files no export wrote, unless {@code force}.
   * Cheap, so runs call it before training and a bad {@code export.dir} is reported at once.
   */
  public static void checkReplaceable(Path target, boolean force) throws IOException {
    if (force || !Files.exists(target)) return;
    if (!Files.isDirectory(target)) {
      throw new FileAlreadyExistsException(target.toString(), null,
          "is a file, not a SavedModel directory; choose another --out, or --force to replace it");
    }
    List<String> foreign = foreignEntries(target);
    if (!foreign.isEmpty()) {
      throw new FileAlreadyExistsException(target.toString(), null,
          "holds files a SavedModel export did not write (" + String.join(", ", foreign.subList(0, Math.min(5, foreign.size())))
              + (foreign.size() > 5 ? ", ... " + foreign.size() + " in all" : "")
              + "); replacing it would delete them. Choose another --out, or --force to replace it");
    }
  }

  /** Writes a new SavedModel with {@code writer} and swaps it in for {@code target}; see the class comment. */
  public static void replace(Path target, boolean force, Writer writer) throws IOException {
    checkReplaceable(target, force);
    Path absolute = target.toAbsolutePath().normalize();
    Path parent = absolute.getParent();
    Files.createDirectories(parent);
    String tag = ProcessHandle.current().pid() + "-" + System.nanoTime();
    Path partial = parent.resolve("." + absolute.getFileName() + ".partial-" + tag);
    Path old = parent.resolve("." + absolute.getFileName() + ".old-" + tag);
    try {
      writer.write(partial);
      if (!Files.isRegularFile(partial.resolve("saved_model.pb"))) {
        throw new IOException(partial + ": the export wrote no saved_model.pb");
      }
      FileTrees.shareReadable(partial);
      boolean hadOld = Files.exists(absolute);
      if (hadOld) Files.move(absolute, old, StandardCopyOption.ATOMIC_MOVE);
      try {
        Files.move(partial, absolute, StandardCopyOption.ATOMIC_MOVE);
      } catch (IOException e) {
        if (hadOld) Files.move(old, absolute, StandardCopyOption.ATOMIC_MOVE);
        throw e;
      }
    } finally {
      FileTrees.delete(partial);
      FileTrees.delete(old);
    }
  }

  private static List<String> foreignEntries(Path dir) throws IOException {
    Set<String> foreign = new TreeSet<>();
    try (Stream<Path> entries = Files.list(dir)) {
      entries.map(p -> p.getFileName().toString()).filter(n -> !SAVED_MODEL_ENTRIES.contains(n)).forEach(foreign::add);
    }
    return List.copyOf(foreign);
  }
}
