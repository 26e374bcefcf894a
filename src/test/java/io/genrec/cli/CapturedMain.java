package io.genrec.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** {@code genrec ARGS} in this JVM with stdout and stderr captured together, as a user's terminal shows them. */
record CapturedMain(int code, String text) {
  static CapturedMain run(String... args) {
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    PrintStream out = System.out;
    PrintStream err = System.err;
    int code;
    try (PrintStream both = new PrintStream(captured, true, StandardCharsets.UTF_8)) {
      System.setOut(both);
      System.setErr(both);
      code = Main.run(args);
    } finally {
      System.setOut(out);
      System.setErr(err);
    }
    return new CapturedMain(code, captured.toString(StandardCharsets.UTF_8));
  }
}
