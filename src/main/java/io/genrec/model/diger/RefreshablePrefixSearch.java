package io.genrec.model.diger;

import io.genrec.nn.Params;
import io.genrec.semid.ConstrainedBeamSearch;
import io.genrec.tokenize.SemanticIdTrie;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.Session;
import org.tensorflow.Tensor;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Gather;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.ReduceAny;
import org.tensorflow.op.core.Variable;
import org.tensorflow.op.nn.TopK;
import org.tensorflow.types.TBool;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;
import org.tensorflow.types.family.TType;

/**
 * {@link ConstrainedBeamSearch}'s algorithm over valid-prefix tables DIGER can replace in a running
 * session ({@link #assign}) instead of graph constants: its IDs change before every validation, and
 * the graph is built once. Every level holds room for one prefix per item, padded with a key no
 * prefix has, so the tables' shapes (and the beam widths) never depend on the IDs; an export holds
 * the same padded tables as constants, so it ranks exactly as the training graph did.
 *
 * <p>Stand-in until {@code semid.ConstrainedBeamSearch} searches refreshable tables itself (branch
 * {@code tiger}: {@code SemanticIdTables.variables}); then this class goes and {@link Diger} builds
 * that search instead.
 */
final class RefreshablePrefixSearch {
  /** Pads the sorted keys: above every real key, so a lookup never stops before it. */
  static final long NO_KEY = Long.MAX_VALUE;

  private final int[] radices;
  private final int capacity;
  private final int beam;
  private final List<Operand<TInt64>> sortedKeys = new ArrayList<>();
  private final Operand<TInt32> itemsInKeyOrder;
  private final List<Placeholder<?>> values = new ArrayList<>();
  private final List<Operand<?>> assigns = new ArrayList<>();

  /**
   * @param params variables under {@code scope} when {@code refreshable}, else constants
   */
  RefreshablePrefixSearch(Params params, String scope, DigerIds ids, int beam, boolean refreshable) {
    Ops tf = params.tf();
    this.radices = ids.radices();
    this.capacity = ids.numItems();
    this.beam = beam;
    Padded padded = Padded.of(ids, capacity);
    for (int level = 0; level < radices.length; level++) {
      Operand<TInt64> initial = tf.constant(padded.keys[level]);
      sortedKeys.add(refreshable ? table(params, scope + "/keys_" + level, initial) : initial);
    }
    Operand<TInt32> items = tf.constant(padded.items);
    itemsInKeyOrder = refreshable ? table(params, scope + "/items_in_key_order", items) : items;
  }

  private <T extends TType> Operand<T> table(Params params, String name, Operand<T> initial) {
    Ops tf = params.tf();
    Variable<T> variable = params.state(name, initial);
    Placeholder<T> value = tf.placeholder(initial.type(), Placeholder.shape(initial.shape()));
    values.add(value);
    assigns.add(tf.assign(variable, value));
    return tf.identity(variable);
  }

  /** Replaces the tables in {@code session} with {@code ids}' (same catalog and code sizes). */
  void assign(Session session, DigerIds ids) {
    if (assigns.isEmpty()) throw new IllegalStateException("constant prefix tables cannot be assigned");
    Padded padded = Padded.of(ids, capacity);
    List<Tensor> tensors = new ArrayList<>();
    try {
      for (long[] keys : padded.keys) tensors.add(TInt64.vectorOf(keys));
      tensors.add(TInt32.vectorOf(padded.items));
      Session.Runner runner = session.runner();
      for (int i = 0; i < assigns.size(); i++) runner.feed(values.get(i), tensors.get(i)).addTarget(assigns.get(i));
      runner.run();
    } finally {
      for (Tensor t : tensors) t.close();
    }
  }

  /** Each level's sorted keys and the items of the full keys, padded to {@code capacity}. */
  private record Padded(long[][] keys, int[] items) {
    static Padded of(DigerIds ids, int capacity) {
      SemanticIdTrie trie = ids.trie();
      long[][] keys = new long[trie.levels()][];
      for (int level = 0; level < keys.length; level++) {
        long[] sorted = trie.sortedKeys(level);
        keys[level] = Arrays.copyOf(sorted, capacity);
        Arrays.fill(keys[level], sorted.length, capacity, NO_KEY);
      }
      return new Padded(keys, Arrays.copyOf(trie.itemsInKeyOrder(), capacity));
    }
  }

  /** As {@link ConstrainedBeamSearch#search}: the best items per user under the current IDs. */
  ConstrainedBeamSearch.Result search(Ops tf, Operand<TInt32> batch, ConstrainedBeamSearch.LevelScorer scorer,
      Operand<TInt32> exclude, Operand<TInt32> k) {
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
      Operand<TBool> valid = tf.reshape(lookup(tf, sortedKeys.get(level), candidateKeys).found,
          tf.shape(candidateKeys, TInt32.class));
      candidates = tf.select(valid, candidates, negInf);
      int next = Math.min(Math.min(beam, capacity), width * radix);
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
    Lookup full = lookup(tf, sortedKeys.get(levels - 1), keys);
    Operand<TInt32> items = tf.reshape(tf.select(full.found,
        tf.gather(itemsInKeyOrder, full.position, tf.constant(0)), tf.zerosLike(full.position)),
        tf.shape(keys, TInt32.class));
    // A beam that never had a valid path keeps -inf; its key is meaningless, so it names no item.
    items = tf.select(tf.math.equal(scores, negInf), tf.zerosLike(items), items);
    Operand<TBool> excluded = tf.reduceAny(
        tf.math.equal(tf.expandDims(items, tf.constant(-1)), tf.expandDims(exclude, tf.constant(1))),
        tf.constant(2), ReduceAny.keepDims(false));
    excluded = tf.math.logicalOr(excluded, tf.math.equal(items, tf.constant(0)));
    Operand<TFloat32> ranked = tf.select(excluded, negInf, scores);
    TopK<TFloat32, TInt32> best = tf.nn.topK(ranked, tf.math.minimum(k, tf.constant(width)), TInt32.class);
    Operand<TInt32> bestItems = batchGather(tf, items, best.indices());
    bestItems = tf.select(tf.math.equal(best.values(), negInf), tf.zerosLike(bestItems), bestItems);
    return new ConstrainedBeamSearch.Result(bestItems, best.values(), batchGather(tf, prefixes, best.indices()));
  }

  /** Where the keys, flattened, sit in {@code sorted} and whether they are there (both [n]). */
  private record Lookup(Operand<TInt32> position, Operand<TBool> found) {}

  private Lookup lookup(Ops tf, Operand<TInt64> sorted, Operand<TInt64> keys) {
    Operand<TInt64> flat = tf.reshape(keys, tf.constant(new int[] {1, -1}));
    Operand<TInt32> pos = tf.math.minimum(tf.lowerBound(tf.expandDims(sorted, tf.constant(0)), flat, TInt32.class),
        tf.constant(capacity - 1));
    Operand<TBool> found = tf.math.equal(tf.gather(sorted, pos, tf.constant(0)), flat);
    Operand<TInt32> all = tf.constant(new int[] {-1});
    return new Lookup(tf.reshape(pos, all), tf.reshape(found, all));
  }

  private static <T extends TType> Operand<T> batchGather(Ops tf, Operand<T> x, Operand<TInt32> index) {
    return tf.gather(x, index, tf.constant(1), Gather.batchDims(1L));
  }
}
