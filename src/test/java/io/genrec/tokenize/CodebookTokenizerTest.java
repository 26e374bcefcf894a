package io.genrec.tokenize;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What RQ-KMeans, PQ and OPQ share through {@link CodebookTokenizer} (RQ-VAE: RqVaeTest). */
class CodebookTokenizerTest {
  private static final float[][] TABLE = Synthetic.gaussian(60, new double[] {1, 2, 3, 4, 5, 6, 7, 8}, 5);

  private static List<Supplier<CodebookTokenizer<?>>> kinds() {
    return List.of(
        () -> new ResidualKMeans(new ResidualKMeans.Config(2, 4, false, 5, 1)),
        () -> new ProductQuantizer(new ProductQuantizer.Config(2, 4, 5, 1)),
        () -> new OptimizedProductQuantizer(new OptimizedProductQuantizer.Config(2, 4, 5, 2, 1)));
  }

  @Test
  void anUnfittedTokenizerSaysWhichAndWhatToDo(@TempDir Path dir) {
    for (Supplier<CodebookTokenizer<?>> kind : kinds()) {
      CodebookTokenizer<?> t = kind.get();
      String expected = t.name() + " is not fitted: call fit or load first";
      assertEquals(expected, assertThrows(IllegalStateException.class, t::codes).getMessage());
      assertEquals(expected, assertThrows(IllegalStateException.class, t::report).getMessage());
      assertEquals(expected, assertThrows(IllegalStateException.class, () -> t.save(dir)).getMessage());
    }
  }

  @Test
  void vectorsOfAnotherWidthAreRefusedWithBothWidths() {
    float[][] narrow = {{1, 2, 3, 4}};
    ResidualKMeans rq = (ResidualKMeans) kinds().get(0).get();
    ProductQuantizer pq = (ProductQuantizer) kinds().get(1).get();
    OptimizedProductQuantizer opq = (OptimizedProductQuantizer) kinds().get(2).get();
    rq.fit(TABLE, 1);
    pq.fit(TABLE, 1);
    opq.fit(TABLE, 1);
    assertEquals("vectors have dim 4, the rq-kmeans was fitted on 8",
        assertThrows(IllegalArgumentException.class, () -> rq.encode(narrow)).getMessage());
    assertEquals("vectors have dim 4, the pq was fitted on 8",
        assertThrows(IllegalArgumentException.class, () -> pq.encode(narrow)).getMessage());
    assertEquals("vectors have dim 4, the opq was fitted on 8",
        assertThrows(IllegalArgumentException.class, () -> opq.encode(narrow)).getMessage());
  }

  @Test
  void codesAreCopiesAndTheSavedWeightsCodeNewVectorsAlike(@TempDir Path dir) throws Exception {
    float[][] fresh = Arrays.copyOfRange(Synthetic.gaussian(20, new double[] {2, 2, 2, 2, 2, 2, 2, 2}, 9), 1, 21);
    for (Supplier<CodebookTokenizer<?>> kind : kinds()) {
      CodebookTokenizer<?> t = kind.get();
      t.fit(TABLE, 3);
      int before = t.codes()[1][0];
      t.codes()[1][0] = before + 1;
      assertEquals(before, t.codes()[1][0], t.name());
      t.save(dir.resolve(t.name()));
      Tokenizer loaded = Tokenizers.load(dir.resolve(t.name()));
      assertEquals(t.config(), ((CodebookTokenizer<?>) loaded).config(), t.name());
      assertArrayEquals(encode(t, fresh), encode(loaded, fresh), t.name());
    }
  }

  private static int[][] encode(Tokenizer t, float[][] vectors) {
    if (t instanceof ResidualKMeans rq) return rq.encode(vectors);
    if (t instanceof ProductQuantizer pq) return pq.encode(vectors);
    return ((OptimizedProductQuantizer) t).encode(vectors);
  }
}
