package io.genrec.cli;

import java.nio.charset.CharacterCodingException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.util.Locale;

/**
 * The one line a user sees for a failure: what went wrong and where, in words rather than Java
 * class names. Our own exceptions already say file, line or key; the JDK's file exceptions carry
 * only a path, so the reason is added here. The stack trace is for {@code GENREC_LOG_LEVEL=debug}.
 */
final class Failure {
  private Failure() {}

  static boolean debug() {
    String level = System.getenv("GENREC_LOG_LEVEL");
    return level != null && (level.equalsIgnoreCase("debug") || level.equalsIgnoreCase("trace"));
  }

  static String describe(Throwable e) {
    if (e instanceof OutOfMemoryError) {
      return "out of memory (" + e.getMessage() + "); lower train.batch_size, data.max_length or the model's"
          + " widths, or give the JVM more with JAVA_OPTS=-Xmx...";
    }
    if (e instanceof FileSystemException fs && !(e instanceof FileAlreadyExistsException && fs.getReason() != null)) {
      return fileSystem(fs);
    }
    if (e instanceof CharacterCodingException) {
      return "a file is not UTF-8 text (binary, compressed, or another encoding?)";
    }
    String message = e.getMessage();
    if (message == null || message.isBlank()) message = "(no message)";
    if (isOurs(e)) return message;
    String kind = e.getClass().getSimpleName();
    if (kind.equals("TensorFlowException") || e.getClass().getName().startsWith("org.tensorflow")) {
      return "TensorFlow: " + firstLine(message);
    }
    return firstLine(message) + " (" + kind + "; GENREC_LOG_LEVEL=debug shows where)";
  }

  /** Exceptions whose message is written for the user: file/line/key and what was expected. */
  private static boolean isOurs(Throwable e) {
    String name = e.getClass().getName();
    return name.startsWith("io.genrec.") || e instanceof FileAlreadyExistsException
        || e instanceof IllegalArgumentException || e instanceof java.io.UncheckedIOException
        || e instanceof java.io.IOException;
  }

  private static String fileSystem(FileSystemException e) {
    String file = e.getFile();
    String reason;
    if (e instanceof NoSuchFileException) reason = "no such file or directory";
    else if (e instanceof AccessDeniedException) reason = "permission denied";
    else if (e instanceof FileAlreadyExistsException) reason = "already exists";
    else if (e instanceof NotDirectoryException) reason = "not a directory";
    else if (e instanceof DirectoryNotEmptyException) reason = "directory not empty";
    else reason = e.getReason() == null ? "file system error" : e.getReason().toLowerCase(Locale.ROOT);
    return (file == null ? "" : file + ": ") + reason
        + (e.getOtherFile() == null ? "" : " (" + e.getOtherFile() + ")");
  }

  private static String firstLine(String message) {
    int nl = message.indexOf('\n');
    return nl < 0 ? message : message.substring(0, nl);
  }
}
