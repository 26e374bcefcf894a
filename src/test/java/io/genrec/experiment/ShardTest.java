package io.genrec.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.genrec.config.ConfigException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ShardTest {
  @Test
  void shardsPartitionThePlan() {
    List<Integer> plan = IntStream.range(0, 23).boxed().toList();
    for (int n = 1; n <= 7; n++) {
      List<Integer> union = new ArrayList<>();
      Set<Integer> distinct = new HashSet<>();
      for (int i = 1; i <= n; i++) {
        List<Integer> mine = new Shard(i, n).select(plan);
        assertTrue(mine.size() >= 23 / n && mine.size() <= 23 / n + 1, "balanced");
        union.addAll(mine);
        distinct.addAll(mine);
      }
      assertEquals(plan.size(), union.size(), "disjoint for n=" + n);
      assertEquals(new HashSet<>(plan), distinct, "complete for n=" + n);
    }
    assertEquals(List.of(1, 4, 7), new Shard(2, 3).select(List.of(0, 1, 2, 3, 4, 5, 6, 7)));
  }

  @Test
  void assignmentDoesNotMoveWhenRunsAreDone(@TempDir Path tmp) throws Exception {
    Path configs = tmp.resolve("configs");
    TestRuns.config(configs, "a.json", "sasrec", "toy", "\"sweep\":{\"seed\":[1,2,3,4,5]}");
    TestRuns.config(configs, "b.json", "gru4rec", "toy", "\"sweep\":{\"seed\":[1,2]}");
    List<PlannedRun> plan = TestRuns.plan(configs, tmp.resolve("runs"));
    List<List<String>> before = new ArrayList<>();
    for (int i = 1; i <= 3; i++) before.add(names(new Shard(i, 3).select(plan)));

    // Finish shard 1 and part of shard 3, as a crashed array job would leave it.
    ExperimentRunner runner = new ExperimentRunner(new FakeRunBody(), TestRuns.sources(), List.of());
    for (PlannedRun r : new Shard(1, 3).select(plan)) runner.run(r, false);
    runner.run(new Shard(3, 3).select(plan).get(0), false);

    List<PlannedRun> again = TestRuns.plan(configs, tmp.resolve("runs"));
    for (int i = 1; i <= 3; i++) assertEquals(before.get(i - 1), names(new Shard(i, 3).select(again)));
  }

  private static List<String> names(List<PlannedRun> runs) {
    return runs.stream().map(PlannedRun::name).toList();
  }

  @Test
  void parsesOneBasedShards() {
    assertEquals(new Shard(2, 8), Shard.parse("2/8"));
    assertThrows(ConfigException.class, () -> Shard.parse("0/8"));
    assertThrows(ConfigException.class, () -> Shard.parse("9/8"));
    assertThrows(ConfigException.class, () -> Shard.parse("2"));
    assertThrows(ConfigException.class, () -> Shard.parse("a/b"));
  }

  @Test
  void slurmArrayTaskIdsAreZeroBasedFromTheArrayMinimum() {
    assertEquals(Optional.empty(), Shard.fromSlurm(Map.of()));
    assertEquals(Optional.empty(), Shard.fromSlurm(Map.of("SLURM_ARRAY_TASK_ID", "3")));
    assertEquals(Optional.of(new Shard(1, 4)),
        Shard.fromSlurm(Map.of("SLURM_ARRAY_TASK_ID", "0", "SLURM_ARRAY_TASK_COUNT", "4")));
    assertEquals(Optional.of(new Shard(4, 4)),
        Shard.fromSlurm(Map.of("SLURM_ARRAY_TASK_ID", "3", "SLURM_ARRAY_TASK_COUNT", "4", "SLURM_ARRAY_TASK_MIN", "0")));
    // --array=1-4 works too: ids are taken relative to the minimum.
    assertEquals(Optional.of(new Shard(1, 4)),
        Shard.fromSlurm(Map.of("SLURM_ARRAY_TASK_ID", "1", "SLURM_ARRAY_TASK_COUNT", "4", "SLURM_ARRAY_TASK_MIN", "1")));
    // A stepped array (--array=0-15:4) has ids the count does not cover: refused, not silently misassigned.
    assertThrows(ConfigException.class,
        () -> Shard.fromSlurm(Map.of("SLURM_ARRAY_TASK_ID", "8", "SLURM_ARRAY_TASK_COUNT", "4")));
  }
}
