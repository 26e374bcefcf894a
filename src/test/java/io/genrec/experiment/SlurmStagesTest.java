package io.genrec.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SlurmStagesTest {
  @TempDir Path tmp;

  @Test
  void stageFilesSitBesideTheSubmitScript() {
    assertEquals(Path.of("/a/sweep.stage2.sbatch"), SlurmStages.stageFile(Path.of("/a/sweep.sbatch"), 2));
    assertEquals(Path.of("/a/sweep.stage1"), SlurmStages.stageFile(Path.of("/a/sweep"), 1));
  }

  @Test
  void aStageArrayRunsItsStageOnly() {
    SlurmScript whole = new SlurmScript(Path.of("/w"), Path.of("/r/tools/genrec"), "configs/chain", 5, List.of(),
        null, null, null, null, Path.of("/l"));
    String stage = whole.forStage(2, 3).render();
    assertTrue(stage.contains("#SBATCH --job-name=genrec-chain-stage2\n#SBATCH --array=0-2\n"), stage);
    assertTrue(stage.contains("exec /r/tools/genrec sweep configs/chain --stage 2 --shard $((SLURM_ARRAY_TASK_ID+1))/3\n"),
        stage);
    assertTrue(!whole.render().contains("--stage"), "a plan without chains has no stages");
  }

  /** Runs the submit script with a stand-in sbatch that logs its arguments and answers job ids as --parsable does. */
  @Test
  void eachStageIsSubmittedAfterTheOneBeforeHasEnded() throws Exception {
    Path bash = Path.of("/bin/bash");
    assumeTrue(Files.isExecutable(bash), "needs bash");
    Path bin = Files.createDirectories(tmp.resolve("bin"));
    Path log = tmp.resolve("sbatch.log");
    Path sbatch = bin.resolve("sbatch");
    Files.writeString(sbatch, "#!/bin/bash\necho \"$*\" >> '" + log + "'\n"
        + "n=$(wc -l < '" + log + "')\necho \"$((1000 + n));cluster\"\n");
    assertTrue(sbatch.toFile().setExecutable(true));
    List<Path> stages = List.of(tmp.resolve("s.stage1.sbatch"), tmp.resolve("s.stage2.sbatch"), tmp.resolve("s.stage3.sbatch"));
    Path submit = tmp.resolve("s.sbatch");
    Files.writeString(submit, new SlurmStages(tmp, "configs", stages).render());

    ProcessBuilder pb = new ProcessBuilder("/bin/bash", submit.toString()).redirectErrorStream(true);
    pb.environment().put("PATH", bin + ":" + pb.environment().get("PATH"));
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(20, TimeUnit.SECONDS), "the submit script did not finish");
    assertEquals(0, p.exitValue(), out);
    assertEquals(List.of(
        "--parsable " + stages.get(0),
        "--parsable --dependency=afterany:1001 " + stages.get(1),
        "--parsable --dependency=afterany:1002 " + stages.get(2)), Files.readAllLines(log));
    assertEquals(List.of("stage 1: job 1001", "stage 2: job 1002", "stage 3: job 1003"), out.lines().toList());
  }
}
