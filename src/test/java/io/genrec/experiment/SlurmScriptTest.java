package io.genrec.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.genrec.config.ConfigException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SlurmScriptTest {
  @TempDir Path tmp;

  @Test
  void rendersAJobArrayWithOneTaskPerShard() {
    SlurmScript s = new SlurmScript(Path.of("/work"), Path.of("/repo/tools/genrec"), "configs/paper", 12,
        List.of("--set", "train.epochs=50", "--set", "data.name=Amazon Beauty", "--continue-after-error"),
        "gpu", "12:00:00", 8, "32G", Path.of("/repo/slurm-logs"));
    assertEquals(String.join("\n",
        "#!/bin/bash",
        "# genrec sweep configs/paper as a SLURM job array: task t runs shard (t+1)/12.",
        "# Runs already DONE are skipped and started ones resume, so resubmitting this script only runs what",
        "# is missing; sbatch --array=1,3 FILE reruns just those tasks.",
        "#SBATCH --job-name=genrec-paper",
        "#SBATCH --array=0-11",
        "#SBATCH --partition=gpu",
        "#SBATCH --time=12:00:00",
        "#SBATCH --cpus-per-task=8",
        "#SBATCH --mem=32G",
        "#SBATCH --output=/repo/slurm-logs/%x-%A_%a.out",
        "#SBATCH --requeue",
        "#SBATCH --open-mode=append",
        "set -euo pipefail",
        ": \"${SLURM_ARRAY_TASK_ID:?not a SLURM array task: submit this script with sbatch}\"",
        "echo \"genrec: array task $SLURM_ARRAY_TASK_ID = shard $((SLURM_ARRAY_TASK_ID+1))/12, attempt"
            + " $((${SLURM_RESTART_COUNT:-0}+1)), on $(hostname) at $(date -Is)\"",
        "cd /work",
        "exec /repo/tools/genrec sweep configs/paper --shard $((SLURM_ARRAY_TASK_ID+1))/12 --set train.epochs=50"
            + " --set 'data.name=Amazon Beauty' --continue-after-error",
        ""), s.render());
  }

  @Test
  void omitsResourcesNotGivenAndQuotesOddPaths() {
    String text = new SlurmScript(Path.of("/my work"), Path.of("/my repo/tools/genrec"), "it's.json", 1, List.of(),
        null, null, null, null, Path.of("/my repo/slurm-logs")).render();
    assertFalse(text.contains("--partition"));
    assertTrue(text.contains("#SBATCH --array=0-0\n"));
    assertTrue(text.contains("cd '/my work'\n"));
    assertTrue(text.contains("exec '/my repo/tools/genrec' sweep 'it'\\''s.json' --shard"), text);
  }

  /** sbatch stops reading #SBATCH lines at the first command, so every directive must come before it. */
  @Test
  void everyDirectiveComesBeforeTheFirstCommand() {
    List<String> lines = new SlurmScript(Path.of("/w"), Path.of("/r/tools/genrec"), "d", 3, List.of(), "p", "1:00",
        2, "1G", Path.of("/l")).render().lines().toList();
    int firstCommand = 0;
    while (lines.get(firstCommand).startsWith("#") || lines.get(firstCommand).isBlank()) firstCommand++;
    int lastDirective = 0;
    for (int i = 0; i < lines.size(); i++) if (lines.get(i).startsWith("#SBATCH")) lastDirective = i;
    assertTrue(lastDirective < firstCommand, String.join("\n", lines));
  }

  /** Runs the script the way slurmd does, with a stand-in launcher that prints what it was given. */
  @Test
  void anArrayTaskRunsItsShardFromTheEmittingDirectoryWithItsArgumentsIntact() throws Exception {
    Path bash = Path.of("/bin/bash");
    assumeTrue(Files.isExecutable(bash), "needs bash");
    Path work = Files.createDirectories(tmp.resolve("emitted here"));
    Path launcher = tmp.resolve("repo/tools/genrec");
    Files.createDirectories(launcher.getParent());
    Files.writeString(launcher, "#!/bin/bash\necho \"cwd=$PWD\"\nfor a in \"$@\"; do echo \"arg=$a\"; done\n");
    assertTrue(launcher.toFile().setExecutable(true));
    Path script = tmp.resolve("sweep.sbatch");
    Files.writeString(script, new SlurmScript(work, launcher, "configs dir", 4,
        List.of("--set", "data.name=Amazon Beauty", "--set", "x=it's"), null, null, null, null, tmp).render());

    Ran task = bash(script, Map.of("SLURM_ARRAY_TASK_ID", "2", "SLURM_RESTART_COUNT", "1"));
    assertEquals(0, task.exit(), task.output());
    assertTrue(task.output().contains("genrec: array task 2 = shard 3/4, attempt 2, on "), task.output());
    assertTrue(task.output().contains(String.join("\n", "cwd=" + work.toRealPath(), "arg=sweep", "arg=configs dir",
        "arg=--shard", "arg=3/4", "arg=--set", "arg=data.name=Amazon Beauty", "arg=--set", "arg=x=it's\n")),
        task.output());

    Ran outside = bash(script, Map.of());
    assertNotEquals(0, outside.exit());
    assertTrue(outside.output().contains("not a SLURM array task: submit this script with sbatch"), outside.output());
    assertFalse(outside.output().contains("arg="), "nothing ran");
  }

  private record Ran(int exit, String output) {}

  private static Ran bash(Path script, Map<String, String> slurm) throws IOException, InterruptedException {
    ProcessBuilder pb = new ProcessBuilder("/bin/bash", script.toString()).redirectErrorStream(true);
    pb.environment().keySet().removeIf(k -> k.startsWith("SLURM_"));
    pb.environment().putAll(slurm);
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(20, TimeUnit.SECONDS), "the script did not finish");
    return new Ran(p.exitValue(), out);
  }

  @Test
  void rejectsValuesThatWouldBreakTheHeader() {
    assertThrows(ConfigException.class, () -> new SlurmScript(Path.of("/r"), Path.of("/r/tools/genrec"), "d", 2,
        List.of(), "gpu\n#SBATCH x", null, null, null, Path.of("/r/l")));
    assertThrows(ConfigException.class, () -> new SlurmScript(Path.of("/r"), Path.of("/r/tools/genrec"), "d", 0,
        List.of(), null, null, null, null, Path.of("/r/l")));
  }
}
