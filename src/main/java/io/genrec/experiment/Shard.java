package io.genrec.experiment;

import io.genrec.config.ConfigException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One of {@code count} disjoint shares of a sweep, for running it as several jobs.
 *
 * <p>Shard {@code index} (1-based: {@code --shard 1/4} … {@code --shard 4/4}) takes the runs at
 * positions {@code p} of the whole expanded plan with {@code p mod count == index - 1}. Positions
 * are taken before finished runs are skipped, so the assignment never moves when some runs are
 * DONE, and a shard restarted after a crash picks up exactly its own remaining runs.
 *
 * <p>Under a SLURM job array the shard comes from the environment when {@code --shard} is not
 * given: {@code SLURM_ARRAY_TASK_ID} is 0-based relative to {@code SLURM_ARRAY_TASK_MIN} (taken
 * as 0 when unset), so {@code --array=0-3} and {@code --array=1-4} both map to shards 1/4 … 4/4,
 * and {@code SLURM_ARRAY_TASK_COUNT} is the number of shards.
 */
public record Shard(int index, int count) {
  public static final Shard ALL = new Shard(1, 1);

  public Shard {
    if (count < 1 || index < 1 || index > count) {
      throw new ConfigException("shard " + index + "/" + count + ": expected 1 <= i <= n (shards are 1-based)");
    }
  }

  /** Parses {@code i/n}, 1-based. */
  public static Shard parse(String text) {
    String[] parts = text.trim().split("/", -1);
    try {
      if (parts.length == 2) return new Shard(Integer.parseInt(parts[0].trim()), Integer.parseInt(parts[1].trim()));
    } catch (NumberFormatException e) {
      throw new ConfigException("--shard " + text + ": expected i/n with integers, e.g. --shard 2/8 (1-based)", e);
    }
    throw new ConfigException("--shard " + text + ": expected i/n, e.g. --shard 2/8 (1-based)");
  }

  /** The shard a SLURM array task stands for, or empty outside a job array. */
  public static Optional<Shard> fromSlurm(Map<String, String> env) {
    String id = env.get("SLURM_ARRAY_TASK_ID");
    String count = env.get("SLURM_ARRAY_TASK_COUNT");
    if (id == null || count == null) return Optional.empty();
    String min = env.getOrDefault("SLURM_ARRAY_TASK_MIN", "0");
    try {
      int offset = Integer.parseInt(id.trim()) - Integer.parseInt(min.trim());
      int n = Integer.parseInt(count.trim());
      if (offset < 0 || offset >= n) {
        throw new ConfigException("SLURM_ARRAY_TASK_ID=" + id + " with SLURM_ARRAY_TASK_MIN=" + min
            + " and SLURM_ARRAY_TASK_COUNT=" + count + " is not a contiguous array index;"
            + " submit with --array=0-" + (n - 1) + " or pass --shard i/n");
      }
      return Optional.of(new Shard(offset + 1, n));
    } catch (NumberFormatException e) {
      throw new ConfigException("SLURM array variables are not integers: SLURM_ARRAY_TASK_ID=" + id
          + " SLURM_ARRAY_TASK_MIN=" + min + " SLURM_ARRAY_TASK_COUNT=" + count, e);
    }
  }

  public boolean owns(int position) {
    return position % count == index - 1;
  }

  /** This shard's share of {@code plan}, in plan order. */
  public <T> List<T> select(List<T> plan) {
    List<T> mine = new ArrayList<>();
    for (int p = 0; p < plan.size(); p++) if (owns(p)) mine.add(plan.get(p));
    return mine;
  }

  @Override
  public String toString() {
    return index + "/" + count;
  }
}
