package io.genrec.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.genrec.experiment.ExperimentRunner;
import io.genrec.experiment.FakeRunBody;
import io.genrec.experiment.PlannedRun;
import io.genrec.experiment.TestRuns;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.commons.cli.DefaultParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChartCommandTest {
  @TempDir Path tmp;

  private int chart(TestRuns.Captured out, String... options) throws Exception {
    ChartCommand cmd = new ChartCommand(out.stream);
    String[] args = new String[options.length + 1];
    args[0] = tmp.resolve("runs").toString();
    System.arraycopy(options, 0, args, 1, options.length);
    return cmd.run(new DefaultParser().parse(cmd.options(), args));
  }

  @Test
  void drawsTheTablesRowsOfFinishedRuns() throws Exception {
    TestRuns.config(tmp.resolve("configs"), "a.json", "sasrec", "toy", "\"sweep\":{\"seed\":[1,2]}");
    TestRuns.config(tmp.resolve("configs"), "b.json", "gru4rec", "toy", "");
    ExperimentRunner runner = new ExperimentRunner(new FakeRunBody(), TestRuns.sources(), List.of());
    for (PlannedRun r : TestRuns.plan(tmp.resolve("configs"), tmp.resolve("runs"))) runner.run(r, false);

    TestRuns.Captured out = new TestRuns.Captured();
    Path png = tmp.resolve("fig/accuracy.png");
    assertEquals(ExitCode.OK, chart(out, "--metrics", "R@10,N@10", "--out", png.toString()));
    assertTrue(Files.size(png) > 0 && Files.size(tmp.resolve("fig/accuracy.svg")) > 0);
    assertEquals("wrote " + png + "\nwrote " + tmp.resolve("fig/accuracy.svg") + "\n", out.text());
  }

  @Test
  void badMetricsOrNoRunsAreUsageErrors() throws Exception {
    Files.createDirectories(tmp.resolve("runs"));
    UsageException bad = assertThrows(UsageException.class, () -> chart(new TestRuns.Captured(), "--metrics", "Cov@x"));
    assertTrue(bad.getMessage().startsWith("--metrics: "), bad.getMessage());
    IllegalArgumentException none = assertThrows(IllegalArgumentException.class, () -> chart(new TestRuns.Captured()));
    assertTrue(none.getMessage().contains("no finished runs"), none.getMessage());
  }
}
