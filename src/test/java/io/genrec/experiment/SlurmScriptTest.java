package io.genrec.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.genrec.config.ConfigException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class SlurmScriptTest {
  @Test
  void rendersAJobArrayWithOneTaskPerShard() {
    SlurmScript s = new SlurmScript(Path.of("/repo"), "configs/paper", 12,
        List.of("--set", "train.epochs=50", "--set", "data.name=Amazon Beauty", "--continue-after-error"),
        "gpu", "12:00:00", 8, "32G", Path.of("/repo/slurm-logs"));
    assertEquals(String.join("\n",
        "#!/bin/bash",
        "# genrec sweep configs/paper as a SLURM job array: task t runs shard (t+1)/12.",
        "# Runs already DONE are skipped, so resubmitting this script only runs what is missing.",
        "#SBATCH --job-name=genrec-paper",
        "#SBATCH --array=0-11",
        "#SBATCH --partition=gpu",
        "#SBATCH --time=12:00:00",
        "#SBATCH --cpus-per-task=8",
        "#SBATCH --mem=32G",
        "#SBATCH --output=/repo/slurm-logs/%x-%A_%a.out",
        "set -euo pipefail",
        "cd /repo",
        "exec tools/genrec sweep configs/paper --shard $((SLURM_ARRAY_TASK_ID+1))/12 --set train.epochs=50"
            + " --set 'data.name=Amazon Beauty' --continue-after-error",
        ""), s.render());
  }

  @Test
  void omitsResourcesNotGivenAndQuotesOddPaths() {
    String text = new SlurmScript(Path.of("/my repo"), "it's.json", 1, List.of(), null, null, null, null,
        Path.of("/my repo/slurm-logs")).render();
    assertEquals(false, text.contains("--partition"));
    assertEquals(true, text.contains("#SBATCH --array=0-0\n"));
    assertEquals(true, text.contains("cd '/my repo'\n"));
    assertEquals(true, text.contains("tools/genrec sweep 'it'\\''s.json' --shard"));
  }

  @Test
  void rejectsValuesThatWouldBreakTheHeader() {
    assertThrows(ConfigException.class, () -> new SlurmScript(Path.of("/r"), "d", 2, List.of(), "gpu\n#SBATCH x",
        null, null, null, Path.of("/r/l")));
    assertThrows(ConfigException.class, () -> new SlurmScript(Path.of("/r"), "d", 0, List.of(), null, null, null,
        null, Path.of("/r/l")));
  }
}
