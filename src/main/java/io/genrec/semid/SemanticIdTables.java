package io.genrec.semid;

import io.genrec.nn.Params;
import io.genrec.nn.StateTable;
import io.genrec.tokenize.SemanticIdTrie;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.Session;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;
import org.tensorflow.types.family.TType;

/**
 * What the graph looks up about a catalog's semantic IDs: per level, the sorted mixed-radix keys of
 * the valid prefixes ({@link SemanticIdTrie}) and how many items lie under each; the items in
 * full-key order; each item's codes and prefix keys. Constrained decoding searches the keys, and
 * excludes items inside the search through the counts and prefix keys.
 *
 * <p>Held either as graph constants ({@link #constants}: the IDs are fixed, a SavedModel needs no
 * table to initialise) or as variables of fixed capacity ({@link #variables}: a model that
 * recomputes its IDs during training replaces them with {@link #assign}; every level holds room for
 * one prefix per item, padded with keys no prefix has). Either way the codebook sizes, and so the
 * key layout and the token layout built on it, stay fixed.
 */
public final class SemanticIdTables {
  /** Pads the sorted keys of a variable table: above every real key, so LowerBound never stops before it. */
  static final long NO_KEY = Long.MAX_VALUE;

  private final int[] radices;
  private final int numItems;
  private final int[] maxPrefixes;
  private final List<Operand<TInt64>> sortedKeys;
  private final List<Operand<TInt32>> itemsUnder;
  private final Operand<TInt32> itemsInKeyOrder;
  private final Operand<TInt32> itemCodes;
  private final Operand<TInt64> itemPrefixKeys;
  /** Java copy of the codes, for constant tables only (their item tokens are constants too). */
  private final int[][] constantCodes;
  private final List<Assignment<?>> assignments;

  /** One variable's assign op, fed through its placeholder. */
  private record Assignment<T extends TType>(Placeholder<T> value, Operand<T> assign) {}

  private SemanticIdTables(int[] radices, int numItems, int[] maxPrefixes, List<Operand<TInt64>> sortedKeys,
      List<Operand<TInt32>> itemsUnder, Operand<TInt32> itemsInKeyOrder, Operand<TInt32> itemCodes,
      Operand<TInt64> itemPrefixKeys, int[][] constantCodes, List<Assignment<?>> assignments) {
    this.radices = radices;
    this.numItems = numItems;
    this.maxPrefixes = maxPrefixes;
    this.sortedKeys = sortedKeys;
    this.itemsUnder = itemsUnder;
    this.itemsInKeyOrder = itemsInKeyOrder;
    this.itemCodes = itemCodes;
    this.itemPrefixKeys = itemPrefixKeys;
    this.constantCodes = constantCodes;
    this.assignments = assignments;
  }

  /** Fixed IDs as graph constants. */
  public static SemanticIdTables constants(Ops tf, ItemSemanticIds ids) {
    return constants(tf, ids.table(), ids.radices());
  }

  /**
   * @param codes {@code [numItems + 1][levels]} unique IDs, row 0 unused
   * @param radices codebook size of each level
   */
  public static SemanticIdTables constants(Ops tf, int[][] codes, int[] radices) {
    Values v = Values.of(codes, radices, 0);
    int levels = radices.length;
    List<Operand<TInt64>> keys = new ArrayList<>();
    List<Operand<TInt32>> under = new ArrayList<>();
    int[] maxPrefixes = new int[levels];
    for (int level = 0; level < levels; level++) {
      keys.add(tf.constant(v.keys[level]));
      under.add(tf.constant(v.under[level]));
      maxPrefixes[level] = v.keys[level].length;
    }
    return new SemanticIdTables(radices.clone(), codes.length - 1, maxPrefixes, keys, under,
        tf.constant(v.items), tf.constant(v.codes), tf.constant(v.prefixKeys), v.codes, null);
  }

  /**
   * Variables under {@code scope} (through {@link Params#table}, so checkpoints hold them and a frozen
   * export bakes them), starting at {@code ids}; {@link #assign} replaces them later.
   */
  public static SemanticIdTables variables(Params params, String scope, ItemSemanticIds ids) {
    return variables(params, scope, ids.table(), ids.radices());
  }

