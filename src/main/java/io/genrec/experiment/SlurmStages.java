package io.genrec.experiment;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A sweep whose configs need other configs' runs, as one SLURM job array per plan stage, and the
 * bash script that submits them in order: stage k+1 is submitted with
 * {@code --dependency=afterany:<stage k's job>}, so it starts once every task of stage k has
 * ended. {@code afterany}, not {@code afterok}: when one needed run failed, the runs that do not
 * need it still go; the ones that do are reported as waiting (exit 4) and nothing is lost, since
 * resubmitting runs only what has no DONE.
 *
 * @param workingDirectory where the sweep was emitted; the submit script {@code cd}s there
 * @param sweepTarget the config directory or file, as given
 * @param stageScripts the per-stage sbatch files, stage 1 first
 */
public record SlurmStages(Path workingDirectory, String sweepTarget, List<Path> stageScripts) {
  public SlurmStages {
    stageScripts = List.copyOf(stageScripts);
    if (stageScripts.size() < 2) throw new IllegalArgumentException("a chain has at least two stages");
  }

  /** Where stage {@code stage}'s sbatch file goes beside {@code file}: sweep.sbatch → sweep.stage2.sbatch. */
  public static Path stageFile(Path file, int stage) {
    String name = file.getFileName().toString();
    int dot = name.lastIndexOf('.');
    String staged = dot > 0 ? name.substring(0, dot) + ".stage" + stage + name.substring(dot)
        : name + ".stage" + stage;
    return file.resolveSibling(staged);
  }

  /** What to type to submit the chain. */
  public String submitHint(Path submitScript, Path logDirectory) {
    return "Submit with:  bash " + SlurmScript.quote(submitScript.toString())
        + "\n(one job array per stage, each submitted with --dependency=afterany on the one before; logs in "
        + logDirectory + "; check with: squeue -u $USER)";
  }

  public String render() {
    List<String> lines = new ArrayList<>();
    lines.add("#!/bin/bash");
    lines.add("# genrec sweep " + sweepTarget + " in " + stageScripts.size() + " stages, one SLURM job array each:"
        + " a stage's runs start from runs of the stages before it.");
    lines.add("# Each stage starts when every task of the one before has ended (afterany); a run whose needed run");
    lines.add("# failed waits (exit 4). Runs already DONE are skipped, so running this again only runs what is missing.");
    lines.add("set -euo pipefail");
    lines.add("cd " + SlurmScript.quote(workingDirectory.toAbsolutePath().normalize().toString()));
    for (int s = 0; s < stageScripts.size(); s++) {
      String script = SlurmScript.quote(stageScripts.get(s).toAbsolutePath().normalize().toString());
      String dependency = s == 0 ? "" : " --dependency=afterany:\"${job%%;*}\"";
      lines.add("job=$(sbatch --parsable" + dependency + " " + script + ")");
      lines.add("echo \"stage " + (s + 1) + ": job ${job%%;*}\"");
    }
    return String.join("\n", lines) + "\n";
  }
}
