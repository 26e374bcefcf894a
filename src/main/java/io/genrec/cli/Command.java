package io.genrec.cli;

import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Options;

/** One {@code genrec <command>}: its options and what it does. */
public interface Command {
  String name();

  /** One line for {@code genrec help}. */
  String summary();

  /** Positional arguments as shown in usage, e.g. {@code "CONFIG"}. */
  default String arguments() {
    return "";
  }

  Options options();

  /** Runs the command; returns the exit code. Exceptions are mapped to exit codes by {@link Main}. */
  int run(CommandLine line) throws Exception;
}