  /** As above, from unique IDs {@code [numItems + 1][levels]} (row 0 unused) over these codebook sizes. */
  public static SemanticIdTables variables(Params params, String scope, int[][] codes, int[] radices) {
    Ops tf = params.tf();
    int numItems = codes.length - 1;
    Values v = Values.of(codes, radices, numItems);
    List<Assignment<?>> assignments = new ArrayList<>();
    List<Operand<TInt64>> keys = new ArrayList<>();
    List<Operand<TInt32>> under = new ArrayList<>();
    int[] maxPrefixes = new int[radices.length];
    for (int level = 0; level < radices.length; level++) {
      keys.add(table(params, scope + "/keys_" + level, tf.constant(v.keys[level]), assignments));
      under.add(table(params, scope + "/items_under_" + level, tf.constant(v.under[level]), assignments));
      maxPrefixes[level] = numItems;
    }
    Operand<TInt32> items = table(params, scope + "/items_in_key_order", tf.constant(v.items), assignments);
    Operand<TInt32> itemCodes = table(params, scope + "/item_codes", tf.constant(v.codes), assignments);
    Operand<TInt64> prefixKeys = table(params, scope + "/item_prefix_keys", tf.constant(v.prefixKeys), assignments);
    return new SemanticIdTables(radices.clone(), numItems, maxPrefixes, keys, under, items, itemCodes, prefixKeys,
        null, assignments.isEmpty() ? null : assignments);
  }

  private static <T extends TType> Operand<T> table(Params params, String name, Operand<T> initial,
      List<Assignment<?>> assignments) {
    StateTable<T> table = params.table(name, initial);
    if (table.variable() != null) {
      Ops tf = params.tf();
      Placeholder<T> value = tf.placeholder(initial.type(), Placeholder.shape(initial.shape()));
      assignments.add(new Assignment<>(value, tf.assign(table.variable(), value)));
    }
    return table.value();
  }

  /** True when the tables are variables that {@link #assign} can replace. */
  public boolean refreshable() {
    return assignments != null;
  }

  /**
   * Replaces the IDs in {@code session} (e.g. from a model's before-ranking hook, after recomputing
   * them): every later ranking in that session searches the new IDs. The catalog and the codebook
   * sizes must stay those the tables were built with.
   *
   * @throws IllegalArgumentException naming what does not fit
   * @throws IllegalStateException for constant tables
   */
  public void assign(Session session, ItemSemanticIds ids) {
    assign(session, ids.table());
  }

  /** As above, from unique IDs {@code [numItems + 1][levels]} (row 0 unused). */
  public void assign(Session session, int[][] codes) {
    if (assignments == null) {
      throw new IllegalStateException("these semantic-ID tables are graph constants; build them with variables()");
    }
    if (codes.length - 1 != numItems) {
      throw new IllegalArgumentException("new semantic IDs cover " + (codes.length - 1) + " items, the tables "
          + numItems);
    }
    if (codes[1].length != radices.length) {
      throw new IllegalArgumentException("new semantic IDs have " + codes[1].length + " levels, the tables "
          + radices.length + " (codebook sizes " + Arrays.toString(radices) + ")");
    }
    Values v;
    try {
      v = Values.of(codes, radices, numItems);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("new semantic IDs do not fit the tables' codebook sizes "
          + Arrays.toString(radices) + ": " + e.getMessage(), e);
    }
    List<Tensor> values = new ArrayList<>();
    try {
      for (int level = 0; level < radices.length; level++) {
        values.add(TInt64.vectorOf(v.keys[level]));
        values.add(TInt32.vectorOf(v.under[level]));
      }
      values.add(TInt32.vectorOf(v.items));
      values.add(TInt32.tensorOf(Shape.of(numItems + 1, radices.length), DataBuffers.of(flatten(v.codes), false, false)));
      values.add(TInt64.tensorOf(Shape.of(numItems + 1, radices.length),
          DataBuffers.of(flatten(v.prefixKeys), false, false)));
      Session.Runner runner = session.runner();
      for (int i = 0; i < assignments.size(); i++) {
        runner.feed(assignments.get(i).value(), values.get(i)).addTarget(assignments.get(i).assign());
      }
      runner.run();
    } finally {
      for (Tensor t : values) t.close();
    }
  }

  /** Codebook size of every level. */
  public int[] radices() {
    return radices.clone();
  }

  public int levels() {
    return radices.length;
  }

  public int numItems() {
    return numItems;
  }

  /** The most valid prefixes {@code level} can have (static): exact for constants, the capacity for variables. */
  public int maxPrefixes(int level) {
    return maxPrefixes[level];
  }

