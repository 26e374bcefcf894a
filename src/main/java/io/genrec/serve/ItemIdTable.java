package io.genrec.serve;

import io.genrec.data.DataSource;
import io.genrec.data.IdMap;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import io.genrec.nn.Dims;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Gather;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;

/**
 * The item id mapping as graph constants, so a SavedModel speaks original ids with nothing beside
 * it: original → dense by binary search over the sorted originals (LowerBound; no lookup table to
 * initialise), dense → original by a gather.
 */
public final class ItemIdTable {
  private final long[] sortedOriginals;
  private final int[] denseOfSorted;
  private final long[] originalOfDense;

  public ItemIdTable(IdMap items) {
    this(originals(List.of(new DataSource("", 0, 1, items, 1, IdMap.of(List.of())))));
  }

  /**
   * The table of a run over {@code sources} (dense ids in source order): each source's own item ids
   * are the serving ids, so they must not repeat across sources.
   */
  public static ItemIdTable of(List<DataSource> sources) {
    return new ItemIdTable(originals(sources));
  }

  private static long[] originals(List<DataSource> sources) {
    int n = sources.stream().mapToInt(DataSource::itemCount).sum();
    long[] originalOfDense = new long[n + 1];
    Map<Long, String> owner = sources.size() > 1 ? new HashMap<>() : null;
    for (DataSource source : sources) {
      for (int dense = source.firstItem(); dense <= source.lastItem(); dense++) {
        String original = source.originalItem(dense);
        try {
          originalOfDense[dense] = Long.parseLong(original);
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException("item id '" + original + "' is not an integer: a SavedModel"
              + " takes int64 item ids, so the dataset's item ids must be integers to export", e);
        }
        if (originalOfDense[dense] == 0) {
          throw new IllegalArgumentException("item id 0 is reserved for padding in serving inputs");
        }
        String before = owner == null ? null : owner.putIfAbsent(originalOfDense[dense], source.name());
        if (before != null) {
          throw new IllegalArgumentException("item id " + original + " is in sources " + before + " and "
              + source.name() + ": a SavedModel takes one int64 id per item, so sources exported together"
              + " need distinct item ids (or set export.enabled: false)");
        }
      }
    }
    return originalOfDense;
  }

  private ItemIdTable(long[] originalOfDense) {
    this.originalOfDense = originalOfDense;
    int n = originalOfDense.length - 1;
    Integer[] order = new Integer[n];
    for (int i = 0; i < n; i++) order[i] = i + 1;
    Arrays.sort(order, (a, b) -> Long.compare(originalOfDense[a], originalOfDense[b]));
    sortedOriginals = new long[n];
    denseOfSorted = new int[n];
    for (int i = 0; i < n; i++) {
      sortedOriginals[i] = originalOfDense[order[i]];
      denseOfSorted[i] = order[i];
    }
  }

  /**
   * Original ids [batch, any] → dense ids [batch, length], unknown ids and padding dropped, the
   * remaining items kept in order, right-aligned (most recent last), left-padded with 0 and cut to
   * the most recent {@code length}.
   */
  public Operand<TInt32> toDenseHistory(Ops tf, Operand<TInt64> history, int length) {
    Operand<TInt32> dense = toDense(tf, history);
    Operand<TInt32> width = Dims.size(tf, dense, 1);
    // Stable compaction: known items sort after unknown ones, each group in its original order.
    Operand<TInt32> positions = tf.range(tf.constant(0), width, tf.constant(1));
    Operand<TInt32> known = tf.dtypes.cast(tf.math.notEqual(dense, tf.constant(0)), TInt32.class);
    Operand<TInt32> key = tf.math.add(tf.math.mul(known, width), positions);
    Operand<TInt32> order = tf.nn.topK(tf.math.neg(key), width, TInt32.class).indices();
    Operand<TInt32> compact = tf.gather(dense, order, tf.constant(1), Gather.batchDims(1L));
    Operand<TInt32> batch = Dims.size(tf, dense, 0);
    Operand<TInt32> pad = tf.fill(tf.stack(List.of(batch, tf.constant(length))), tf.constant(0));
    Operand<TInt32> padded = tf.concat(List.of(pad, compact), tf.constant(1));
    return tf.slice(padded, tf.stack(List.of(tf.constant(0), width)), tf.constant(new int[] {-1, length}));
  }

  /** Original ids of any shape [batch, n] → dense ids, 0 where unknown. */
  public Operand<TInt32> toDense(Ops tf, Operand<TInt64> original) {
    int n = sortedOriginals.length;
    Operand<TInt64> sorted = tf.constant(new long[][] {sortedOriginals});
    Operand<TInt64> flat = tf.reshape(original, tf.constant(new int[] {1, -1}));
    Operand<TInt32> pos = tf.math.minimum(tf.lowerBound(sorted, flat, TInt32.class), tf.constant(n - 1));
    Operand<TInt64> found = tf.gather(tf.constant(sortedOriginals), pos, tf.constant(0));
    Operand<TInt32> dense = tf.gather(tf.constant(denseOfSorted), pos, tf.constant(0));
    Operand<TInt32> known = tf.select(tf.math.equal(found, flat), dense, tf.zerosLike(dense));
    return tf.reshape(known, tf.shape(original, TInt32.class));
  }

  /** Dense ids (any shape) → original int64 ids. */
  public Operand<TInt64> toOriginal(Ops tf, Operand<TInt32> dense) {
    return tf.gather(tf.constant(originalOfDense), dense, tf.constant(0));
  }

}
