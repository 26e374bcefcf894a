package io.genrec.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import io.genrec.cli.Main;
import io.genrec.config.ConfigReader;
import io.genrec.train.TinyRuns;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code genrec sweep} killed with SIGKILL at random moments (JVM start, training, checkpointing,
 * test, export) and rerun each time: every run ends exactly once, epochs.jsonl holds each epoch once,
 * every SavedModel is complete, and the metrics equal an uninterrupted sweep's bit for bit. One
 * thread, so the uninterrupted sweep is itself reproducible; dropout on (SASRec's default 0.2), whose
 * masks are drawn per update from the checkpointed update counter ({@link io.genrec.nn.Params#drawSeed}),
 * so a resume replays them.
 */
class KillAndResumeTest {
  private static final int KILLS = 10;
  @TempDir Path tmp;

  @Test
  void aSweepKilledTenTimesEndsAsAnUninterruptedOne() throws Exception {
    Path data = TinyRuns.writeSequences(tmp, 80, 40, 6);
    Path configs = Files.createDirectories(tmp.resolve("configs"));
    Files.writeString(configs.resolve("sasrec.json"), """
        {"experiment": "kill", "data": {"path": "%s", "max_length": 8},
         "model": {"name": "sasrec", "hidden": 16, "num_blocks": 1, "num_heads": 1},
         "train": {"epochs": 4, "batch_size": 16, "lr": 0.01, "progress": false,
                   "intra_op_threads": 1, "inter_op_threads": 1},
         "eval": {"ks": [5, 10]}, "export": {"dir": "%s"},
         "sweep": {"seed": [1, 2]}}
        """.formatted(slash(data), slash(tmp.resolve("published"))));

    Path reference = tmp.resolve("reference");
    long t0 = System.nanoTime();
    Process whole = sweep(configs, reference, tmp.resolve("reference.log"));
    assertTrue(whole.waitFor(300, TimeUnit.SECONDS), "uninterrupted sweep finished");
    assertEquals(0, whole.exitValue(), Files.readString(tmp.resolve("reference.log")));
    double seconds = (System.nanoTime() - t0) / 1e9;

    Random rng = new Random(15);
    Map<String, Integer> phases = new TreeMap<>();
    int kills = 0;
    // Rounds of kill-and-rerun until a sweep completes, each in a fresh runs folder, until there were enough kills.
    for (int round = 0; kills < KILLS; round++) {
      assertTrue(round < 6, "too few kills landed before the sweeps completed: " + phases);
      Path runs = tmp.resolve("runs-" + round);
      for (int attempt = 0; ; attempt++) {
        Path log = tmp.resolve("round-" + round + "-attempt-" + attempt + ".log");
        Process p = sweep(configs, runs, log);
        // Past the JVM's and TensorFlow's start (nothing is written before the first graph), then a random
        // moment in what is left: training, checkpointing, test, export; later kills reach further.
        if (!startedWork(p, log)) {
          assertEquals(0, p.exitValue(), "a rerun failed: " + Files.readString(log));
          break; // the sweep completed before any graph was built: everything was done already
        }
        double at = seconds * rng.nextDouble() * Math.min(0.6, 0.15 + 0.05 * attempt);
        if (p.waitFor((long) (at * 1000), TimeUnit.MILLISECONDS)) {
          assertEquals(0, p.exitValue(), "a rerun failed: " + Files.readString(log));
          break; // the sweep completed before this kill
        }
        p.destroyForcibly(); // SIGKILL: no shutdown hook, no finally block runs
        p.waitFor();
        kills++;
        phases.merge(phase(Files.readString(log)), 1, Integer::sum);
      }
      assertSameAsUninterrupted(reference, runs, phases);
    }
    System.out.println("KillAndResumeTest: " + kills + " SIGKILLs, by phase " + phases
        + String.format(java.util.Locale.ROOT, "; uninterrupted sweep %.1f s", seconds));
  }

  private static void assertSameAsUninterrupted(Path reference, Path runs, Map<String, Integer> phases) throws Exception {
    List<Path> expected = runDirs(reference);
    List<Path> resumed = runDirs(runs);
    assertEquals(2, expected.size());
    assertEquals(expected.stream().map(Path::getFileName).toList(), resumed.stream().map(Path::getFileName).toList());
    for (int i = 0; i < expected.size(); i++) {
      RunDirectory run = new RunDirectory(resumed.get(i));
      assertTrue(run.isDone(), resumed.get(i) + " finished");
      assertEquals(IntStream.rangeClosed(1, 4).boxed().toList(), run.epochLines().stream()
          .map(l -> ConfigReader.gson().fromJson(l, JsonObject.class).get("epoch").getAsInt()).toList(),
          "each epoch logged exactly once in " + resumed.get(i));
      JsonObject a = metrics(expected.get(i));
      JsonObject b = metrics(resumed.get(i));
      for (String key : List.of("valid", "test", "best_epoch", "epochs")) {
        assertEquals(a.get(key).toString(), b.get(key).toString(), key + " of " + resumed.get(i) + " after " + phases);
      }
      assertTrue(Files.isRegularFile(run.savedModelDir().resolve("saved_model.pb")), "exported " + resumed.get(i));
      assertEquals(Files.readString(expected.get(i).resolve("per_user.csv")),
          Files.readString(resumed.get(i).resolve("per_user.csv")), "per-user values of " + resumed.get(i));
    }
  }

  /** Waits until the process logs its first built graph (true) or exits (false). */
  private static boolean startedWork(Process p, Path log) throws Exception {
    while (p.isAlive()) {
      if (Files.exists(log) && Files.readString(log).contains("graph built")) return true;
      Thread.sleep(50);
    }
    return false;
  }

  private Process sweep(Path configs, Path runsDir, Path log) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), Main.class.getName(),
        "sweep", configs.toString(), "--runs-dir", runsDir.toString()));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
    pb.environment().put("TF_CPP_MIN_LOG_LEVEL", "2");
    return pb.start();
  }

  /** Where the process was when it died, from its last log lines. */
  private static String phase(String log) {
    List<String> lines = log.lines().filter(l -> !l.isBlank()).toList();
    String lastLine = lines.isEmpty() ? "" : lines.get(lines.size() - 1);
    if (lines.isEmpty() || !log.contains("graph built")) return "start";
    if (lastLine.contains("SavedModel") || lastLine.contains("test (best epoch")) return "export";
    if (lastLine.contains("epoch 4:")) return "test";
    return "training";
  }

  private static List<Path> runDirs(Path runsDir) throws Exception {
    try (var s = Files.list(runsDir.resolve("kill"))) {
      return s.filter(Files::isDirectory).sorted().toList();
    }
  }

  private static JsonObject metrics(Path run) throws Exception {
    return ConfigReader.gson().fromJson(Files.readString(run.resolve("metrics.json")), JsonObject.class);
  }

  private static String slash(Path p) {
    return p.toString().replace("\\", "/");
  }
}
