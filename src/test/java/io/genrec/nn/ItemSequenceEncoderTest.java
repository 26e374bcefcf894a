package io.genrec.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.linalg.MatMul;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.family.TNumber;

/** The encoder reads item vectors only through {@link ItemTable}, so any table can drive it. */
class ItemSequenceEncoderTest {
  private static final int HIDDEN = 8;
  private static final int MAX_LENGTH = 4;
  private static final int CODEBOOK = 3;
  /** Two codes per item (row 0 = padding); code 2 of level 1 belongs to no item. */
  private static final int[][] CODES = {{0, 0}, {0, 1}, {1, 0}, {2, 1}, {1, 1}};
  private static final int[] IDS = {0, 1, 2, 3, 0, 0, 4, 2};

  private static ItemSequenceEncoder encoder() {
    return new ItemSequenceEncoder("enc", HIDDEN, 1, 2, 0f, Activation.GELU, true, MAX_LENGTH,
        ItemSequenceEncoder.Attention.CAUSAL);
  }

  /**
   * A test-only item table in the manner of VQ-Rec: an item's vector is the mean of its codes'
   * embeddings (one embedding row per level and code), zero for padding.
   */
  private static final class PooledItemTable implements ItemTable {
    private final Ops tf;
    private final Param codeEmbeddings;

    PooledItemTable(Params params) {
      this.tf = params.tf();
      this.codeEmbeddings = params.variable("pool/codes/table", Shape.of(2L * CODEBOOK, HIDDEN), Init.uniform(1f), false);
    }

    @Override
    public Operand<TFloat32> lookup(Operand<? extends TNumber> ids) {
      int[][] rows = new int[CODES.length][2];
      for (int i = 0; i < CODES.length; i++) rows[i] = new int[] {CODES[i][0], CODEBOOK + CODES[i][1]};
      Operand<TInt32> codeRows = tf.gather(tf.constant(rows), ids, tf.constant(0));
      Operand<TFloat32> pooled = tf.math.mean(tf.gather(codeEmbeddings.value(), codeRows, tf.constant(0)),
          tf.constant(-2));
      Operand<TFloat32> keep = tf.dtypes.cast(Masks.notPadding(tf, ids), TFloat32.class);
      return tf.math.mul(pooled, tf.expandDims(keep, tf.constant(-1)));
    }

    @Override
    public Operand<TFloat32> table() {
      return lookup(tf.range(tf.constant(0), tf.constant(CODES.length), tf.constant(1)));
    }

    @Override
    public Operand<TFloat32> logits(Operand<TFloat32> h) {
      return tf.linalg.matMul(h, table(), MatMul.transposeB(true));
    }

    @Override
    public int dim() {
      return HIDDEN;
    }
  }

  /** The encoder over a pooled table, fed {@link #IDS}. */
  private record Pooled(Params params, PooledItemTable table, Placeholder<TInt32> ids, Operand<TFloat32> states) {
    static Pooled build(Graph g) {
      Params params = new Params(Ops.create(g), 5, false);
      PooledItemTable table = new PooledItemTable(params);
      Placeholder<TInt32> ids = encoder().ids(params.tf(), "ids");
      return new Pooled(params, table, ids, encoder().encode(params, table, ids));
    }

    Feeds feeds() {
      return new Feeds().ints(ids, Shape.of(2, MAX_LENGTH), IDS);
    }
  }

  /** Over pooled vectors the encoder gives what it gives over a learned table holding those vectors. */
  @Test
  void aPooledTableDrivesTheEncoderLikeATableOfItsVectors() {
    float[] pooledStates;
    Map<String, float[]> weights = new HashMap<>();
    Map<String, Shape> shapes = new HashMap<>();
    try (Graph g = new Graph()) {
      Pooled built = Pooled.build(g);
      try (Session s = TfRun.session(g); Feeds f = built.feeds()) {
        pooledStates = TfRun.eval(s, built.states(), f);
        weights.put("enc/items/table", TfRun.eval(s, built.table().table()));
        shapes.put("enc/items/table", Shape.of(CODES.length, HIDDEN));
        for (Param p : built.params().trainable()) {
          if (p.name().startsWith("enc/")) {
            weights.put(p.name(), TfRun.eval(s, p.value()));
            shapes.put(p.name(), p.shape());
          }
        }
      }
    }
    float[] learnedStates;
    Map<String, TFloat32> frozen = new HashMap<>();
    try (Graph g = new Graph()) {
      weights.forEach((name, values) -> frozen.put(name, TfRun.floats(shapes.get(name), values)));
      Ops tf = Ops.create(g);
      Params params = Params.frozen(tf, 5, frozen);
      Placeholder<TInt32> ids = encoder().ids(tf, "ids");
      Operand<TFloat32> h = encoder().encode(params, encoder().items(params, CODES.length), ids);
      try (Session s = TfRun.session(g); Feeds f = new Feeds().ints(ids, Shape.of(2, MAX_LENGTH), IDS)) {
        learnedStates = TfRun.eval(s, h, f);
      }
    } finally {
      frozen.values().forEach(TFloat32::close);
    }
    assertArrayEquals(learnedStates, pooledStates, 1e-5f);
    assertNotEquals(0f, pooledStates[pooledStates.length - 1], "real positions carry a state");
  }

