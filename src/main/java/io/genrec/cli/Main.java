package io.genrec.cli;

import io.genrec.experiment.Version;

import io.genrec.config.ConfigException;
import java.io.PrintWriter;
import java.util.Arrays;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.DefaultParser;
import org.apache.commons.cli.HelpFormatter;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.apache.commons.cli.ParseException;

/** {@code genrec <command> [options]}: dispatches to a registered {@link Command}. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    int code = run(args);
    System.out.flush();
    System.exit(code);
  }

  /** Runs one command line and returns its exit code (tests call this instead of main). */
  public static int run(String[] args) {
    if (args.length == 0 || args[0].equals("help") || args[0].equals("--help") || args[0].equals("-h")) {
      if (args.length > 1) return helpFor(args[1]);
      printCommands();
      return args.length == 0 ? ExitCode.USAGE : ExitCode.OK;
    }
    if (args[0].equals("--version")) {
      System.out.println("genrec " + Version.genrec());
      return ExitCode.OK;
    }
    Command cmd = Commands.find(args[0]).orElse(null);
    if (cmd == null) {
      System.err.println("genrec: unknown command '" + args[0] + "'");
      printCommands();
      return ExitCode.USAGE;
    }
    String[] rest = Arrays.copyOfRange(args, 1, args.length);
    Options opts = withHelp(cmd.options());
    // Asked before parsing, so --help works even when required options are missing.
    if (Arrays.asList(rest).contains("--help") || Arrays.asList(rest).contains("-h")) {
      printUsage(cmd);
      return ExitCode.OK;
    }
    try {
      CommandLine line = new DefaultParser().parse(opts, rest);
      if (line.hasOption("help")) {
        printUsage(cmd);
        return ExitCode.OK;
      }
      return cmd.run(line);
    } catch (ParseException | UsageException e) {
      System.err.println("genrec " + cmd.name() + ": " + e.getMessage());
      System.err.println("Try 'genrec " + cmd.name() + " --help'.");
      return ExitCode.USAGE;
    } catch (ConfigException e) {
      System.err.println("genrec " + cmd.name() + ": config error: " + e.getMessage());
      trace(e);
      return ExitCode.USAGE;
    } catch (Exception | OutOfMemoryError | StackOverflowError e) {
      // One line on the terminal; a run's error.txt and run.log keep the stack trace, and
      // GENREC_LOG_LEVEL=debug prints it here too.
      System.err.println("genrec " + cmd.name() + ": " + Failure.describe(e));
      trace(e);
      return ExitCode.FAILURE;
    }
  }

  private static void trace(Throwable e) {
    if (Failure.debug()) e.printStackTrace(System.err);
  }

  private static Options withHelp(Options options) {
    if (!options.hasOption("help")) options.addOption(Option.builder("h").longOpt("help").desc("show this help").build());
    return options;
  }

  private static int helpFor(String name) {
    Command cmd = Commands.find(name).orElse(null);
    if (cmd == null) {
      System.err.println("genrec: unknown command '" + name + "'");
      return ExitCode.USAGE;
    }
    printUsage(cmd);
    return ExitCode.OK;
  }

  static void printUsage(Command cmd) {
    HelpFormatter f = new HelpFormatter();
    PrintWriter out = new PrintWriter(System.out, true);
    f.printHelp(out, 100, "genrec " + cmd.name() + " " + cmd.arguments() + " [options]",
        cmd.summary(), withHelp(cmd.options()), 2, 2, "", false);
    out.flush();
  }

  private static void printCommands() {
    System.out.println("usage: genrec <command> [options]   (genrec <command> --help for its options)");
    System.out.println();
    for (Command c : Commands.all()) {
      System.out.printf("  %-10s %s%n", c.name(), c.summary());
    }
    System.out.println();
    System.out.println("Exit codes: 0 ok, 1 failure while running, 2 usage or config error, 3 a sweep had failed runs.");
  }
}
