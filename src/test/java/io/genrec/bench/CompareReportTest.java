package io.genrec.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CompareReportTest {
  @TempDir Path dir;

  private void tigerRound(int r, double examplesPerSecond, double oneUserMs) throws Exception {
    Files.writeString(dir.resolve("tiger-" + r + ".json"), "{\n  \"matmul_gflops_before\": 300.0,\n"
        + "  \"train_examples_per_second_longest_histories\": " + examplesPerSecond + ",\n"
        + "  \"serving_one_user_ms_median\": " + oneUserMs + ",\n  \"serving_one_user_ms_p95\": 14.0,\n"
        + "  \"serving_batch_ms_median\": 2100.0\n}\n");
  }

  @Test
  void mediansOverRoundsAndRatiosAgainstTheReference() throws Exception {
    tigerRound(1, 80, 12);
    tigerRound(2, 90, 13);
    tigerRound(3, 100, 20);
    Files.writeString(dir.resolve("torch-tiger-1.txt"), "pytorch TIGER-size step 5800 ms = 44 examples/s (threads 2)\n");
    Files.writeString(dir.resolve("torch-tiger-2.txt"), "pytorch TIGER-size step 5000 ms = 51 examples/s (threads 2)\n");
    Files.writeString(dir.resolve("torch-tiger-3.txt"), "pytorch TIGER-size step 5000 ms = 45 examples/s (threads 2)\n");
    // sasrec.sh prints one object per loss, pretty-printed, in one file.
    Files.writeString(dir.resolve("sasrec-1.json"),
        "{\n \"loss\": \"SasRecConfig[hidden=50, loss=BCE]\",\n \"seconds_per_epoch\": 12.0\n}\n"
            + "{\n \"loss\": \"SasRecConfig[hidden=50, loss=SOFTMAX]\",\n \"seconds_per_epoch\": 22.0\n}\n");
    Files.writeString(dir.resolve("torch-sasrec-1.txt"),
        "pytorch SASRec-size step 171 ms; a Beauty epoch (175 steps) 30.0 s (threads 2)\n");
    String table = CompareReport.render(dir);
    assertTrue(table.contains("| TIGER training, reference size, examples/s | 45.0 | 90.0 | 2.00× as fast | ≥ 150 |"), table);
    assertTrue(table.contains("| TIGER serving, one user, p50 ms | — | 13.0 |"), table);
    assertTrue(table.contains("| TIGER serving, 256 users per call, s | — | 2.10 |"), table);
    assertTrue(table.contains("| SASRec BCE epoch on Beauty, s | 30.0 | 12.0 | 2.50× as fast | ≤ 10 |"), table);
    assertTrue(table.contains("| SASRec full-softmax epoch on Beauty, s | — | 22.0 |"), table);
  }

  @Test
  void peakMemoryIsReportedBesideSpeedWhenTheOutputsRecordIt() throws Exception {
    tigerRound(1, 80, 12);
    assertTrue(!CompareReport.render(dir).contains("peak RSS"), "older outputs have no memory row");
    Files.writeString(dir.resolve("tiger-2.json"), "{\"train_examples_per_second_longest_histories\": 90,"
        + " \"serving_one_user_ms_median\": 12, \"serving_one_user_ms_p95\": 14, \"serving_batch_ms_median\": 2000,"
        + " \"peak_rss_mib\": 3100}");
    Files.delete(dir.resolve("tiger-1.json"));
    Files.writeString(dir.resolve("sasrec-1.json"),
        "{\"loss\": \"loss=BCE\", \"seconds_per_epoch\": 12.0, \"peak_rss_mib\": 1500.4}\n"
            + "{\"loss\": \"loss=SOFTMAX\", \"seconds_per_epoch\": 22.0, \"peak_rss_mib\": 1700}\n");
    String table = CompareReport.render(dir);
    assertTrue(table.contains("| peak RSS, TIGER reference size (train + export + serve), MiB | 2,900 (PyTorch step) | 3100 |"),
        table);
    assertTrue(table.contains("| peak RSS, SASRec Beauty (train + full-catalog eval), MiB | — | 1500 |"), table);
  }

  @Test
  void aSkippedReferenceSaysNotRun() throws Exception {
    tigerRound(1, 80, 12);
    String table = CompareReport.render(dir);
    assertTrue(table.contains("| TIGER training, reference size, examples/s | not run | 80.0 | — |"), table);
  }

  @Test
  void aReferenceOutputWithoutItsFigureIsAClearError() throws Exception {
    tigerRound(1, 80, 12);
    Files.writeString(dir.resolve("torch-tiger-1.txt"), "Traceback (most recent call last): ...\n");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CompareReport.render(dir));
    assertTrue(e.getMessage().contains("torch-tiger-1.txt") && e.getMessage().contains("Traceback"), e.getMessage());
  }

  @Test
  void anOutputMissingAFigureNamesTheKey() throws Exception {
    Files.writeString(dir.resolve("tiger-1.json"), "{\"serving_one_user_ms_median\": 12.0}");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CompareReport.render(dir));
    assertTrue(e.getMessage().contains("train_examples_per_second_longest_histories"), e.getMessage());
  }

  @Test
  void medianOfEvenCountIsTheMeanOfTheMiddleTwo() {
    assertEquals(2.5, CompareReport.median(new double[] {4, 1, 3, 2}));
  }
}
