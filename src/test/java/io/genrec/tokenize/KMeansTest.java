package io.genrec.tokenize;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class KMeansTest {

  private static VectorSet items(float[][] table) {
    return VectorSet.ofItems(table);
  }

  @Test
  void wellSeparatedClustersGetOneCodeEach() {
    Synthetic.Clustered data = Synthetic.clusters(8, 60, 16, 10, 0.1, 1);
    KMeans.Result result = new KMeans(8).fit(items(data.table()), 7);
    // Each true cluster lands in exactly one k-means cluster and vice versa.
    Set<String> pairs = new HashSet<>();
    for (int i = 1; i < data.labels().length; i++) pairs.add(data.labels()[i] + ":" + result.assignment()[i - 1]);
    assertEquals(8, pairs.size());
    assertArrayEquals(new int[] {60, 60, 60, 60, 60, 60, 60, 60}, result.clusterSizes());
  }

  @Test
  void plusPlusSeedingUsesEveryCodeWhenPointsAreDistinct() {
    float[][] table = Synthetic.gaussian(300, new double[] {1, 1, 1, 1}, 3);
    for (boolean balanced : new boolean[] {false, true}) {
      KMeans.Result result = new KMeans(64).withBalanced(balanced).fit(items(table), 11);
      for (int size : result.clusterSizes()) assertTrue(size > 0, "empty cluster, balanced=" + balanced);
    }
  }

  @Test
  void balancedCapsEveryClusterAtCeilNOverK() {
    // One dense blob plus a few outliers: unbalanced k-means would give the blob most points.
    float[][] table = Synthetic.gaussian(250, new double[] {1, 1, 1}, 5);
    for (int i = 1; i <= 50; i++) for (int t = 0; t < 3; t++) table[i][t] = table[i][t] * 0.01f + 20;
    KMeans.Result result = new KMeans(16).withBalanced(true).fit(items(table), 2);
    int cap = (250 + 15) / 16;
    for (int size : result.clusterSizes()) assertTrue(size <= cap && size > 0, Arrays.toString(result.clusterSizes()));
  }

  @Test
  void moreClustersThanDistinctPointsLeavesSurplusEmptyWithoutError() {
    float[][] table = new float[41][2];
    for (int i = 1; i <= 40; i++) {
      table[i][0] = (i % 5) * 3f;
      table[i][1] = 1f;
    }
    KMeans.Result result = new KMeans(8).fit(items(table), 4);
    long used = Arrays.stream(result.clusterSizes()).filter(size -> size > 0).count();
    assertEquals(5, used);
    assertEquals(0.0, result.meanSquaredError(), 1e-9);
  }

  @Test
  void sameSeedSameResultAndThreadsDoNotMatter() {
    float[][] table = Synthetic.gaussian(500, new double[] {1, 2, 3, 4, 5, 6}, 8);
    KMeans.Result one = new KMeans(32).withThreads(1).fit(items(table), 99);
    KMeans.Result two = new KMeans(32).withThreads(2).fit(items(table), 99);
    assertArrayEquals(one.assignment(), two.assignment());
    assertArrayEquals(one.centroids(), two.centroids());
  }

  @Test
  void lloydLowersTheErrorOfItsSeeding() {
    float[][] table = Synthetic.gaussian(600, new double[] {1, 1, 1, 1, 1, 1, 1, 1}, 12);
    double seeded = new KMeans(20).withMaxIterations(0).fit(items(table), 5).meanSquaredError();
    double fitted = new KMeans(20).fit(items(table), 5).meanSquaredError();
    assertTrue(fitted < seeded, fitted + " vs " + seeded);
  }

  @Test
  void nearestMatchesTheFinalAssignment() {
    float[][] table = Synthetic.gaussian(400, new double[] {1, 1, 1, 1, 1}, 21);
    KMeans.Result result = new KMeans(10).withMaxIterations(100).fit(items(table), 1);
    assertArrayEquals(result.assignment(), KMeans.nearest(items(table), result.centroids(), 10, 2));
  }

  @Test
  void rejectsBadArguments() {
    assertThrows(IllegalArgumentException.class, () -> new KMeans(0));
    IllegalArgumentException nan =
        assertThrows(
            IllegalArgumentException.class,
            () -> VectorSet.ofItems(new float[][] {{0, 0}, {1, 2}, {Float.NaN, 1}}));
    assertTrue(nan.getMessage().contains("item row 2"), nan.getMessage());
  }
}
