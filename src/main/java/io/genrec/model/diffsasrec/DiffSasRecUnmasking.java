package io.genrec.model.diffsasrec;

import io.genrec.nn.ItemSequenceEncoder;

import io.genrec.nn.Dims;
import io.genrec.nn.ItemTable;
import io.genrec.nn.Params;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Stack;
import org.tensorflow.types.TBool;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * DiffSASRec's multi-step inference, unrolled in the graph: {@code numRecs} mask tokens follow the
 * history; each step re-encodes the sequence, predicts every still-masked position (its most probable
 * allowed item, confidence = that probability) and fills the positions whose confidence reaches the
 * threshold. When none does, the threshold is multiplied by {@code decay} as many times as it takes
 * for the most confident one to pass, and stays lowered. An item already in the list (or excluded) is
 * never predicted again, and two positions that pick the same item in one step keep only the more
 * confident one (the earlier on a tie).
 *
 * <p>Each step fills at least the most confident open position, so {@code numRecs} steps always fill
 * the list; that is the number of steps the graph unrolls, and later steps after the list is full
 * change nothing. Per user, not per batch: each user's threshold is lowered on its own.
 */
final class DiffSasRecUnmasking {
  /** Logit offset that rules an id out; finite so a softmax over a fully banned row stays a number. */
  static final float BANNED = -1e9f;

  /**
   * @param ids int32 [batch, numRecs] the list in position order
   * @param scores float32 [batch, numRecs] each item's probability when it was filled (-inf where the
   *     catalog ran out of allowed items)
   * @param fillStep int32 [batch, numRecs] the step (0-based) that filled each position
   */
  record Decoded(Operand<TInt32> ids, Operand<TFloat32> scores, Operand<TInt32> fillStep) {}

  private final ItemSequenceEncoder encoder;
  private final int numItems;
  private final int numRecs;
  private final float threshold;
  private final float decay;

  DiffSasRecUnmasking(ItemSequenceEncoder encoder, int numItems, int numRecs, float threshold, float decay) {
    if (numRecs >= encoder.maxLength()) {
      throw new IllegalArgumentException("num_recs " + numRecs + " leaves no room for a history in "
          + encoder.maxLength() + " positions");
    }
    this.encoder = encoder;
    this.numItems = numItems;
    this.numRecs = numRecs;
    this.threshold = threshold;
    this.decay = decay;
  }

  /**
   * @param history int32 [batch, maxLength - numRecs] left-padded dense ids
   * @param exclude int32 [batch, e] dense ids never to recommend (0 entries are harmless)
   */
  Decoded decode(Params params, ItemTable items, Operand<TInt32> history, Operand<TInt32> exclude) {
    Ops tf = params.tf();
    int k = numRecs;
    int hidden = encoder.hidden();
    int historyLength = encoder.maxLength() - k;
    Operand<TInt32> batch = Dims.size(tf, history, 0);
    Operand<TInt32> batchByK = tf.stack(List.of(batch, tf.constant(k)));
    Operand<TInt32> masks = tf.fill(batchByK, tf.constant(numItems + 1));
    Operand<TInt32> filled = tf.fill(batchByK, tf.constant(0));
    Operand<TFloat32> scores = tf.fill(batchByK, tf.constant(0f));
    Operand<TInt32> fillStep = tf.fill(batchByK, tf.constant(-1));
    Operand<TFloat32> tau = tf.fill(tf.stack(List.of(batch)), tf.constant(threshold));
    Operand<TFloat32> banned = bannedIds(tf, batch, exclude);
    Operand<TBool> earlier = tf.constant(earlierPosition(k));
    Operand<TInt32> pairRows = tf.tile(tf.expandDims(tf.range(tf.constant(0), batch, tf.constant(1)), tf.constant(1)),
        tf.stack(List.of(tf.constant(1), tf.constant(k))));
    Params step = params;
    for (int s = 0; s < k; s++) {
      Operand<TBool> open = tf.math.equal(filled, tf.constant(0));
      Operand<TInt32> ids = tf.concat(List.of(history, tf.select(open, masks, filled)), tf.constant(1));
      Operand<TFloat32> h = encoder.encode(step, items, ids);
      step = reusing(params);
      Operand<TFloat32> tail = tf.reshape(
          tf.slice(h, tf.constant(new int[] {0, historyLength, 0}), tf.constant(new int[] {-1, k, -1})),
          tf.constant(new int[] {-1, hidden}));
      Operand<TFloat32> logits = tf.math.add(
          tf.reshape(items.logits(tail), tf.constant(new int[] {-1, k, numItems + 2})),
          tf.expandDims(banned, tf.constant(1)));
      Operand<TFloat32> probs = tf.nn.softmax(logits);
      Operand<TFloat32> conf = tf.reduceMax(probs, tf.constant(2));
      Operand<TInt32> item = tf.math.argMax(probs, tf.constant(2), TInt32.class);

      Operand<TFloat32> best = tf.reduceMax(tf.select(open, conf, tf.constant(-1f)), tf.constant(1));
      Operand<TBool> lower = tf.math.logicalAnd(tf.reduceAny(open, tf.constant(1)), tf.math.less(best, tau));
      tau = tf.select(lower, lowered(tf, tau, best), tau);
      // min(τ, best): the most confident open position passes even if rounding left τ a hair above it.
      Operand<TFloat32> cut = tf.expandDims(tf.math.minimum(tau, best), tf.constant(1));
      Operand<TBool> pass = tf.math.logicalAnd(open, tf.math.greaterEqual(conf, cut));

      Operand<TBool> keep = tf.math.logicalAnd(pass, tf.math.logicalNot(beatenByTwin(tf, item, conf, pass, earlier)));
      Operand<TBool> ranOut = tf.math.less(tf.reduceMax(logits, tf.constant(2)), tf.constant(BANNED / 2));
      Operand<TFloat32> score = tf.select(ranOut, tf.constant(Float.NEGATIVE_INFINITY), conf);
      filled = tf.select(keep, item, filled);
      scores = tf.select(keep, score, scores);
      fillStep = tf.select(keep, tf.constant(s), fillStep);
      if (s < k - 1) {
        // Filled items are banned from later steps; unfilled slots scatter onto padding (banned anyway).
        Operand<TInt32> chosen = tf.select(keep, item, tf.constant(0));
        Operand<TInt32> pairs = tf.reshape(tf.stack(List.of(pairRows, chosen), Stack.axis(2L)),
            tf.constant(new int[] {-1, 2}));
        banned = tf.tensorScatterNdUpdate(banned, pairs,
            tf.fill(tf.stack(List.of(tf.math.mul(batch, tf.constant(k)))), tf.constant(BANNED)));
      }
    }
    return new Decoded(filled, scores, fillStep);
  }

