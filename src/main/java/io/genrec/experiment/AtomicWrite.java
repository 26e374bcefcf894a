package io.genrec.experiment;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Replaces a file so that a reader (a table built while a sweep runs, a resumed run after a kill)
 * sees the old content or the complete new one, never a torn file: the bytes go to a temporary
 * file in the same directory, are forced to disk, and the temporary file is renamed over the
 * target. There is deliberately no non-atomic fallback: within one directory rename is atomic on
 * every POSIX file system, and a file system where it is not would break the DONE contract.
 */
public final class AtomicWrite {
  private AtomicWrite() {}

  public static void text(Path target, String content) throws IOException {
    bytes(target, content.getBytes(StandardCharsets.UTF_8));
  }

  public static void bytes(Path target, byte[] content) throws IOException {
    Path absolute = target.toAbsolutePath();
    Path dir = absolute.getParent();
    Files.createDirectories(dir);
    Path temp = Files.createTempFile(dir, "." + absolute.getFileName() + ".", ".tmp");
    try {
      try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
        ByteBuffer buf = ByteBuffer.wrap(content);
        while (buf.hasRemaining()) ch.write(buf);
        // Without this, a crash right after the rename can leave an empty file under the new name.
        ch.force(true);
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
  }
}
