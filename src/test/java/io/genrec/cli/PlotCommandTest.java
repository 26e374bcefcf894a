package io.genrec.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
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

class PlotCommandTest {
  @Test
  void plotsSeveralRunsToPngAndSvg(@TempDir Path tmp) throws Exception {
    TestRuns.config(tmp.resolve("configs"), "a.json", "sasrec", "toy", "\"sweep\":{\"seed\":[1,2]}");
    List<PlannedRun> plan = TestRuns.plan(tmp.resolve("configs"), tmp.resolve("runs"));
    ExperimentRunner runner = new ExperimentRunner(new FakeRunBody(), TestRuns.sources(), List.of());
    for (PlannedRun r : plan) runner.run(r, false);

    TestRuns.Captured out = new TestRuns.Captured();
    PlotCommand cmd = new PlotCommand(out.stream);
    Path png = tmp.resolve("fig/curves.png");
    assertEquals(ExitCode.OK, cmd.run(new DefaultParser().parse(cmd.options(), new String[] {
        plan.get(0).directory().path().toString(), plan.get(1).directory().path().toString(),
        "--out", png.toString(), "--metric", "ndcg@10"})));
    assertTrue(Files.size(png) > 1000);
    assertTrue(Files.size(tmp.resolve("fig/curves.svg")) > 1000);
    assertEquals(List.of("wrote " + png, "wrote " + tmp.resolve("fig/curves.svg")), out.text().lines().toList());
  }

  @Test
  void anUnknownMetricIsAnErrorNamingTheMetricsTheRunHas(@TempDir Path tmp) throws Exception {
    TestRuns.config(tmp.resolve("configs"), "a.json", "sasrec", "toy", "");
    PlannedRun run = TestRuns.plan(tmp.resolve("configs"), tmp.resolve("runs")).get(0);
    new ExperimentRunner(new FakeRunBody(), TestRuns.sources(), List.of()).run(run, false);
    PlotCommand cmd = new PlotCommand(new TestRuns.Captured().stream);
    Path png = tmp.resolve("fig/curves.png");
    IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        () -> cmd.run(new DefaultParser().parse(cmd.options(), new String[] {
            run.directory().path().toString(), "--out", png.toString(), "--metric", "ndcg@01"})));
    assertTrue(e.getMessage().contains("\"ndcg@01\"") && e.getMessage().contains("ndcg@10"), e.getMessage());
    assertTrue(Files.notExists(png));
  }
}