  /** Training through the encoder reaches the code embeddings, and only the codes items use. */
  @Test
  @SuppressWarnings("unchecked")
  void gradientsReachTheCodeEmbeddingsThroughThePooling() {
    try (Graph g = new Graph()) {
      Pooled built = Pooled.build(g);
      Ops tf = built.params().tf();
      Operand<TFloat32> loss = tf.sum(tf.math.square(built.states()), tf.constant(new int[] {0, 1, 2}));
      Output<?>[] grad =
          g.addGradients(loss.asOutput(), new Output<?>[] {built.table().codeEmbeddings.value().asOutput()});
      try (Session s = TfRun.session(g); Feeds f = built.feeds()) {
        Session.Runner runner = s.runner();
        f.applyTo(runner);
        try (Result r = runner.fetch((Output<TFloat32>) grad[0]).run()) {
          float[] gradient = TfRun.read((TFloat32) r.get(0));
          for (int row = 0; row < 2 * CODEBOOK; row++) {
            float norm = 0;
            for (int d = 0; d < HIDDEN; d++) norm += Math.abs(gradient[row * HIDDEN + d]);
            if (row == CODEBOOK + 2) assertEquals(0f, norm, 0f, "level-1 code 2 belongs to no item");
            else assertNotEquals(0f, norm, "code row " + row + " is used by an item in the batch");
          }
        }
      }
    }
  }

  /**
   * A batch cut to its longest history (width 3 of 4) gives its real positions the states of the
   * full-width batch: the newest position rows, a causal mask of its own width, padding masked.
   */
  @Test
  void idsCutToTheLongestHistoryGetTheFullWidthStatesAtRealPositions() {
    int width = 3;
    int[] cut = {1, 2, 3, 0, 4, 2};
    try (Graph g = new Graph()) {
      Pooled built = Pooled.build(g);
      Params view = built.params().inferenceView();
      Placeholder<TInt32> narrow = encoder().idsOfAnyWidth(view.tf(), "narrow");
      Operand<TFloat32> narrowStates = encoder().encode(view, built.table(), narrow);
      try (Session s = TfRun.session(g); Feeds f = built.feeds(); Feeds n = new Feeds().ints(narrow, Shape.of(2, width), cut)) {
        float[] full = TfRun.eval(s, built.states(), f);
        float[] part = TfRun.eval(s, narrowStates, n);
        assertEquals(2 * width * HIDDEN, part.length);
        for (int row = 0; row < 2; row++) {
          for (int p = 0; p < width; p++) {
            if (cut[row * width + p] == 0) continue;
            int fullPos = MAX_LENGTH - width + p;
            float[] a = java.util.Arrays.copyOfRange(full, (row * MAX_LENGTH + fullPos) * HIDDEN,
                (row * MAX_LENGTH + fullPos + 1) * HIDDEN);
            float[] b = java.util.Arrays.copyOfRange(part, (row * width + p) * HIDDEN, (row * width + p + 1) * HIDDEN);
            assertArrayEquals(a, b, 1e-5f, "row " + row + " position " + p);
            assertNotEquals(0f, b[0], "a real position carries a state");
          }
        }
      }
    }
  }

  @Test
  void aTableOfAnotherWidthIsRefused() {
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      Params params = new Params(tf, 5, false);
      Embedding narrow = Embedding.create(params, "narrow", 5, HIDDEN / 2, Init.uniform(1f), false);
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> encoder().encode(params, narrow, encoder().ids(tf, "ids")));
      assertEquals("enc: item vectors have width 4, the encoder's hidden size is 8", e.getMessage());
    }
  }
}
