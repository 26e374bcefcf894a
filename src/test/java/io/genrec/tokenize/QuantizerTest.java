package io.genrec.tokenize;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class QuantizerTest {
  @TempDir Path dir;

  @Test
  void residualLevelOneRecoversClusters() {
    Synthetic.Clustered data = Synthetic.clusters(8, 50, 16, 10, 0.2, 3);
    ResidualKMeans rq = new ResidualKMeans(new ResidualKMeans.Config(3, 8, false, 25, 2));
    rq.fit(data.table(), 42);
    int[][] codes = rq.codes();
    assertEquals(1.0, Synthetic.purity(codes, 0, data.labels(), 8, 8), 1e-12);
    assertArrayEquals(new int[3], codes[0]);
    TokenizerReport report = rq.report();
    assertEquals(1.0, report.usage()[0], 1e-12);
    assertEquals(8.0, report.perplexity()[0], 1e-9);
  }

  @Test
  void residualErrorFallsPerLevel() {
    float[][] table = Synthetic.gaussian(800, new double[] {3, 2, 2, 1, 1, 1, 0.5, 0.5}, 4);
    ResidualKMeans rq = new ResidualKMeans(new ResidualKMeans.Config(4, 16, false, 25, 2));
    rq.fit(table, 1);
    double[] errors = rq.report().errorAfterLevel();
    for (int level = 1; level < errors.length; level++) {
      assertTrue(errors[level] < errors[level - 1], Arrays.toString(errors));
    }
    assertEquals(errors[3], rq.report().reconstructionMse(), 1e-12);
    assertTrue(rq.report().relativeError() < 1);
  }

  @Test
  void balancedResidualSpreadsItemsAndStillCodesAll() {
    float[][] table = Synthetic.gaussian(512, new double[] {1, 1, 1, 1}, 6);
    ResidualKMeans rq = new ResidualKMeans(new ResidualKMeans.Config(2, 16, true, 25, 2));
    rq.fit(table, 3);
    int[] sizes = new int[16];
    for (int i = 1; i <= 512; i++) sizes[rq.codes()[i][0]]++;
    for (int size : sizes) assertEquals(32, size);
  }

  @Test
  void productErrorFallsAsSubvectorsGrow() {
    double[] scales = new double[32];
    for (int t = 0; t < 32; t++) scales[t] = 1.0 / (1 + t % 8);
    float[][] table = Synthetic.gaussian(1000, scales, 9);
    double previous = Double.POSITIVE_INFINITY;
    for (int m : new int[] {1, 2, 4, 8}) {
      ProductQuantizer pq = new ProductQuantizer(new ProductQuantizer.Config(m, 16, 25, 2));
      pq.fit(table, 5);
      double error = pq.report().reconstructionMse();
      assertTrue(error < previous, "M=" + m + ": " + error + " vs " + previous);
      assertEquals(m, pq.codes()[1].length);
      previous = error;
    }
  }

  @Test
  void productRejectsDimNotDivisibleBySubvectors() {
    float[][] table = Synthetic.gaussian(50, new double[] {1, 1, 1, 1, 1, 1, 1, 1, 1, 1}, 1);
    ProductQuantizer pq = new ProductQuantizer(new ProductQuantizer.Config(4, 8, 10, 1));
    IllegalArgumentException error = assertThrows(IllegalArgumentException.class, () -> pq.fit(table, 1));
    assertTrue(error.getMessage().contains("dim 10 is not divisible by 4"), error.getMessage());
  }

  @Test
  void optimizedProductBeatsPlainProductOnRotatedCorrelatedData() {
    // Variance concentrated in a few directions, then mixed across all coordinates by a rotation:
    // plain PQ slices cut through the correlated directions, OPQ can rotate them back.
    double[] scales = new double[16];
    for (int t = 0; t < 16; t++) scales[t] = Math.pow(0.7, t);
    float[][] table = Synthetic.rotate(Synthetic.gaussian(1200, scales, 2), Rotation.random(16, 77));
    ProductQuantizer pq = new ProductQuantizer(new ProductQuantizer.Config(4, 16, 25, 2));
    pq.fit(table, 13);
    OptimizedProductQuantizer opq =
        new OptimizedProductQuantizer(new OptimizedProductQuantizer.Config(4, 16, 25, 6, 2));
    opq.fit(table, 13);
    double plain = pq.report().reconstructionMse();
    double optimized = opq.report().reconstructionMse();
    assertTrue(optimized < 0.9 * plain, "OPQ " + optimized + " vs PQ " + plain);
    float[][] rotation = opq.rotation();
    for (int a = 0; a < 16; a++) {
      for (int b = 0; b < 16; b++) {
        double dot = 0;
        for (int t = 0; t < 16; t++) dot += rotation[a][t] * rotation[b][t];
        assertEquals(a == b ? 1.0 : 0.0, dot, 1e-4);
      }
    }
  }

  @Test
  void oneOpqRoundIsPlainProduct() {
    float[][] table = Synthetic.gaussian(300, new double[] {1, 2, 3, 4, 5, 6, 7, 8}, 3);
    ProductQuantizer pq = new ProductQuantizer(new ProductQuantizer.Config(2, 8, 25, 2));
    pq.fit(table, 5);
    OptimizedProductQuantizer opq =
        new OptimizedProductQuantizer(new OptimizedProductQuantizer.Config(2, 8, 25, 1, 2));
    opq.fit(table, 5);
    assertArrayEquals(pq.codes(), opq.codes());
  }

  @Test
  void everyTokenizerRoundTripsThroughItsDirectory() throws IOException {
    float[][] table = Synthetic.gaussian(200, new double[] {1, 2, 3, 4, 5, 6, 7, 8}, 3);
    Tokenizer[] tokenizers = {
      new ResidualKMeans(new ResidualKMeans.Config(3, 8, false, 10, 1)),
      new ProductQuantizer(new ProductQuantizer.Config(2, 8, 10, 1)),
      new OptimizedProductQuantizer(new OptimizedProductQuantizer.Config(2, 8, 10, 3, 1)),
    };
    for (Tokenizer tokenizer : tokenizers) {
      tokenizer.fit(table, 17);
      Path saved = dir.resolve(tokenizer.name());
      tokenizer.save(saved);
      Tokenizer loaded = Tokenizers.load(saved);
      assertEquals(tokenizer.getClass(), loaded.getClass());
      assertArrayEquals(tokenizer.codes(), loaded.codes());
      assertEquals(tokenizer.report(), loaded.report());
      assertEquals(tokenizer.levels(), loaded.levels());
      assertEquals(tokenizer.codebookSize(), loaded.codebookSize());
    }
    ResidualKMeans rq = ResidualKMeans.load(dir.resolve(ResidualKMeans.NAME));
    ResidualKMeans fitted = (ResidualKMeans) tokenizers[0];
    float[][] rows = Arrays.copyOfRange(table, 1, table.length);
    assertArrayEquals(fitted.encode(rows), rq.encode(rows));
    OptimizedProductQuantizer opq = OptimizedProductQuantizer.load(dir.resolve(OptimizedProductQuantizer.NAME));
    assertArrayEquals(((OptimizedProductQuantizer) tokenizers[2]).rotation(), opq.rotation());
    int[][] encoded = opq.encode(rows);
    int[][] codes = opq.codes();
    int agree = 0;
    for (int i = 0; i < rows.length; i++) if (Arrays.equals(encoded[i], codes[i + 1])) agree++;
    assertTrue(agree >= rows.length * 0.95, agree + " of " + rows.length);
  }

  @Test
  void residualEncodeReproducesFittedCodes() {
    Synthetic.Clustered data = Synthetic.clusters(6, 40, 8, 5, 0.5, 8);
    ResidualKMeans rq = new ResidualKMeans(new ResidualKMeans.Config(2, 6, false, 50, 2));
    rq.fit(data.table(), 8);
    float[][] rows = Arrays.copyOfRange(data.table(), 1, data.table().length);
    int[][] encoded = rq.encode(rows);
    int[][] codes = rq.codes();
    for (int i = 0; i < rows.length; i++) assertArrayEquals(codes[i + 1], encoded[i], "item " + (i + 1));
    float[] rebuilt = rq.reconstruct(codes[1]);
    assertEquals(8, rebuilt.length);
  }

  @Test
  void unfittedTokenizerSaysSo() {
    ResidualKMeans rq = new ResidualKMeans(ResidualKMeans.Config.defaults());
    IllegalStateException error = assertThrows(IllegalStateException.class, rq::codes);
    assertTrue(error.getMessage().contains("not fitted"));
  }
}
