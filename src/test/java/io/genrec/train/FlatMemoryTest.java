package io.genrec.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.genrec.cli.Main;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A 100-epoch run (training, validation every epoch, checkpoints, test, export) in a fresh JVM with a
 * fixed, pre-touched heap (so heap growth cannot pass for a leak) keeps its resident memory flat: what a tensor left unclosed in a per-step or
 * per-epoch path would leak is native memory, outside the heap, and grows with every epoch. RSS is
 * sampled from /proc while the run goes; the growth from epoch 20-30 to 90-100 must stay below
 * {@value #GROWTH_BOUND_MB} MB. Batches are 256 histories of 50 items (50 kB of int32 each), 8 steps
 * an epoch: one leaked history tensor per step would add about 28 MB over those 70 epochs, one
 * leaked step (its feeds and fetches) more. Measured here: 7-13 MB (JIT and allocator), flat after epoch 40.
 */
class FlatMemoryTest {
  static final int GROWTH_BOUND_MB = 32;
  @TempDir Path tmp;

  @Test
  void aHundredEpochRunHoldsFlatResidentMemory() throws Exception {
    assumeTrue(Files.isReadable(Path.of("/proc/self/status")), "needs Linux /proc to read a process's RSS");
    Path data = TinyRuns.writeSequences(tmp, 2000, 200, 8);
    Path config = tmp.resolve("sasrec.json");
    Files.writeString(config, """
        {"experiment": "rss", "data": {"path": "%s", "max_length": 50},
         "model": {"name": "sasrec", "hidden": 16, "num_blocks": 1, "num_heads": 1},
         "train": {"epochs": 100, "batch_size": 256, "lr": 0.003, "patience": 0, "progress": false},
         "eval": {"ks": [10]}, "export": {"dir": "%s"}}
        """.formatted(data.toString().replace("\\", "/"), tmp.resolve("published").toString().replace("\\", "/")));
    Path runsDir = tmp.resolve("runs");
    List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xms256m", "-Xmx256m",
        "-XX:+AlwaysPreTouch",
        "-cp", System.getProperty("java.class.path"), Main.class.getName(),
        "run", config.toString(), "--runs-dir", runsDir.toString());
    Path log = tmp.resolve("run.log");
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
    pb.environment().put("TF_CPP_MIN_LOG_LEVEL", "2");
    Process p = pb.start();
    Path status = Path.of("/proc", Long.toString(p.pid()), "status");
    Path epochs = null;
    List<long[]> samples = new ArrayList<>(); // {epochs logged, RSS kB}
    while (!p.waitFor(200, TimeUnit.MILLISECONDS)) {
      if (epochs == null) epochs = epochsFile(runsDir.resolve("rss"));
      long rss = rssKb(status);
      if (rss > 0 && epochs != null && Files.exists(epochs)) samples.add(new long[] {lines(epochs), rss});
    }
    if (epochs == null) epochs = epochsFile(runsDir.resolve("rss"));
    assertEquals(0, p.exitValue(), Files.readString(log));
    assertEquals(100, lines(epochs), "the run trained 100 epochs");
    long atTwenty = samples.stream().filter(s -> s[0] >= 20 && s[0] <= 30).mapToLong(s -> s[1]).max().orElse(-1);
    long late = samples.stream().filter(s -> s[0] >= 90).mapToLong(s -> s[1]).max().orElse(-1);
    assertTrue(atTwenty > 0 && late > 0, "samples around epoch 20-30 and after 90: " + samples.size() + " taken");
    double growthMb = (late - atTwenty) / 1024.0;
    StringBuilder curve = new StringBuilder();
    for (int e = 10; e <= 100; e += 10) {
      final int from = e - 10;
      final int to = e;
      long m = samples.stream().filter(x -> x[0] > from && x[0] <= to).mapToLong(x -> x[1]).max().orElse(-1);
      curve.append(String.format(Locale.ROOT, " %d:%.0f", e, m / 1024.0));
    }
    System.out.println("FlatMemoryTest: max RSS MB per 10 epochs" + curve);
    System.out.printf(Locale.ROOT, "FlatMemoryTest: RSS %.0f MB at epochs 20-30, %.0f MB at 90-100: growth %.1f MB%n",
        atTwenty / 1024.0, late / 1024.0, growthMb);
    assertTrue(growthMb < GROWTH_BOUND_MB, String.format(Locale.ROOT,
        "RSS grew by %.1f MB from epoch 20-30 to 90-100 (bound %d MB)", growthMb, GROWTH_BOUND_MB));
  }

  /** VmRSS of a live process in kB, or -1 once it has gone. */
  private static long rssKb(Path status) {
    try {
      for (String line : Files.readAllLines(status)) {
        if (line.startsWith("VmRSS:")) return Long.parseLong(line.replaceAll("[^0-9]", ""));
      }
    } catch (java.io.IOException | NumberFormatException gone) {
      return -1; // the process exited between waitFor and the read
    }
    return -1;
  }

  /** The one run's epochs.jsonl under the experiment folder, or null before the run has made it. */
  private static Path epochsFile(Path experiment) throws java.io.IOException {
    if (!Files.isDirectory(experiment)) return null;
    try (var s = Files.list(experiment)) {
      return s.filter(Files::isDirectory).map(d -> d.resolve("epochs.jsonl")).findFirst().orElse(null);
    }
  }

  private static long lines(Path file) throws java.io.IOException {
    try (var s = Files.lines(file)) {
      return s.filter(l -> !l.isBlank()).count();
    }
  }
}
