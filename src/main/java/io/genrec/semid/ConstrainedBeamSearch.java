package io.genrec.semid;

import io.genrec.tokenize.SemanticIdTrie;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Gather;
import org.tensorflow.op.core.ReduceAny;
import org.tensorflow.op.nn.TopK;
import org.tensorflow.types.TBool;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;

/**
 * Beam search over semantic IDs inside the graph, constrained to IDs that exist: at every level only
 * beams whose prefix belongs to some item survive, so every result is a real item. Beams are ranked
 * by the log-probability of their whole code sequence.
 *
 * <p>The number of levels is fixed, so the search is unrolled level by level (no While loop, which
 * has no gradient and complicates export). A prefix {@code (c1..cl)} is the mixed-radix key of
 * {@link SemanticIdTrie}; a candidate's validity is a LowerBound into that level's sorted keys, held
 * as a constant, so a SavedModel needs no lookup table to initialise.
 */
public final class ConstrainedBeamSearch {

  /** The model's side of the search: next-level log-probabilities for a batch of beams. */
  @FunctionalInterface
  public interface LevelScorer {
    /**
     * Called once per level, in order.
     *
     * @param level the level being decoded, 0-based
     * @param prefixes int32 [batch, width, level]: the codes each beam has so far
     * @param parents int32 [batch, width]: the beam of the previous call each beam extends (for a
     *     scorer that caches per-beam state); null at level 0
     * @param width the number of beams (static)
     * @return float32 [batch, width, radix(level)]: log-probabilities of each next code
     */
    Operand<TFloat32> logProbs(int level, Operand<TInt32> prefixes, Operand<TInt32> parents, int width);
  }

  /**
   * The best items per user, best first.
   *
   * @param items int32 [batch, k] dense item ids (0 where fewer than k real items remain)
   * @param scores float32 [batch, k] sequence log-probabilities; -inf marks "no item"
   * @param codes int32 [batch, k, levels] the semantic IDs of those items
   */
  public record Result(Operand<TInt32> items, Operand<TFloat32> scores, Operand<TInt32> codes) {}

  private final SemanticIdTrie trie;
  private final int beam;

  public ConstrainedBeamSearch(SemanticIdTrie trie, int beam) {
    if (beam < 1) throw new IllegalArgumentException("beam must be >= 1, got " + beam);
    this.trie = trie;
    this.beam = beam;
  }

  /** Beams kept after {@code level} (static): the beam size, or fewer when fewer prefixes exist. */
  public int width(int level) {
    long width = 1;
    int[] radices = trie.radices();
    for (int l = 0; l <= level; l++) {
      width = Math.min(Math.min(beam, trie.sortedKeys(l).length), width * radices[l]);
    }
    return (int) width;
  }

