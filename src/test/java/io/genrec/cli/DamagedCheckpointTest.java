package io.genrec.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.genrec.train.TinyRuns;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Checkpoints that cannot be restored (damaged on disk, or written for other data) give one message
 * naming the checkpoint and what to do, from export and from a resumed run, instead of TensorFlow's
 * "Read less bytes than requested" or "Assign requires shapes of both tensors to match".
 */
class DamagedCheckpointTest {
  @TempDir Path dir;

  private Path config(Path data, int epochs) throws Exception {
    Path cfg = dir.resolve("a-" + epochs + ".json");
    Files.writeString(cfg, """
        {"experiment": "ck", "data": {"path": "%s", "max_length": 8},
         "model": {"name": "sasrec", "hidden": 8, "num_blocks": 1, "num_heads": 1},
         "train": {"epochs": %d, "progress": false}, "export": {"dir": "%s"}}
        """.formatted(data.toString().replace("\\", "/"), epochs, dir.resolve("exports").toString().replace("\\", "/")));
    return cfg;
  }

  private static Path onlyRun(Path experiment) throws Exception {
    try (Stream<Path> s = Files.list(experiment)) {
      return s.filter(Files::isDirectory).findFirst().orElseThrow();
    }
  }

  private static void assertOneClearMessage(CapturedMain o, String... expected) {
    assertNotEquals(0, o.code(), o.text());
    for (String e : expected) assertTrue(o.text().contains(e), "expected '" + e + "' in: " + o.text());
    assertFalse(o.text().contains("\tat ") || o.text().contains("Exception"), "no stack trace or class name: " + o.text());
  }

  @Test
  void damagedOrForeignCheckpointsAreOneMessageNamingTheCheckpoint() throws Exception {
    Path data = TinyRuns.writeSequences(dir, 60, 30, 5);
    Path runs = dir.resolve("runs");
    assertEquals(0, CapturedMain.run("run", config(data, 2).toString(), "--runs-dir", runs.toString()).code());
    Path run = onlyRun(runs.resolve("ck"));
    Path best = run.resolve("checkpoints").resolve("best");
    Path out = dir.resolve("published");
    assertEquals(0, CapturedMain.run("export", run.toString(), "--out", out.toString()).code());
    byte[] publishedModel = Files.readAllBytes(out.resolve("saved_model.pb"));

    // Data that gained items since the checkpoint: the item table's shape no longer matches.
    Files.writeString(data, Files.readString(data) + "u999 901 902 903 904\n");
    CapturedMain foreign = CapturedMain.run("export", run.toString(), "--out", out.toString(), "--force");
    assertOneClearMessage(foreign, best.resolve("ckpt").toString(), "other shapes", "changed since it was written");
    assertArrayEquals(publishedModel, Files.readAllBytes(out.resolve("saved_model.pb")), "the SavedModel at --out is kept");

    // The same checkpoint truncated on disk.
    Files.writeString(data, Files.readString(data).replace("u999 901 902 903 904\n", ""));
    Path shard;
    try (Stream<Path> s = Files.list(best)) {
      shard = s.filter(p -> p.getFileName().toString().startsWith("ckpt.data")).findFirst().orElseThrow();
    }
    byte[] whole = Files.readAllBytes(shard);
    Files.write(shard, java.util.Arrays.copyOf(whole, whole.length / 3));
    assertOneClearMessage(CapturedMain.run("export", run.toString(), "--out", out.toString(), "--force"),
        best.resolve("ckpt").toString(), "damaged");
    assertArrayEquals(publishedModel, Files.readAllBytes(out.resolve("saved_model.pb")), "the SavedModel at --out is kept");

    // A run killed after its last epoch (no DONE yet) resumes from a damaged "last": refused, naming it, files kept.
    Path runs3 = dir.resolve("runs3");
    Path cfg3 = config(data, 1);
    assertEquals(0, CapturedMain.run("run", cfg3.toString(), "--runs-dir", runs3.toString()).code());
    Path run3 = onlyRun(runs3.resolve("ck"));
    Files.delete(run3.resolve("DONE"));
    Path last = run3.resolve("checkpoints").resolve("last");
    Path lastShard;
    try (Stream<Path> s = Files.list(last)) {
      lastShard = s.filter(p -> p.getFileName().toString().startsWith("ckpt.data")).findFirst().orElseThrow();
    }
    byte[] lastWhole = Files.readAllBytes(lastShard);
    Files.write(lastShard, java.util.Arrays.copyOf(lastWhole, lastWhole.length / 3));
    byte[] epochs = Files.readAllBytes(run3.resolve("epochs.jsonl"));
    CapturedMain resumed = CapturedMain.run("run", cfg3.toString(), "--runs-dir", runs3.toString());
    assertOneClearMessage(resumed, last.resolve("ckpt").toString(), "damaged");
    assertArrayEquals(epochs, Files.readAllBytes(run3.resolve("epochs.jsonl")), "epochs.jsonl kept");
  }
}
