package io.genrec.serve;

import io.genrec.data.DataSource;
import io.genrec.data.IdMap;
import static java.nio.charset.StandardCharsets.UTF_8;

import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.tensorflow.Graph;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TString;
import io.genrec.nn.Dims;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Gather;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;

/**
 * The item id mapping as graph constants, so a SavedModel speaks original ids with nothing beside
 * it. Integer ids ({@link Kind#INT64}): original → dense by binary search over the sorted originals
 * (LowerBound; no lookup table to initialise), dense → original by a gather. Any other ids (e.g.
 * Amazon ASINs, {@link Kind#STRING}): the same search over the ids' 63-bit fingerprints
 * (StringToHashBucketFast, computed here by the very op the graph runs), each hit confirmed by
 * comparing the string itself, so an unknown id that shares a fingerprint still reads as unknown.
 * The kind follows the dataset's ids: integers when every one is a distinct non-zero int64.
 */
public final class ItemIdTable {
  /** The dtype of the signature's {@code history} and {@code top_k_ids}. */
  public enum Kind { INT64, STRING }

  private final Kind kind;
  private final long[] sortedOriginals; // INT64: the ids; STRING: their fingerprints
  private final int[] denseOfSorted;
  private final long[] originalOfDense; // INT64 only
  private final String[] stringOfDense; // STRING only; [0] = "" (padding)

  public ItemIdTable(IdMap items) {
    this(List.of(new DataSource("", 0, 1, items, 1, IdMap.of(List.of()))));
  }

  /**
   * The table of a run over {@code sources} (dense ids in source order): each source's own item ids
   * are the serving ids, so they must not repeat across sources.
   */
  public static ItemIdTable of(List<DataSource> sources) {
    return new ItemIdTable(sources);
  }

  private ItemIdTable(List<DataSource> sources) {
    String[] originals = originals(sources);
    long[] asLongs = integers(originals);
    kind = asLongs != null ? Kind.INT64 : Kind.STRING;
    originalOfDense = asLongs;
    stringOfDense = asLongs != null ? null : originals;
    long[] keys = asLongs != null ? asLongs : fingerprints(originals);
    int n = originals.length - 1;
    Integer[] order = new Integer[n];
    for (int i = 0; i < n; i++) order[i] = i + 1;
    Arrays.sort(order, (a, b) -> Long.compare(keys[a], keys[b]));
    sortedOriginals = new long[n];
    denseOfSorted = new int[n];
    for (int i = 0; i < n; i++) {
      sortedOriginals[i] = keys[order[i]];
      denseOfSorted[i] = order[i];
      if (i > 0 && sortedOriginals[i] == sortedOriginals[i - 1]) {
        // 63-bit fingerprints of distinct ids: about one chance in 10^7 for 10^6 items.
        throw new IllegalArgumentException("item ids '" + originals[order[i - 1]] + "' and '" + originals[order[i]]
            + "' share a fingerprint; the SavedModel cannot tell them apart");
      }
    }
  }

  /** Originals by dense id ([0] = ""), checked to be one id per item across sources. */
  private static String[] originals(List<DataSource> sources) {
    int n = sources.stream().mapToInt(DataSource::itemCount).sum();
    String[] originals = new String[n + 1];
    originals[0] = "";
    Map<String, String> owner = sources.size() > 1 ? new HashMap<>() : null;
    for (DataSource source : sources) {
      for (int dense = source.firstItem(); dense <= source.lastItem(); dense++) {
        String original = source.originalItem(dense);
        originals[dense] = original;
        String before = owner == null ? null : owner.putIfAbsent(original, source.name());
        if (before != null) {
          throw new IllegalArgumentException("item id " + original + " is in sources " + before + " and "
              + source.name() + ": a SavedModel takes one id per item, so sources exported together"
              + " need distinct item ids (or set export.enabled: false)");
        }
      }
    }
    return originals;
  }

  /** The ids as int64 by dense id, or null when one is not an integer, is 0 (padding) or repeats. */
  private static long[] integers(String[] originals) {
    long[] values = new long[originals.length];
    Set<Long> seen = new HashSet<>();
    for (int dense = 1; dense < originals.length; dense++) {
      try {
        values[dense] = Long.parseLong(originals[dense]);
      } catch (NumberFormatException e) {
        return null;
      }
      if (values[dense] == 0 || !seen.add(values[dense])) return null;
    }
    return values;
  }

