package io.genrec.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileTreesTest {
  @Test
  void deletesATreeButNotWhatALinkInItPointsTo(@TempDir Path tmp) throws Exception {
    Path keep = Files.createDirectories(tmp.resolve("shared"));
    Files.writeString(keep.resolve("data.tsv"), "x");
    Path run = tmp.resolve("run");
    Files.createDirectories(run.resolve("checkpoints/best"));
    Files.writeString(run.resolve("checkpoints/best/ckpt.index"), "w");
    Files.writeString(run.resolve("DONE"), "t");
    Files.createSymbolicLink(run.resolve("data"), keep);

    FileTrees.delete(run);

    assertFalse(Files.exists(run));
    assertEquals("x", Files.readString(keep.resolve("data.tsv")));
  }

  @Test
  void deletingWhatIsNotThereDoesNothing(@TempDir Path tmp) throws Exception {
    FileTrees.delete(tmp.resolve("missing"));
    assertTrue(Files.isDirectory(tmp));
  }

  @Test
  void copyReplacesTheTargetTree(@TempDir Path tmp) throws Exception {
    Path from = Files.createDirectories(tmp.resolve("savedmodel/variables"));
    Files.writeString(from.resolve("variables.index"), "new");
    Files.writeString(tmp.resolve("savedmodel/saved_model.pb"), "graph");
    Path to = Files.createDirectories(tmp.resolve("published/variables"));
    Files.writeString(to.resolve("stale.bin"), "old");

    FileTrees.copy(tmp.resolve("savedmodel"), tmp.resolve("published"));

    assertEquals("graph", Files.readString(tmp.resolve("published/saved_model.pb")));
    assertEquals("new", Files.readString(tmp.resolve("published/variables/variables.index")));
    assertFalse(Files.exists(to.resolve("stale.bin")));
  }
}
