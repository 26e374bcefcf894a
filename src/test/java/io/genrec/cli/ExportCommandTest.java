package io.genrec.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.genrec.data.AtomicFile;
import io.genrec.train.TinyRuns;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code genrec export}: never deletes what it did not write, and a failed export keeps the old model. */
class ExportCommandTest {
  @TempDir static Path tmp;
  static Path run;

  @BeforeAll
  static void trainOneTinyRun() throws Exception {
    Path data = TinyRuns.writeSequences(tmp, 30, 12, 3);
    Path cfg = tmp.resolve("tiny.json");
    Files.writeString(cfg, """
        {"experiment": "tiny", "seed": 7, "data": {"path": "%s", "max_length": 8},
         "model": {"name": "sasrec", "hidden": 8, "num_blocks": 1, "num_heads": 1},
         "train": {"epochs": 1, "batch_size": 16, "progress": false},
         "eval": {"ks": [5]}, "export": {"dir": "%s"}}
        """.formatted(data, tmp.resolve("published")));
    assertEquals(ExitCode.OK, Main.run(new String[] {"run", cfg.toString(), "--runs-dir", tmp.resolve("runs").toString()}));
    try (Stream<Path> runs = Files.list(tmp.resolve("runs/tiny"))) {
      run = runs.filter(Files::isDirectory).findFirst().orElseThrow();
    }
  }

  private static int export(String... more) {
    String[] args = new String[more.length + 2];
    args[0] = "export";
    args[1] = run.toString();
    System.arraycopy(more, 0, args, 2, more.length);
    return Main.run(args);
  }

  @Test
  void aDirectoryHoldingOtherFilesIsRefusedAndKeptUnlessForced() throws Exception {
    Path out = tmp.resolve("mine");
    Files.createDirectories(out.resolve("notes"));
    Files.writeString(out.resolve("thesis.tex"), "years of work");
    assertEquals(ExitCode.FAILURE, export("--out", out.toString()));
    assertEquals("years of work", Files.readString(out.resolve("thesis.tex")));
    assertTrue(Files.isDirectory(out.resolve("notes")));
    assertFalse(Files.exists(out.resolve("saved_model.pb")));

    assertEquals(ExitCode.OK, export("--out", out.toString(), "--force"));
    assertTrue(Files.isRegularFile(out.resolve("saved_model.pb")));
    assertFalse(Files.exists(out.resolve("thesis.tex")));
  }

  @Test
  void reExportingReplacesAPreviousSavedModelAndLeavesNoSiblings() throws Exception {
    Path out = tmp.resolve("models/again");
    assertEquals(ExitCode.OK, export("--out", out.toString()));
    assertEquals(ExitCode.OK, export("--out", out.toString()));
    assertTrue(Files.isRegularFile(out.resolve("saved_model.pb")));
    try (Stream<Path> siblings = Files.list(out.getParent())) {
      assertEquals(1, siblings.count(), "no .partial or .old directory left beside the export");
    }
  }

  @Test
  void aFailedExportLeavesTheExistingSavedModelIntact() throws Exception {
    Path out = tmp.resolve("kept");
    assertEquals(ExitCode.OK, export("--out", out.toString()));
    byte[] before = Files.readAllBytes(out.resolve("saved_model.pb"));
    Path broken = tmp.resolve("broken-run");
    // A checkpoint whose index is there but whose weights are garbage: the export fails at restore,
    // after the old code had already deleted --out.
    io.genrec.data.FileTrees.copy(run.resolve("checkpoints"), broken.resolve("checkpoints"));
    Files.copy(run.resolve("config.json"), broken.resolve("config.json"));
    try (Stream<Path> files = Files.walk(broken.resolve("checkpoints"))) {
      for (Path f : (Iterable<Path>) files.filter(p -> p.getFileName().toString().contains(".data-"))::iterator) {
        Files.write(f, new byte[] {1, 2, 3});
      }
    }
    assertEquals(ExitCode.FAILURE, Main.run(new String[] {"export", broken.toString(), "--out", out.toString()}));
    assertTrue(java.util.Arrays.equals(before, Files.readAllBytes(out.resolve("saved_model.pb"))));
  }

  @Test
  void exportedFilesAreReadableByTheGroup() throws Exception {
    Path out = tmp.resolve("shared");
    assertEquals(ExitCode.OK, export("--out", out.toString()));
    for (Path root : new Path[] {out, run.resolve("savedmodel"), run.resolve("checkpoints")}) {
      try (Stream<Path> files = Files.walk(root)) {
        for (Path f : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
          assertEquals(AtomicFile.MODE, Files.getPosixFilePermissions(f), f.toString());
        }
      }
    }
    assertEquals(PosixFilePermissions.toString(AtomicFile.MODE),
        PosixFilePermissions.toString(Files.getPosixFilePermissions(run.resolve("run.log"))));
  }
}
