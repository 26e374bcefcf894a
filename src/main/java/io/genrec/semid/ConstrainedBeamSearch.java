package io.genrec.semid;

import io.genrec.nn.Dims;
import io.genrec.tokenize.SemanticIdTrie;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Gather;
import org.tensorflow.op.core.Squeeze;
import org.tensorflow.op.nn.TopK;
import org.tensorflow.types.TBool;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;
import org.tensorflow.types.family.TType;

/**
 * Beam search over semantic IDs inside the graph, constrained to IDs that exist: at every level only
 * beams whose prefix belongs to some item survive, so every result is a real item. Beams are ranked
 * by the log-probability of their whole code sequence.
 *
 * <p>Excluded items (a user's history, with {@code filter_history}) are left out inside the search,
 * not after it: a prefix survives only while some item under it is not excluded, so the search
 * returns {@code min(k, beam)} items whenever the catalog has that many left to give.
 *
 * <p>The number of levels is fixed, so the search is unrolled level by level (no While loop, which
 * has no gradient and complicates export). A prefix {@code (c1..cl)} is the mixed-radix key of
 * {@link SemanticIdTrie}; a candidate's validity is a LowerBound into that level's sorted keys of
 * {@link SemanticIdTables}, constants (a SavedModel needs no lookup table to initialise) or variables
 * a model refreshes.
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

  private final SemanticIdTables tables;
  private final int beam;

  public ConstrainedBeamSearch(SemanticIdTables tables, int beam) {
    if (beam < 1) throw new IllegalArgumentException("beam must be >= 1, got " + beam);
    this.tables = tables;
    this.beam = beam;
  }

  /** Beams kept after {@code level} (static): the beam size, or fewer when fewer prefixes can exist. */
  public int width(int level) {
    long width = 1;
    int[] radices = tables.radices();
    for (int l = 0; l <= level; l++) {
      width = Math.min(Math.min(beam, tables.maxPrefixes(l)), width * radices[l]);
    }
    return (int) width;
  }

  /**
   * @param batch int32 scalar: number of users
   * @param exclude int32 [batch, e] dense items never to return (0 entries and repeats are ignored)
   * @param k int32 scalar: items to return; more than the final beam width gives the beam width
   */
  public Result search(Ops tf, Operand<TInt32> batch, LevelScorer scorer, Operand<TInt32> exclude,
      Operand<TInt32> k) {
    int[] radices = tables.radices();
    int levels = radices.length;
    Operand<TFloat32> negInf = tf.constant(Float.NEGATIVE_INFINITY);
    Operand<TFloat32> scores = tf.fill(tf.stack(List.of(batch, tf.constant(1))), tf.constant(0f));
    Operand<TInt64> keys = tf.fill(tf.stack(List.of(batch, tf.constant(1))), tf.constant(0L));
    Operand<TInt32> prefixes = tf.fill(tf.stack(List.of(batch, tf.constant(1), tf.constant(0))), tf.constant(0));
    Operand<TInt32> parents = null;
    Exclusions excluded = new Exclusions(tf, tables, exclude);
    int width = 1;
    for (int level = 0; level < levels; level++) {
      int radix = radices[level];
      Operand<TFloat32> logProbs = scorer.logProbs(level, prefixes, parents, width);
      Operand<TFloat32> candidates = tf.math.add(tf.expandDims(scores, tf.constant(-1)), logProbs);
      Operand<TInt64> candidateKeys = tf.math.add(
          tf.math.mul(tf.expandDims(keys, tf.constant(-1)), tf.constant((long) radix)),
          tf.range(tf.constant(0L), tf.constant((long) radix), tf.constant(1L)));
      // A candidate lives while some item under its prefix is not excluded.
      Operand<TInt32> left = tf.math.sub(itemsUnder(tf, level, candidateKeys),
          excluded.under(level, keys, radix));
      candidates = tf.select(tf.math.greater(left, tf.constant(0)), candidates, negInf);

      int next = Math.min(Math.min(beam, tables.maxPrefixes(level)), width * radix);
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
    Operand<TFloat32> ranked = tf.select(tf.math.equal(items, tf.constant(0)), negInf, scores);
    Operand<TInt32> kk = tf.math.minimum(k, tf.constant(width));
    TopK<TFloat32, TInt32> best = tf.nn.topK(ranked, kk, TInt32.class);
    Operand<TInt32> bestItems = batchGather(tf, items, best.indices());
    bestItems = tf.select(tf.math.equal(best.values(), negInf), tf.zerosLike(bestItems), bestItems);
    return new Result(bestItems, best.values(), batchGather(tf, prefixes, best.indices()));
  }

  /** Dense items of full keys [batch, width]; 0 where a key is no item's. */
  private Operand<TInt32> itemsOf(Ops tf, Operand<TInt64> keys) {
    Lookup found = lookup(tf, tables.sortedKeys(tables.levels() - 1), keys);
    Operand<TInt32> items = tf.gather(tables.itemsInKeyOrder(), found.position(), tf.constant(0));
    items = tf.select(found.found(), items, tf.zerosLike(items));
    return tf.reshape(items, tf.shape(keys, TInt32.class));
  }

  /** How many items lie under each of {@code keys} (any shape) at {@code level}: 0 for no valid prefix. */
  private Operand<TInt32> itemsUnder(Ops tf, int level, Operand<TInt64> keys) {
    Lookup found = lookup(tf, tables.sortedKeys(level), keys);
    Operand<TInt32> count = tf.gather(tables.itemsUnder(level), found.position(), tf.constant(0));
    count = tf.select(found.found(), count, tf.zerosLike(count));
    return tf.reshape(count, tf.shape(keys, TInt32.class));
  }

  /** Where each key (flattened to [1, n]) would sit in {@code sorted}, and whether it is there. */
  private record Lookup(Operand<TInt32> position, Operand<TBool> found) {}

  private static Lookup lookup(Ops tf, Operand<TInt64> sorted, Operand<TInt64> keys) {
    Operand<TInt64> flat = tf.reshape(keys, tf.constant(new int[] {1, -1}));
    Operand<TInt32> last = tf.math.sub(Dims.size(tf, sorted, 0), tf.constant(1));
    Operand<TInt32> pos = tf.math.minimum(
        tf.lowerBound(tf.expandDims(sorted, tf.constant(0)), flat, TInt32.class), last);
    Operand<TBool> found = tf.math.equal(tf.gather(sorted, pos, tf.constant(0)), flat);
    return new Lookup(pos, found);
  }

  /**
   * The distinct excluded items of every user, ready to count per beam how many of them lie under
   * each next-level candidate.
   */
  private static final class Exclusions {
    private final Ops tf;
    /** float32 [batch, e]: 1 for a distinct real item, 0 for padding and repeats. */
    private final Operand<TFloat32> weight;
    /** int64 [batch, e, levels] and int32 [batch, e, levels]: the excluded items' prefix keys and codes. */
    private final Operand<TInt64> prefixKeys;
    private final Operand<TInt32> codes;

    Exclusions(Ops tf, SemanticIdTables tables, Operand<TInt32> exclude) {
      this.tf = tf;
      // Sorted per user, a repeat sits next to its first occurrence.
      Operand<TInt32> width = Dims.size(tf, exclude, 1);
      Operand<TInt32> sorted = tf.nn.topK(exclude, width, TInt32.class).values();
      // Each entry's left neighbour (0 before the first), by shifting right one column.
      Operand<TInt32> shifted = tf.concat(List.of(
          tf.fill(tf.stack(List.of(Dims.size(tf, exclude, 0), tf.constant(1))), tf.constant(0)), sorted),
          tf.constant(1));
      Operand<TInt32> previous = tf.slice(shifted, tf.constant(new int[] {0, 0}),
          tf.stack(List.of(tf.constant(-1), width)));
      weight = tf.dtypes.cast(tf.math.logicalAnd(tf.math.notEqual(sorted, tf.constant(0)),
          tf.math.notEqual(sorted, previous)), TFloat32.class);
      prefixKeys = tf.gather(tables.itemPrefixKeys(), sorted, tf.constant(0));
      codes = tf.gather(tables.itemCodes(), sorted, tf.constant(0));
    }

    /**
     * int32 [batch, width, radix]: excluded items under each candidate {@code key · radix + code} of
     * the beams' {@code keys} [batch, width] at {@code level}.
     */
    Operand<TInt32> under(int level, Operand<TInt64> keys, int radix) {
      Operand<TInt64> parentKey = level == 0
          ? tf.zerosLike(column(prefixKeys, 0))
          : column(prefixKeys, level - 1);
      // [batch, width, e]: excluded item e lies under beam w.
      Operand<TFloat32> underBeam = tf.math.mul(tf.dtypes.cast(tf.math.equal(
              tf.expandDims(keys, tf.constant(2)), tf.expandDims(parentKey, tf.constant(1))), TFloat32.class),
          tf.expandDims(weight, tf.constant(1)));
      Operand<TFloat32> oneHot = tf.oneHot(column(codes, level), tf.constant(radix), tf.constant(1f), tf.constant(0f));
      // Counts are small integers, exact in float32.
      return tf.dtypes.cast(tf.train.batchMatMul(underBeam, oneHot, TFloat32.class), TInt32.class);
    }

    private <T extends TType> Operand<T> column(Operand<T> x, int level) {
      return tf.squeeze(tf.slice(x, tf.constant(new int[] {0, 0, level}), tf.constant(new int[] {-1, -1, 1})),
          Squeeze.axis(List.of(2L)));
    }
  }

  /** x [batch, width, ...] rows picked per user by index [batch, n] → [batch, n, ...]. */
  private static <T extends TType> Operand<T> batchGather(
      Ops tf, Operand<T> x, Operand<TInt32> index) {
    return tf.gather(x, index, tf.constant(1), Gather.batchDims(1L));
  }
}