  /**
   * @param batch int32 scalar: number of users
   * @param exclude int32 [batch, e] dense items never to return (0 entries are ignored)
   * @param k int32 scalar: items to return; more than the final beam width gives the beam width
   */
  public Result search(Ops tf, Operand<TInt32> batch, LevelScorer scorer, Operand<TInt32> exclude,
      Operand<TInt32> k) {
    int[] radices = trie.radices();
    int levels = radices.length;
    Operand<TFloat32> negInf = tf.constant(Float.NEGATIVE_INFINITY);
    Operand<TFloat32> scores = tf.fill(tf.stack(List.of(batch, tf.constant(1))), tf.constant(0f));
    Operand<TInt64> keys = tf.fill(tf.stack(List.of(batch, tf.constant(1))), tf.constant(0L));
    Operand<TInt32> prefixes = tf.fill(tf.stack(List.of(batch, tf.constant(1), tf.constant(0))), tf.constant(0));
    Operand<TInt32> parents = null;
    int width = 1;
    for (int level = 0; level < levels; level++) {
      int radix = radices[level];
      Operand<TFloat32> logProbs = scorer.logProbs(level, prefixes, parents, width);
      Operand<TFloat32> candidates = tf.math.add(tf.expandDims(scores, tf.constant(-1)), logProbs);
      Operand<TInt64> candidateKeys = tf.math.add(
          tf.math.mul(tf.expandDims(keys, tf.constant(-1)), tf.constant((long) radix)),
          tf.range(tf.constant(0L), tf.constant((long) radix), tf.constant(1L)));
      Operand<TBool> valid = contains(tf, trie.sortedKeys(level), candidateKeys);
      candidates = tf.select(valid, candidates, negInf);

      int next = Math.min(Math.min(beam, trie.sortedKeys(level).length), width * radix);
      TopK<TFloat32, TInt32> top = tf.nn.topK(
          tf.reshape(candidates, tf.constant(new int[] {-1, width * radix})), tf.constant(next), TInt32.class);
      Operand<TInt32> parent = tf.math.floorDiv(top.indices(), tf.constant(radix));
      parents = parent;
      Operand<TInt32> code = tf.math.floorMod(top.indices(), tf.constant(radix));
      keys = tf.math.add(tf.math.mul(batchGather(tf, keys, parent), tf.constant((long) radix)),
          tf.dtypes.cast(code, TInt64.class));
      prefixes = tf.concat(List.of(batchGather(tf, prefixes, parent), tf.expandDims(code, tf.constant(-1))),
          tf.constant(2));
      scores = top.values();
      width = next;
    }

    Operand<TInt32> items = itemsOf(tf, keys);
    // A beam that never had a valid path keeps -inf; its key is meaningless, so it names no item.
    Operand<TBool> dead = tf.math.equal(scores, negInf);
    items = tf.select(dead, tf.zerosLike(items), items);
    Operand<TBool> excluded = tf.reduceAny(
        tf.math.equal(tf.expandDims(items, tf.constant(-1)), tf.expandDims(exclude, tf.constant(1))),
        tf.constant(2), ReduceAny.keepDims(false));
    excluded = tf.math.logicalOr(excluded, tf.math.equal(items, tf.constant(0)));
    Operand<TFloat32> ranked = tf.select(excluded, negInf, scores);
    Operand<TInt32> kk = tf.math.minimum(k, tf.constant(width));
    TopK<TFloat32, TInt32> best = tf.nn.topK(ranked, kk, TInt32.class);
    Operand<TInt32> bestItems = batchGather(tf, items, best.indices());
    bestItems = tf.select(tf.math.equal(best.values(), negInf), tf.zerosLike(bestItems), bestItems);
    return new Result(bestItems, best.values(), batchGather(tf, prefixes, best.indices()));
  }

  /** Dense items of full keys [batch, width]; 0 where a key is no item's. */
  private Operand<TInt32> itemsOf(Ops tf, Operand<TInt64> keys) {
    int levels = trie.levels();
    long[] sorted = trie.sortedKeys(levels - 1);
    Operand<TInt64> flat = tf.reshape(keys, tf.constant(new int[] {1, -1}));
    Operand<TInt32> pos = tf.math.minimum(
        tf.lowerBound(tf.constant(new long[][] {sorted}), flat, TInt32.class), tf.constant(sorted.length - 1));
    Operand<TBool> found = tf.math.equal(tf.gather(tf.constant(sorted), pos, tf.constant(0)), flat);
    Operand<TInt32> items = tf.gather(tf.constant(trie.itemsInKeyOrder()), pos, tf.constant(0));
    items = tf.select(found, items, tf.zerosLike(items));
    return tf.reshape(items, tf.shape(keys, TInt32.class));
  }

  /** True where {@code keys} (any shape) is in {@code sorted}: LowerBound, then compare. */
  static Operand<TBool> contains(Ops tf, long[] sorted, Operand<TInt64> keys) {
    Operand<TInt64> flat = tf.reshape(keys, tf.constant(new int[] {1, -1}));
    Operand<TInt32> pos = tf.math.minimum(
        tf.lowerBound(tf.constant(new long[][] {sorted}), flat, TInt32.class), tf.constant(sorted.length - 1));
    Operand<TBool> found = tf.math.equal(tf.gather(tf.constant(sorted), pos, tf.constant(0)), flat);
    return tf.reshape(found, tf.shape(keys, TInt32.class));
  }

  /** x [batch, width, ...] rows picked per user by index [batch, n] → [batch, n, ...]. */
  private static <T extends org.tensorflow.types.family.TType> Operand<T> batchGather(
      Ops tf, Operand<T> x, Operand<TInt32> index) {
    return tf.gather(x, index, tf.constant(1), Gather.batchDims(1L));
  }
}
