package io.genrec.cli;

/** The command line itself is wrong (missing argument, bad flag): exit code 2. */
public class UsageException extends RuntimeException {
  public UsageException(String message) {
    super(message);
  }
}
