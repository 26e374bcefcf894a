package io.genrec.experiment;

import io.genrec.config.ConfigException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * An sbatch job-array script for a sweep: one array task per shard, tasks numbered
 * {@code 0..n-1}, task {@code t} running {@code genrec sweep DIR --shard (t+1)/n}. Every task
 * skips runs that are DONE and resumes a started run from its checkpoints, so a task that is
 * requeued, cancelled and resubmitted, or resubmitted alone ({@code sbatch --array=3 FILE}) only
 * runs what is missing.
 *
 * <p>The shard comes from the task id in the script rather than from {@code SLURM_ARRAY_TASK_COUNT},
 * so resubmitting a subset of the tasks still gives each its own shard of all {@code n}.
 *
 * @param workingDirectory where the sweep was emitted; the tasks {@code cd} there so the sweep
 *     target, {@code --runs-dir} and the configs' relative data paths mean what they meant then
 * @param launcher the genrec launcher (tools/genrec) the tasks run, by absolute path
 * @param sweepTarget the config directory or file, as the sweep command was given it
 * @param shards array size n
 * @param sweepArguments further arguments for every task's sweep command (--set, --runs-dir, ...)
 * @param partition {@code --partition}, or null to use the cluster default
 * @param time {@code --time} (e.g. 12:00:00), or null
 * @param cpus {@code --cpus-per-task}, or null
 * @param memory {@code --mem} (e.g. 16G), or null
 * @param logDirectory where {@code %x-%A_%a.out} logs go; sbatch does not create it
 * @param stage the plan stage the array runs ({@code --stage}), or 0 for the whole plan; chains
 *     get one array per stage (see {@link SlurmStages})
 */
public record SlurmScript(
    Path workingDirectory, Path launcher, String sweepTarget, int shards, List<String> sweepArguments,
    String partition, String time, Integer cpus, String memory, Path logDirectory, int stage) {

  private static final Pattern SBATCH_VALUE = Pattern.compile("[A-Za-z0-9_.:,+@%-]+");
  private static final Pattern SHELL_SAFE = Pattern.compile("[A-Za-z0-9_./:=@%+,-]+");

  public SlurmScript {
    if (shards < 1) throw new ConfigException("--shards " + shards + ": must be at least 1");
    if (cpus != null && cpus < 1) throw new ConfigException("--cpus " + cpus + ": must be at least 1");
    check("--partition", partition);
    check("--time", time);
    check("--mem", memory);
    sweepArguments = List.copyOf(sweepArguments);
    if (stage < 0) throw new IllegalArgumentException("stage " + stage + " < 0");
  }

  /** A script for the whole plan (no stages). */
  public SlurmScript(Path workingDirectory, Path launcher, String sweepTarget, int shards, List<String> sweepArguments,
      String partition, String time, Integer cpus, String memory, Path logDirectory) {
    this(workingDirectory, launcher, sweepTarget, shards, sweepArguments, partition, time, cpus, memory,
        logDirectory, 0);
  }

  /** The same script for one stage of the plan, in {@code shards} tasks. */
  public SlurmScript forStage(int stage, int shards) {
    return new SlurmScript(workingDirectory, launcher, sweepTarget, shards, sweepArguments, partition, time, cpus,
        memory, logDirectory, stage);
  }

  private static void check(String option, String value) {
    if (value != null && !SBATCH_VALUE.matcher(value).matches()) {
      throw new ConfigException(option + " " + value + ": not a valid sbatch value");
    }
  }

  public String jobName() {
    Path name = Path.of(sweepTarget).getFileName();
    String base = name == null ? "sweep" : name.toString().replaceAll("\\.json$", "");
    return "genrec-" + base.replaceAll("[^A-Za-z0-9._-]", "_") + (stage > 0 ? "-stage" + stage : "");
  }

  public String render() {
    List<String> lines = new ArrayList<>();
    lines.add("#!/bin/bash");
    lines.add("# genrec sweep " + sweepTarget + (stage > 0 ? " stage " + stage : "")
        + " as a SLURM job array: task t runs shard (t+1)/" + shards + ".");
    lines.add("# Runs already DONE are skipped and started ones resume, so resubmitting this script only runs what");
    lines.add("# is missing; sbatch --array=1,3 FILE reruns just those tasks.");
    lines.add("#SBATCH --job-name=" + jobName());
    lines.add("#SBATCH --array=0-" + (shards - 1));
    if (partition != null) lines.add("#SBATCH --partition=" + partition);
    if (time != null) lines.add("#SBATCH --time=" + time);
    if (cpus != null) lines.add("#SBATCH --cpus-per-task=" + cpus);
    if (memory != null) lines.add("#SBATCH --mem=" + memory);
    lines.add("#SBATCH --output=" + logDirectory.toAbsolutePath().normalize() + "/%x-%A_%a.out");
    // A requeued task (node failure, preemption, scontrol requeue) resumes its run from the last
    // epoch's checkpoint; appending keeps every attempt's log in the one file.
    lines.add("#SBATCH --requeue");
    lines.add("#SBATCH --open-mode=append");
    lines.add("set -euo pipefail");
    lines.add(": \"${SLURM_ARRAY_TASK_ID:?not a SLURM array task: submit this script with sbatch}\"");
    lines.add("echo \"genrec: array task $SLURM_ARRAY_TASK_ID = shard $((SLURM_ARRAY_TASK_ID+1))/" + shards
        + (stage > 0 ? " of stage " + stage : "") + ", attempt $((${SLURM_RESTART_COUNT:-0}+1)), on $(hostname) at $(date -Is)\"");
    lines.add("cd " + quote(workingDirectory.toAbsolutePath().normalize().toString()));
    List<String> command = new ArrayList<>(List.of(quote(launcher.toAbsolutePath().normalize().toString()),
        "sweep", quote(sweepTarget)));
    if (stage > 0) command.addAll(List.of("--stage", Integer.toString(stage)));
    command.addAll(List.of("--shard", "$((SLURM_ARRAY_TASK_ID+1))/" + shards));
    for (String a : sweepArguments) command.add(quote(a));
    lines.add("exec " + String.join(" ", command));
    return String.join("\n", lines) + "\n";
  }

  /** Single-quotes a word for bash unless it is plainly safe. */
  static String quote(String word) {
    if (SHELL_SAFE.matcher(word).matches()) return word;
    return "'" + word.replace("'", "'\\''") + "'";
  }

  /** What to type to submit it. */
  public String submitHint(Path scriptFile) {
    return "Submit with:  sbatch " + quote(scriptFile.toString())
        + "\n(" + shards + " array tasks; logs in " + logDirectory + "; check with: squeue -u $USER;"
        + " rerun task t alone with: sbatch --array=t " + quote(scriptFile.toString()) + ")";
  }
}
