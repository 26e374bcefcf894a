package io.genrec.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Exit codes and help, as documented in README.md. */
class MainTest {
  @TempDir Path dir;

  private record Outcome(int code, String out, String err) {}

  private static Outcome run(String... args) {
    PrintStream oldOut = System.out;
    PrintStream oldErr = System.err;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    try {
      System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
      int code = Main.run(args);
      return new Outcome(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(oldOut);
      System.setErr(oldErr);
    }
  }

  @Test
  void helpListsEveryRegisteredCommand() {
    Outcome o = run("help");
    assertEquals(ExitCode.OK, o.code());
    for (Command c : Commands.all()) assertTrue(o.out().contains("  " + c.name() + " "), c.name());
  }

  @Test
  void everyCommandHasHelp() {
    for (Command c : Commands.all()) {
      Outcome o = run(c.name(), "--help");
      assertEquals(ExitCode.OK, o.code(), c.name());
      assertTrue(o.out().contains("usage: genrec " + c.name()), o.out());
    }
  }

  @Test
  void unknownCommandAndBadFlagsAreUsageErrors() {
    assertEquals(ExitCode.USAGE, run("trian").code());
    Outcome o = run("data", "stats", "x", "--no-such-flag");
    assertEquals(ExitCode.USAGE, o.code());
    assertTrue(o.err().contains("no-such-flag"), o.err());
    assertEquals(ExitCode.USAGE, run("data", "frobnicate").code());
  }

  @Test
  void configErrorsExitWithTwoAndNameTheKey() throws Exception {
    Path cfg = dir.resolve("c.json");
    Files.writeString(cfg, "{\"experiment\":\"t\",\"data\":{\"path\":\"x\",\"max_len\":3},\"model\":{\"name\":\"sasrec\"}}");
    Outcome o = run("config", "show", cfg.toString());
    assertEquals(ExitCode.USAGE, o.code());
    assertTrue(o.err().contains("data.max_len: unknown key; did you mean data.max_length?"), o.err());
  }

  @Test
  void malformedDataIsARunTimeFailure() throws Exception {
    Path data = dir.resolve("bad.csv");
    Files.writeString(data, "UserId,ProductId,Timestamp\n1,2,3\n1,2\n");
    assertEquals(ExitCode.FAILURE, run("data", "stats", data.toString()).code());
  }

  @Test
  void dataStatsPrintsJson() throws Exception {
    Path data = dir.resolve("s.txt");
    Files.writeString(data, "u1 1 2 3\nu2 2 3\n");
    Outcome o = run("data", "stats", data.toString(), "--json");
    assertEquals(ExitCode.OK, o.code(), o.err());
    assertTrue(o.out().contains("\"users\": 2"), o.out());
    assertTrue(o.out().contains("\"items\": 3"), o.out());
    assertTrue(o.out().contains("\"interactions\": 5"), o.out());
  }
}
