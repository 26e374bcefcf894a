package io.genrec.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import io.genrec.cli.SweepCommand;
import io.genrec.cli.TableCommand;
import io.genrec.config.ConfigReader;
import io.genrec.config.RunConfig;
import io.genrec.model.catalog.ModelCatalog;
import io.genrec.train.RunBody;
import io.genrec.train.RunOutputs;
import io.genrec.train.TinyRuns;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.commons.cli.DefaultParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sweep → interrupt → resume → table loop with real SASRec training on a tiny synthetic
 * dataset: 2 configs (two learning rates) × 2 seeds, the second run killed after its 2nd epoch.
 */
class RealSweepEndToEndTest {
  @TempDir Path tmp;

  /** Thrown from inside a run, like a kill: nothing after it in that run happens. */
  static final class Killed extends RuntimeException {
    Killed() {
      super("killed after epoch 2");
    }
  }

  @Test
  void realSasRecSweepSurvivesAKillAndTabulatesItsOwnMetrics() throws Exception {
    Path data = TinyRuns.writeSequences(tmp, 60, 30, 4);
    Path configs = Files.createDirectories(tmp.resolve("configs"));
    for (String[] c : new String[][] {{"a.json", "0.01"}, {"b.json", "0.003"}}) {
      Files.writeString(configs.resolve(c[0]), """
          {"experiment": "real", "data": {"path": "%s", "max_length": 8},
           "model": {"name": "sasrec", "hidden": 16, "num_blocks": 1, "num_heads": 1},
           "train": {"epochs": 3, "batch_size": 16, "lr": %s, "progress": false},
           "eval": {"ks": [10, 50]}, "export": {"enabled": false},
           "sweep": {"seed": [1, 2]}}
          """.formatted(data.toString().replace("\\", "/"), c[1]));
    }
    Path runs = tmp.resolve("runs");
    Map<String, Integer> calls = new HashMap<>();
    boolean[] killedOnce = {false};
    RunBody body = (RunConfig cfg, RunOutputs out) -> {
      int n = calls.merge(out.directory().getFileName().toString(), 1, Integer::sum);
      boolean victim = calls.size() == 2 && n == 1 && !killedOnce[0];
      new TrainingRun().execute(cfg, victim ? killAfterEpochTwo(out, killedOnce) : out);
    };
    SweepCommand sweep = new SweepCommand(ModelCatalog.INSTANCE, () -> body, TestRuns.sources(), Map.of(),
        new TestRuns.Captured().stream);
    String[] args = {configs.toString(), "--runs-dir", runs.toString()};
    assertThrows(Killed.class, () -> sweep.run(new DefaultParser().parse(sweep.options(), args)));
    assertEquals(0, sweep.run(new DefaultParser().parse(sweep.options(), args)));

    List<Path> dirs;
    try (var s = Files.list(runs.resolve("real"))) {
      dirs = s.filter(Files::isDirectory).sorted().toList();
    }
    assertEquals(4, dirs.size());
    for (Path d : dirs) {
      RunDirectory rd = new RunDirectory(d);
      assertTrue(rd.isDone(), d.toString());
      assertEquals(List.of(1, 2, 3), rd.epochLines().stream()
          .map(l -> ConfigReader.gson().fromJson(l, JsonObject.class).get("epoch").getAsInt()).toList(),
          "no epoch lost or logged twice in " + d);
    }
    assertEquals(List.of(1, 1, 1, 2), calls.values().stream().sorted().toList(),
        "every run trained once; the killed one was resumed once");

    TestRuns.Captured table = new TestRuns.Captured();
    TableCommand tc = new TableCommand(table.stream);
    assertEquals(0, tc.run(new DefaultParser().parse(tc.options(),
        new String[] {runs.toString(), "--group", "dataset,train.lr", "--metrics", "R@10,N@10"})));
    for (String lr : List.of("0.01", "0.003")) {
      double[][] values = new double[2][2];
      int i = 0;
      for (Path d : dirs) {
        JsonObject cfg = ConfigReader.gson().fromJson(Files.readString(d.resolve("config.json")), JsonObject.class);
        if (cfg.getAsJsonObject("train").get("lr").getAsDouble() != Double.parseDouble(lr)) continue;
        JsonObject test = ConfigReader.gson().fromJson(Files.readString(d.resolve("metrics.json")), JsonObject.class)
            .getAsJsonObject("test");
        values[i][0] = test.get("recall@10").getAsDouble();
        values[i][1] = test.get("ndcg@10").getAsDouble();
        i++;
      }
      assertEquals(2, i);
      String row = table.text().lines().filter(l -> l.contains("| " + lr + " |")).findFirst().orElseThrow();
      for (int m = 0; m < 2; m++) {
        double mean = (values[0][m] + values[1][m]) / 2;
        double std = Math.abs(values[0][m] - values[1][m]) / Math.sqrt(2);
        String cell = String.format(Locale.ROOT, "%.4f ± %.4f", mean, std);
        assertTrue(row.contains(cell), "row " + row + " should hold " + cell);
      }
    }
    assertFalse(table.text().isBlank());
  }

  static RunOutputs killAfterEpochTwo(RunOutputs out, boolean[] killed) {
    return new RunOutputs() {
      @Override public Path directory() { return out.directory(); }
      @Override public Path checkpointDir() { return out.checkpointDir(); }
      @Override public void keepEpochs(int epochs) { out.keepEpochs(epochs); }
      @Override public void metrics(JsonObject metrics) { out.metrics(metrics); }
      @Override public Path perUserCsv() { return out.perUserCsv(); }
      @Override public Path savedModelDir() { return out.savedModelDir(); }

      @Override
      public void epoch(JsonObject line) {
        out.epoch(line);
        if (line.get("epoch").getAsInt() == 2) {
          killed[0] = true;
          throw new Killed();
        }
      }
    };
  }
}
