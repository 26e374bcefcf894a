package io.genrec.data;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Replaces a file so that a reader (a table built while a sweep runs, a resumed run after a kill)
 * sees the old content or the complete new one, never a torn file: the bytes go to a temporary
 * sibling, are forced to disk, the sibling is renamed over the target, and the directory is forced
 * so the rename itself survives a crash.
 *
 * <p>There is deliberately no non-atomic fallback: within one directory rename is atomic on every
 * POSIX file system, and a file system where it is not would break the run directory's DONE
 * contract. Files come out {@code rw-r--r--} wherever permissions are POSIX: results are meant to be
 * read by the group (sweep tables, serving), and the temporary file would otherwise keep the
 * owner-only mode {@link Files#createTempFile} gives it.
 */
public final class AtomicFile {
  /** What every file written here ends up with on a POSIX file system. */
  public static final Set<PosixFilePermission> MODE = PosixFilePermissions.fromString("rw-r--r--");

  /** Produces the file's bytes; the stream is buffered and closed by {@link #write}. */
  @FunctionalInterface
  public interface Content {
    void writeTo(OutputStream out) throws IOException;
  }

  private AtomicFile() {}

  public static void writeText(Path target, String text) throws IOException {
    writeBytes(target, text.getBytes(StandardCharsets.UTF_8));
  }

  public static void writeBytes(Path target, byte[] bytes) throws IOException {
    write(target, out -> out.write(bytes));
  }

  public static void write(Path target, Content content) throws IOException {
    Path absolute = target.toAbsolutePath();
    Path dir = absolute.getParent();
    Files.createDirectories(dir);
    Path temp = Files.createTempFile(dir, "." + absolute.getFileName() + ".", ".tmp");
    try {
      PosixFileAttributeView posix = Files.getFileAttributeView(temp, PosixFileAttributeView.class);
      if (posix != null) posix.setPermissions(MODE);
      try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
        OutputStream out = new BufferedOutputStream(Channels.newOutputStream(channel), 1 << 16);
        content.writeTo(out);
        out.flush();
        // Without this, a crash right after the rename can leave an empty file under the new name.
        channel.force(true);
      }
      Files.move(temp, absolute, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException | RuntimeException | Error e) {
      try {
        Files.deleteIfExists(temp);
      } catch (IOException cleanup) {
        e.addSuppressed(cleanup);
      }
      throw e;
    }
    forceDirectory(dir);
  }

  /**
   * Makes the directory entry durable. Linux allows fsync on a directory opened read-only; other
   * systems (Windows) refuse to open one, and there the rename is as durable as they make it.
   */
  private static void forceDirectory(Path dir) {
    try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
      channel.force(true);
    } catch (IOException e) {
      // Not supported here; the file itself is complete and in place.
    }
  }
}
