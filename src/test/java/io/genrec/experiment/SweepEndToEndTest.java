package io.genrec.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.genrec.cli.Command;
import io.genrec.cli.SweepCommand;
import io.genrec.cli.TableCommand;
import io.genrec.config.ConfigReader;
import io.genrec.eval.PerUserTable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.apache.commons.cli.DefaultParser;
import org.apache.commons.math3.stat.inference.TTest;
import org.apache.commons.math3.stat.inference.WilcoxonSignedRankTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The end-to-end check: a sweep of 2 configs x 2 seeds, interrupted after its first run,
 * resumed, then tabulated. No run may be lost or repeated, and every number in the table must be
 * the one computed here from the runs' own files.
 */
class SweepEndToEndTest {
  private static final List<String> KEYS = List.of("recall@10", "ndcg@10", "recall@50", "ndcg@50");

  @TempDir Path tmp;
  private final FakeRunBody body = new FakeRunBody();

  private int command(Command cmd, String... args) throws Exception {
    return cmd.run(new DefaultParser().parse(cmd.options(), args));
  }

  private SweepCommand sweep(TestRuns.Captured out) {
    return new SweepCommand(TestModels.INSTANCE, () -> body, TestRuns.sources(), Map.of(), out.stream);
  }

  @Test
  void interruptedSweepResumesWithoutLossOrRepeatAndTablesMatchTheRuns() throws Exception {
    Path configs = tmp.resolve("configs");
    TestRuns.config(configs, "a_sasrec.json", "sasrec", "toy", "\"sweep\":{\"seed\":[1,2]}");
    TestRuns.config(configs, "b_gru4rec.json", "gru4rec", "toy", "\"sweep\":{\"seed\":[1,2]}");
    Path runs = tmp.resolve("runs");
    List<PlannedRun> plan = TestRuns.plan(configs, runs);
    assertEquals(4, plan.size());
    List<Path> dirs = plan.stream().map(r -> r.directory().path()).toList();

    // 1. The second run is killed mid-training: the sweep stops there (no --continue-after-error).
    body.crashOnceAtEpoch.put(plan.get(1).name(), 2);
    TestRuns.Captured first = new TestRuns.Captured();
    assertThrows(FakeRunBody.Crash.class,
        () -> command(sweep(first), configs.toString(), "--runs-dir", runs.toString()));
    assertTrue(plan.get(0).directory().isDone());
    assertFalse(plan.get(1).directory().isDone());
    assertFalse(Files.exists(dirs.get(2)), "the sweep stopped at the failure");
    assertTrue(first.text().contains("1 done, 0 skipped (already done), 1 failed"), first.text());

    // 2. Resumed: the finished run is skipped, the interrupted one continues, the rest run.
    TestRuns.Captured second = new TestRuns.Captured();
    assertEquals(0, command(sweep(second), configs.toString(), "--runs-dir", runs.toString()));
    assertTrue(second.text().contains("3 done, 1 skipped (already done), 0 failed"), second.text());

    // 3. Once more: nothing left to do.
    TestRuns.Captured third = new TestRuns.Captured();
    assertEquals(0, command(sweep(third), configs.toString(), "--runs-dir", runs.toString()));
    assertTrue(third.text().contains("0 done, 4 skipped"), third.text());

    assertEquals(Map.of(dirs.get(0), 1, dirs.get(1), 2, dirs.get(2), 1, dirs.get(3), 1), body.invocations,
        "each run executed exactly once, the interrupted one resumed once");
    assertEquals(List.of(0, 1), body.startedFrom.get(plan.get(1).name()), "resumed from its epoch-1 checkpoint");
    for (PlannedRun r : plan) {
      assertTrue(r.directory().isDone(), r.name());
      assertEquals(List.of("1", "2", "3"), r.directory().epochLines().stream()
          .map(l -> l.replaceAll(".*\"epoch\":(\\d+).*", "$1")).toList(), "no epoch lost or logged twice");
    }

    // 4. The table, with significance against SASRec.
    Path tableFile = tmp.resolve("table.md");
    TestRuns.Captured tableOut = new TestRuns.Captured();
    assertEquals(0, command(new TableCommand(tableOut.stream), runs.toString(),
        "--metrics", "R@10,N@10,R@50,N@50", "--baseline", "sasrec", "--out", tableFile.toString()));
    List<String> lines = Files.readAllLines(tableFile);
    assertEquals("| Dataset | Model | R@10 | N@10 | R@50 | N@50 | Runs |", lines.get(0));

    Map<String, List<Path>> byModel = Map.of("sasrec", dirs.subList(0, 2), "gru4rec", dirs.subList(2, 4));
    Map<String, double[]> means = new HashMap<>();
    Map<String, double[]> stds = new HashMap<>();
    for (var e : byModel.entrySet()) {
      double[] m = new double[KEYS.size()];
      double[] s = new double[KEYS.size()];
      for (int k = 0; k < KEYS.size(); k++) {
        double a = testMetric(e.getValue().get(0), KEYS.get(k));
        double b = testMetric(e.getValue().get(1), KEYS.get(k));
        m[k] = (a + b) / 2;
        s[k] = Math.sqrt(((a - m[k]) * (a - m[k]) + (b - m[k]) * (b - m[k])) / (2 - 1));
      }
      means.put(e.getKey(), m);
      stds.put(e.getKey(), s);
    }

    Map<String, List<String>> rows = new TreeMap<>();
    for (String line : lines.subList(2, 4)) {
      List<String> cells = cells(line);
      assertEquals("toy", cells.get(0));
      assertEquals("2", cells.get(6));
      rows.put(cells.get(1), cells.subList(2, 6));
    }
    assertEquals(List.of("gru4rec", "sasrec"), new ArrayList<>(rows.keySet()), "rows sorted by model");

    int marked = 0;
    int unmarked = 0;
    for (int k = 0; k < KEYS.size(); k++) {
      for (String model : List.of("sasrec", "gru4rec")) {
        String other = model.equals("sasrec") ? "gru4rec" : "sasrec";
        String cell = rows.get(model).get(k);
        String expected = String.format(Locale.ROOT, "%.4f ± %.4f", means.get(model)[k], stds.get(model)[k]);
        assertEquals(expected, undecorated(cell), model + " " + KEYS.get(k));
        boolean better = means.get(model)[k] > means.get(other)[k];
        assertEquals(better ? "**" + expected + "**" : "<u>" + expected + "</u>", cell.replace("†", ""),
            "best bold, second underlined: " + model + " " + KEYS.get(k));
      }
      // Significance: a t-test on per-user values, each user averaged over the two seeds.
      double p = new TTest().pairedTTest(perUserMean(byModel.get("sasrec"), KEYS.get(k)),
          perUserMean(byModel.get("gru4rec"), KEYS.get(k)));
      boolean dagger = rows.get("gru4rec").get(k).endsWith("†");
      assertEquals(p < 0.05, dagger, KEYS.get(k) + " p=" + p);
      assertFalse(rows.get("sasrec").get(k).contains("†"), "the baseline is never marked");
      if (dagger) marked++;
      else unmarked++;
    }
    assertTrue(marked > 0 && unmarked > 0, "the fixture exercises both outcomes: " + marked + " marked");
    String text = String.join("\n", lines);
    assertTrue(text.contains("† p < 0.05 against sasrec on the same dataset (paired t-test over per-user test values,"
        + " each user's values averaged over seeds first)."), text);

    // 5. Wilcoxon p-values in the CSV equal commons-math's on the same per-user pairs.
    TestRuns.Captured csv = new TestRuns.Captured();
    command(new TableCommand(csv.stream), runs.toString(), "--baseline", "sasrec", "--test", "wilcoxon",
        "--format", "csv");
    List<String> csvLines = List.of(csv.text().split("\n"));
    assertEquals("dataset,model,R@10_mean,R@10_std,N@10_mean,N@10_std,R@50_mean,R@50_std,N@50_mean,N@50_std,n,"
        + "R@10_p,N@10_p,R@50_p,N@50_p", csvLines.get(0));
    String[] gru = csvLines.get(1).split(",", -1);
    assertEquals("gru4rec", gru[1]);
    String[] sas = csvLines.get(2).split(",", -1);
    assertEquals("", sas[11], "no p-value for the baseline itself");
    for (int k = 0; k < KEYS.size(); k++) {
      double[] a = perUserMean(byModel.get("sasrec"), KEYS.get(k));
      double[] b = perUserMean(byModel.get("gru4rec"), KEYS.get(k));
      double p = new WilcoxonSignedRankTest().wilcoxonSignedRankTest(a, b, false);
      assertEquals(p, Double.parseDouble(gru[11 + k]), 1e-12, KEYS.get(k));
      assertEquals(means.get("gru4rec")[k], Double.parseDouble(gru[2 + 2 * k]), 1e-12);
    }
  }

  private static double testMetric(Path dir, String key) {
    return ConfigReader.parseFile(dir.resolve(RunDirectory.METRICS)).getAsJsonObject("test").get(key).getAsDouble();
  }

  /** Per-user values averaged over the runs, in ascending user order. */
  private static double[] perUserMean(List<Path> runDirs, String key) throws Exception {
    TreeMap<Integer, Double> sum = new TreeMap<>();
    for (Path d : runDirs) {
      PerUserTable t = PerUserTable.readCsv(d.resolve(RunDirectory.PER_USER));
      for (int r = 0; r < t.size(); r++) sum.merge(t.user(r), t.value(r, key), Double::sum);
    }
    return sum.values().stream().mapToDouble(v -> v / runDirs.size()).toArray();
  }

  private static List<String> cells(String markdownRow) {
    String inner = markdownRow.substring(1, markdownRow.length() - 1);
    return List.of(inner.split("\\|")).stream().map(String::trim).toList();
  }

  private static String undecorated(String cell) {
    return cell.replace("†", "").replace("**", "").replace("<u>", "").replace("</u>", "");
  }
}
