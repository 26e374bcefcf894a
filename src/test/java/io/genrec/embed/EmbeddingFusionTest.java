package io.genrec.embed;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class EmbeddingFusionTest {

  private static float[][] random(int n, int dim, double[] scales, long seed) {
    Random random = new Random(seed);
    float[][] table = new float[n + 1][dim];
    for (int i = 1; i <= n; i++) for (int t = 0; t < dim; t++) table[i][t] = (float) (random.nextGaussian() * scales[t % scales.length]);
    return table;
  }

  @Test
  void concatNormalisesEachSourceThenJoins() {
    float[][] a = {{0, 0}, {3, 4}, {0, 2}};
    float[][] b = {{0, 0, 0}, {0, 0, 10}, {1, 0, 0}};
    float[][] fused = EmbeddingFusion.concat(List.of(a, b));
    assertArrayEquals(new float[] {0, 0, 0, 0, 0}, fused[0]);
    assertArrayEquals(new float[] {0.6f, 0.8f, 0, 0, 1}, fused[1], 1e-6f);
    assertArrayEquals(new float[] {0, 1, 1, 0, 0}, fused[2], 1e-6f);
  }

  @Test
  void addProjectsToTheCommonWidthAndKeepsPaddingZero() {
    float[][] a = random(300, 8, new double[] {5, 1, 1, 1, 0.2, 0.2, 0.2, 0.2}, 1);
    float[][] b = random(300, 12, new double[] {1}, 2);
    float[][] fused = EmbeddingFusion.add(List.of(a, b), 4);
    assertEquals(301, fused.length);
    assertEquals(4, fused[1].length);
    assertArrayEquals(new float[4], fused[0]);
    assertArrayEquals(fused[7], EmbeddingFusion.fuse("add", List.of(a, b), 4)[7]);
    assertEquals(8, EmbeddingFusion.fuse("ADD", List.of(a, b), 0)[1].length);
  }

  @Test
  void principalComponentsComeInOrderOfVariance() {
    float[][] table = random(500, 6, new double[] {0.1, 3, 0.5, 1, 0.2, 2}, 3);
    float[][] projected = EmbeddingFusion.principalComponents(table, 3);
    double[] variance = new double[3];
    for (int i = 1; i <= 500; i++) for (int c = 0; c < 3; c++) variance[c] += projected[i][c] * projected[i][c];
    assertTrue(variance[0] > variance[1] && variance[1] > variance[2]);
    assertEquals(9.0, variance[0] / 500, 1.5);
  }

  @Test
  void rejectsMismatchedRowsTooWideTargetsAndUnknownModes() {
    float[][] a = random(10, 4, new double[] {1}, 1);
    float[][] b = random(11, 4, new double[] {1}, 1);
    IllegalArgumentException rows =
        assertThrows(IllegalArgumentException.class, () -> EmbeddingFusion.concat(List.of(a, b)));
    assertTrue(rows.getMessage().contains("table 2 has 12 rows"), rows.getMessage());
    IllegalArgumentException wide =
        assertThrows(IllegalArgumentException.class, () -> EmbeddingFusion.add(List.of(a, a), 5));
    assertTrue(wide.getMessage().contains("1..4"), wide.getMessage());
    IllegalArgumentException mode =
        assertThrows(IllegalArgumentException.class, () -> EmbeddingFusion.fuse("mean", List.<float[][]>of(a), 0));
    assertTrue(mode.getMessage().contains("concat, add"), mode.getMessage());
  }
}