  /**
   * The same weights for the next encoder pass: a view when {@code params} creates variables (an
   * export build, which would otherwise create them twice); {@code params} itself when it is already
   * a view (the trainer's validation head), since a view of a view finds nothing.
   */
  private Params reusing(Params params) {
    return params.find(encoder.scope() + "/positions/table").isPresent() ? params.inferenceView() : params;
  }

  /** τ·decay^m for the smallest m ≥ 1 with τ·decay^m ≤ best (best < τ). */
  private Operand<TFloat32> lowered(Ops tf, Operand<TFloat32> tau, Operand<TFloat32> best) {
    Operand<TFloat32> ratio = tf.math.div(tf.math.maximum(best, tf.constant(1e-30f)), tau);
    Operand<TFloat32> m = tf.math.ceil(tf.math.div(tf.math.log(ratio), tf.constant((float) Math.log(decay))));
    return tf.math.mul(tau, tf.math.pow(tf.constant(decay), tf.math.maximum(m, tf.constant(1f))));
  }

  /**
   * [batch, k]: position i passes but another passing position j picked the same item with higher
   * confidence, or equal confidence and j &lt; i.
   */
  private static Operand<TBool> beatenByTwin(Ops tf, Operand<TInt32> item, Operand<TFloat32> conf,
      Operand<TBool> pass, Operand<TBool> earlier) {
    Operand<TBool> same = tf.math.equal(tf.expandDims(item, tf.constant(2)), tf.expandDims(item, tf.constant(1)));
    Operand<TFloat32> confI = tf.expandDims(conf, tf.constant(2));
    Operand<TFloat32> confJ = tf.expandDims(conf, tf.constant(1));
    Operand<TBool> stronger = tf.math.logicalOr(tf.math.greater(confJ, confI),
        tf.math.logicalAnd(tf.math.equal(confJ, confI), earlier));
    Operand<TBool> twin = tf.math.logicalAnd(tf.math.logicalAnd(same, stronger), tf.expandDims(pass, tf.constant(1)));
    return tf.reduceAny(twin, tf.constant(2));
  }

  /** [k, k], (i, j) true when j &lt; i. */
  private static boolean[][] earlierPosition(int k) {
    boolean[][] earlier = new boolean[k][k];
    for (int i = 0; i < k; i++) {
      for (int j = 0; j < i; j++) earlier[i][j] = true;
    }
    return earlier;
  }

  /** [batch, numItems + 2] logit offsets: BANNED on padding, the mask token and excluded ids. */
  private Operand<TFloat32> bannedIds(Ops tf, Operand<TInt32> batch, Operand<TInt32> exclude) {
    Operand<TFloat32> base = tf.constant(new float[][] {DiffSasRec.unrankableBias(numItems)});
    Operand<TFloat32> rows = tf.tile(base, tf.stack(List.of(batch, tf.constant(1))));
    Operand<TInt32> width = Dims.size(tf, exclude, 1);
    Operand<TInt32> excludeRows = tf.tile(tf.expandDims(tf.range(tf.constant(0), batch, tf.constant(1)), tf.constant(1)),
        tf.stack(List.of(tf.constant(1), width)));
    Operand<TInt32> pairs = tf.reshape(tf.stack(List.of(excludeRows, exclude), Stack.axis(2L)),
        tf.constant(new int[] {-1, 2}));
    return tf.tensorScatterNdUpdate(rows, pairs,
        tf.fill(tf.stack(List.of(tf.math.mul(batch, width))), tf.constant(BANNED)));
  }
}