  /** int64 [n]: sorted keys of the valid prefixes of length {@code level + 1} (padded with {@link #NO_KEY}). */
  Operand<TInt64> sortedKeys(int level) {
    return sortedKeys.get(level);
  }

  /** int32 [n], aligned with {@link #sortedKeys}: how many items have that prefix (0 for padding). */
  Operand<TInt32> itemsUnder(int level) {
    return itemsUnder.get(level);
  }

  /** int32 [n] aligned with the last level's keys: the item of each full ID (0 for padding). */
  Operand<TInt32> itemsInKeyOrder() {
    return itemsInKeyOrder;
  }

  /** int32 [numItems + 1, levels]: each dense item's codes (row 0 zeros). */
  public Operand<TInt32> itemCodes() {
    return itemCodes;
  }

  /** int64 [numItems + 1, levels]: the key of each item's prefix of length level + 1 (row 0: -1, no key). */
  Operand<TInt64> itemPrefixKeys() {
    return itemPrefixKeys;
  }

  /**
   * int32 [numItems + 1, levels]: each dense item's code tokens in {@code tokens}' vocabulary, row 0
   * (padding) all {@link SemanticIdTokens#PADDING}: what an encoder reading items as codes gathers from.
   */
  public Operand<TInt32> itemTokens(Ops tf, SemanticIdTokens tokens) {
    int levels = radices.length;
    if (constantCodes != null) {
      int[][] itemTokens = new int[constantCodes.length][levels];
      for (int item = 1; item < constantCodes.length; item++) {
        for (int level = 0; level < levels; level++) itemTokens[item][level] = tokens.code(level, constantCodes[item][level]);
      }
      return tf.constant(itemTokens);
    }
    int[] firstToken = new int[levels];
    for (int level = 0; level < levels; level++) firstToken[level] = tokens.code(level, 0);
    int[] padding = new int[numItems + 1];
    Arrays.fill(padding, 1);
    padding[0] = 0;
    // Row 0 is the padding item: its tokens are PADDING (0), not codes.
    return tf.math.mul(tf.math.add(itemCodes, tf.constant(firstToken)),
        tf.expandDims(tf.constant(padding), tf.constant(1)));
  }

  private static int[] flatten(int[][] rows) {
    int width = rows[0].length;
    int[] flat = new int[rows.length * width];
    for (int r = 0; r < rows.length; r++) System.arraycopy(rows[r], 0, flat, r * width, width);
    return flat;
  }

  private static long[] flatten(long[][] rows) {
    int width = rows[0].length;
    long[] flat = new long[rows.length * width];
    for (int r = 0; r < rows.length; r++) System.arraycopy(rows[r], 0, flat, r * width, width);
    return flat;
  }

  /** The tables' contents in Java, exact or padded to a capacity. */
  private static final class Values {
    long[][] keys;
    int[][] under;
    int[] items;
    int[][] codes;
    long[][] prefixKeys;

    /** @param capacity entries per level (padded), or 0 for exactly as many as there are */
    static Values of(int[][] codes, int[] radices, int capacity) {
      SemanticIdTrie trie = new SemanticIdTrie(codes, radices);
      int levels = radices.length;
      int n = codes.length - 1;
      Values v = new Values();
      v.keys = new long[levels][];
      v.under = new int[levels][];
      v.codes = new int[n + 1][levels];
      v.prefixKeys = new long[n + 1][levels];
      Arrays.fill(v.prefixKeys[0], -1L);
      int[] real = new int[levels];
      for (int level = 0; level < levels; level++) {
        long[] sorted = trie.sortedKeys(level);
        real[level] = sorted.length;
        int size = capacity > 0 ? capacity : sorted.length;
        v.keys[level] = Arrays.copyOf(sorted, size);
        Arrays.fill(v.keys[level], sorted.length, size, NO_KEY);
        v.under[level] = new int[size];
      }
      for (int item = 1; item <= n; item++) {
        long key = 0;
        for (int level = 0; level < levels; level++) {
          key = key * radices[level] + codes[item][level];
          v.codes[item][level] = codes[item][level];
          v.prefixKeys[item][level] = key;
          v.under[level][Arrays.binarySearch(v.keys[level], 0, real[level], key)]++;
        }
      }
      int[] inKeyOrder = trie.itemsInKeyOrder();
      v.items = Arrays.copyOf(inKeyOrder, capacity > 0 ? capacity : inKeyOrder.length);
      return v;
    }
  }
}