  /** StringToHashBucketFast of each id, by the op the serving graph runs (no second implementation to drift). */
  private static long[] fingerprints(String[] originals) {
    try (Graph g = new Graph(); Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      Operand<TInt64> hashes = tf.strings.toHashBucketFast(tf.constant(UTF_8, originals), BUCKETS);
      try (Result r = s.runner().fetch(hashes).run()) {
        TInt64 values = (TInt64) r.get(0);
        long[] out = new long[originals.length];
        for (int i = 0; i < out.length; i++) out[i] = values.getLong(i);
        return out;
      }
    }
  }

  private static final long BUCKETS = Long.MAX_VALUE;

  public Kind kind() {
    return kind;
  }

  /** A placeholder [batch, any] for original ids of this table's kind. */
  public Placeholder<?> historyPlaceholder(Ops tf) {
    return kind == Kind.INT64 ? tf.placeholder(TInt64.class, Placeholder.shape(Shape.of(-1, -1)))
        : tf.placeholder(TString.class, Placeholder.shape(Shape.of(-1, -1)));
  }

  /**
   * Original ids [batch, any] → dense ids [batch, length], unknown ids and padding dropped, the
   * remaining items kept in order, right-aligned (most recent last), left-padded with 0 and cut to
   * the most recent {@code length}.
   */
  public Operand<TInt32> toDenseHistory(Ops tf, Operand<?> history, int length) {
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
  @SuppressWarnings("unchecked")
  public Operand<TInt32> toDense(Ops tf, Operand<?> original) {
    return kind == Kind.INT64 ? toDenseInt(tf, (Operand<TInt64>) original) : toDenseString(tf, (Operand<TString>) original);
  }

  private Operand<TInt32> toDenseString(Ops tf, Operand<TString> original) {
    int n = sortedOriginals.length;
    Operand<TString> flat = tf.reshape(original, tf.constant(new int[] {1, -1}));
    Operand<TInt64> hashes = tf.strings.toHashBucketFast(flat, BUCKETS);
    Operand<TInt64> sorted = tf.constant(new long[][] {sortedOriginals});
    Operand<TInt32> pos = tf.math.minimum(tf.lowerBound(sorted, hashes, TInt32.class), tf.constant(n - 1));
    Operand<TInt32> dense = tf.gather(tf.constant(denseOfSorted), pos, tf.constant(0));
    Operand<TString> found = tf.gather(tf.constant(UTF_8, stringOfDense), dense, tf.constant(0));
    Operand<TInt32> known = tf.select(tf.math.equal(found, flat), dense, tf.zerosLike(dense));
    return tf.reshape(known, tf.shape(original, TInt32.class));
  }

  private Operand<TInt32> toDenseInt(Ops tf, Operand<TInt64> original) {
    int n = sortedOriginals.length;
    Operand<TInt64> sorted = tf.constant(new long[][] {sortedOriginals});
    Operand<TInt64> flat = tf.reshape(original, tf.constant(new int[] {1, -1}));
    Operand<TInt32> pos = tf.math.minimum(tf.lowerBound(sorted, flat, TInt32.class), tf.constant(n - 1));
    Operand<TInt64> found = tf.gather(tf.constant(sortedOriginals), pos, tf.constant(0));
    Operand<TInt32> dense = tf.gather(tf.constant(denseOfSorted), pos, tf.constant(0));
    Operand<TInt32> known = tf.select(tf.math.equal(found, flat), dense, tf.zerosLike(dense));
    return tf.reshape(known, tf.shape(original, TInt32.class));
  }

  /** Dense ids (any shape) → original ids: int64, or strings for a {@link Kind#STRING} table. */
  public Operand<?> toOriginal(Ops tf, Operand<TInt32> dense) {
    return kind == Kind.INT64 ? tf.gather(tf.constant(originalOfDense), dense, tf.constant(0))
        : tf.gather(tf.constant(UTF_8, stringOfDense), dense, tf.constant(0));
  }

}
