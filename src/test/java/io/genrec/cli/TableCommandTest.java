package io.genrec.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.genrec.config.ConfigException;
import io.genrec.experiment.ExperimentRunner;
import io.genrec.experiment.FakeRunBody;
import io.genrec.experiment.PlannedRun;
import io.genrec.experiment.TestRuns;
import java.nio.file.Path;
import java.util.List;
import org.apache.commons.cli.DefaultParser;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TableCommandTest {
  @TempDir Path tmp;

  @BeforeEach
  void runs() throws Exception {
    TestRuns.config(tmp.resolve("configs"), "a.json", "sasrec", "toy", "\"sweep\":{\"seed\":[1,2]}");
    TestRuns.config(tmp.resolve("configs"), "b.json", "bert4rec", "toy", "");
    ExperimentRunner runner = new ExperimentRunner(new FakeRunBody(), TestRuns.sources(), List.of());
    for (PlannedRun r : TestRuns.plan(tmp.resolve("configs"), tmp.resolve("runs"))) runner.run(r, false);
  }

  private String table(String... options) throws Exception {
    TestRuns.Captured out = new TestRuns.Captured();
    TableCommand cmd = new TableCommand(out.stream);
    String[] args = new String[options.length + 1];
    args[0] = tmp.resolve("runs").toString();
    System.arraycopy(options, 0, args, 1, options.length);
    assertEquals(ExitCode.OK, cmd.run(new DefaultParser().parse(cmd.options(), args)));
    return out.text();
  }

  @Test
  void defaultIsMarkdownDatasetModelRecallNdcgAt10And50() throws Exception {
    String md = table();
    assertTrue(md.startsWith("| Dataset | Model | R@10 | N@10 | R@50 | N@50 | Runs |\n"), md);
    assertTrue(md.contains("| toy | bert4rec | "), md);
    assertTrue(md.contains("| 2 |\n"), md);
  }

  @Test
  void latexAndCsvFormats() throws Exception {
    assertTrue(table("--format", "latex", "--metrics", "R@10").contains("\\toprule"));
    String csv = table("--format", "csv", "--metrics", "N@10");
    assertTrue(csv.startsWith("dataset,model,N@10_mean,N@10_std,n\n"), csv);
  }

  /** A pre-training run of a chain writes "test": null; the table shows the other runs without it. */
  @Test
  void runsWithoutTestMetricsAreLeftOut() throws Exception {
    List<Path> bert = new java.util.ArrayList<>();
    try (var walk = java.nio.file.Files.walk(tmp.resolve("runs"))) {
      walk.filter(p -> p.getFileName().toString().equals("metrics.json") && p.toString().contains("bert4rec"))
          .forEach(bert::add);
    }
    assertEquals(1, bert.size());
    java.nio.file.Files.writeString(bert.get(0), "{\"valid\": null, \"test\": null, \"validated\": false}");
    String md = table();
    assertTrue(!md.contains("bert4rec") && md.contains("| toy | sasrec | "), md);
  }

  @Test
  void badOptionsAreUsageOrConfigErrors() {
    assertThrows(UsageException.class, () -> table("--metrics", "Q@10"));
    assertThrows(ConfigException.class, () -> table("--format", "html"));
    assertThrows(ConfigException.class, () -> table("--test", "anova", "--baseline", "sasrec"));
  }
}
