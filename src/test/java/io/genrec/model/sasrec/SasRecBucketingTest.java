package io.genrec.model.sasrec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.genrec.nn.Params;
import io.genrec.nn.TfRun;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * {@code bucket_by_length} only removes padding: a batch cut to its longest history has the loss of
 * the same batch at full width, and of the model without bucketing (same seed, same weights).
 */
class SasRecBucketingTest {
  private static final int NUM_ITEMS = 30;
  private static final int MAX_LENGTH = 7;
  /** Two users, 4 and 2 real positions, left-padded to 7; then cut to width 4. */
  private static final int[] IN_FULL = {0, 0, 0, 3, 9, 4, 12, 0, 0, 0, 0, 0, 20, 5};
  private static final int[] TG_FULL = {0, 0, 0, 9, 4, 12, 2, 0, 0, 0, 0, 0, 5, 17};
  private static final int[] NG_FULL = {0, 0, 0, 1, 7, 8, 30, 0, 0, 0, 0, 0, 11, 6};

  private static int[] cut(int[] full, int width) {
    int[] out = new int[2 * width];
    for (int r = 0; r < 2; r++) System.arraycopy(full, r * MAX_LENGTH + MAX_LENGTH - width, out, r * width, width);
    return out;
  }

  private static float loss(SasRecConfig.Loss kind, boolean bucket, int width) {
    SasRecConfig config = new SasRecConfig("sasrec", 16, 2, 2, 0.0, kind, SasRecConfig.Norm.PRE,
        SasRecConfig.Activation.GELU, bucket);
    SasRec model = new SasRec(config, NUM_ITEMS, MAX_LENGTH, null);
    try (Graph g = new Graph()) {
      Operand<TFloat32> loss = model.buildLoss(new Params(Ops.create(g), 3, true));
      try (Session s = TfRun.session(g);
           TInt32 in = TfRun.ints(Shape.of(2, width), cut(IN_FULL, width));
           TInt32 tg = TfRun.ints(Shape.of(2, width), cut(TG_FULL, width));
           TInt32 ng = TfRun.ints(Shape.of(2, width), cut(NG_FULL, width))) {
        Session.Runner runner = s.runner().feed("sasrec_input", in).feed("sasrec_target", tg);
        if (kind == SasRecConfig.Loss.BCE) runner.feed("sasrec_negative", ng);
        try (Result r = runner.fetch(loss).run()) {
          return ((TFloat32) r.get(0)).getFloat();
        }
      }
    }
  }

  @Test
  void aCutBatchHasTheFullWidthLoss() {
    for (SasRecConfig.Loss kind : SasRecConfig.Loss.values()) {
      float unbucketed = loss(kind, false, MAX_LENGTH);
      float full = loss(kind, true, MAX_LENGTH);
      float narrow = loss(kind, true, 4);
      assertTrue(unbucketed > 0, kind + " loss " + unbucketed);
      assertEquals(unbucketed, full, 1e-5f * unbucketed, kind + ": bucketed graph at full width");
      assertEquals(unbucketed, narrow, 1e-5f * unbucketed, kind + ": batch cut to its longest history");
    }
  }
}
