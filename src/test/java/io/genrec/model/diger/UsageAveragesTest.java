package io.genrec.model.diger;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;

class UsageAveragesTest {
  @TempDir Path dir;

  @Test
  void startsUniformAndFollowsTheMovingAverageOfEachStepsShares() throws Exception {
    UsageAverages usage = new UsageAverages(2, 4, 0.99);
    assertEquals(0.25, usage.get(1, 3), 0);
    // Level 0: 8 targets, 6 on code 2; level 1: all 8 on code 0.
    float[] counts = {1, 1, 6, 0, 8, 0, 0, 0};
    double[][] expected = {{0.25, 0.25, 0.25, 0.25}, {0.25, 0.25, 0.25, 0.25}};
    for (int step = 0; step < 3; step++) {
      try (TFloat32 t = TFloat32.tensorOf(Shape.of(2, 4), DataBuffers.of(counts, true, false))) {
        usage.update(t);
      }
      for (int level = 0; level < 2; level++) {
        for (int c = 0; c < 4; c++) {
          expected[level][c] = 0.99 * expected[level][c] + 0.01 * counts[level * 4 + c] / 8.0;
          assertEquals(expected[level][c], usage.get(level, c), 1e-12, "step " + step + " level " + level + " code " + c);
        }
      }
    }
    usage.save(dir.resolve("u.json"));
    UsageAverages back = new UsageAverages(2, 4, 0.99);
    back.load(dir.resolve("u.json"));
    assertEquals(usage.get(0, 2), back.get(0, 2), 0);
  }
}
