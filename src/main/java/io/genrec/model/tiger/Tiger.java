package io.genrec.model.tiger;

import io.genrec.model.ModelSpec;
import io.genrec.model.SequentialRecommender;

import io.genrec.semid.ConstrainedBeamSearch;
import io.genrec.semid.ItemSemanticIds;
import io.genrec.semid.SemanticIdTables;
import io.genrec.semid.SemanticIdTokens;
import io.genrec.tokenize.SemanticIdFile;
import java.io.IOException;
import java.nio.file.Path;
import io.genrec.train.FeedBatch;

import io.genrec.config.RunConfig;
import io.genrec.data.IdMap;
import io.genrec.data.SplitDataset;
import io.genrec.eval.RankingHead;
import io.genrec.nn.Dims;
import io.genrec.nn.Losses;
import io.genrec.nn.Params;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.tensorflow.Operand;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.ReduceMax;
import org.tensorflow.types.TBool;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;

/**
 * TIGER (Rajput et al., NeurIPS 2023): reads a history as the semantic IDs of its items and
 * decodes the next item's semantic ID level by level; recommendations come from beam search
 * constrained to IDs that exist ({@link ConstrainedBeamSearch}), ranked by sequence log-probability.
 *
 * <p>Training is teacher-forced cross-entropy, each level's softmax restricted to that level's codes.
 * The item → code mapping and the valid prefixes ({@link SemanticIdTables}) are graph constants, so an
 * exported SavedModel needs nothing beside itself; built with refreshable IDs they are variables that
 * {@link #assignSemanticIds} replaces (a frozen export bakes what they hold).
 */
public final class Tiger implements SequentialRecommender {
  private static final Logger LOG = LogManager.getLogger(Tiger.class);
  /**
   * Extra serving input (signature {@code serving_extended}): int64 [batch] original user ids, -1 for
   * an unknown user; serving_default, without it, treats every user as unknown.
   */
  public static final String USER_ID = "user_id";
  /** Extra serving output: int64 [batch, k, levels] semantic IDs of the returned items. */
  public static final String TOP_K_CODES = "top_k_codes";

  private final TigerConfig config;
  private final ItemSemanticIds ids;
  private final SemanticIdTokens tokens;
  private final int maxItems;
  private final TigerExamples examples;
  private final long[] userBuckets;
  private final boolean refreshableIds;
  /** The tables of the last {@link #buildRanking}. */
  private SemanticIdTables tables;
  private Placeholder<TInt32> encoderInput;
  private Placeholder<TInt32> decoderInput;
  private Placeholder<TInt32> labels;
  private final Map<String, Operand<?>> servingInputs = new LinkedHashMap<>();
  private final Map<String, Operand<?>> servingOutputs = new LinkedHashMap<>();

  /**
   * @param maxItems history items the encoder reads ({@code data.max_length})
   * @param examples training examples, or null for an inference-only (export) build
   */
  /**
   * @param userBuckets each dense user's bucket (index = dense user id, row 0 unused), which training
   *     and evaluation feed as the user; null without user tokens
   * @param refreshableIds hold the IDs in variables ({@link SemanticIdTables#variables}) that
   *     {@link #assignSemanticIds} replaces, for a model that recomputes its IDs while it trains;
   *     false: graph constants
   */
  public Tiger(TigerConfig config, ItemSemanticIds ids, int maxItems, TigerExamples examples, long[] userBuckets,
      boolean refreshableIds) {
    this.config = config;
    this.ids = ids;
    this.tokens = tokens(config, ids);
    this.maxItems = maxItems;
    this.examples = examples;
    this.userBuckets = tokens.hasUserToken() ? userBuckets : null;
    this.refreshableIds = refreshableIds;
  }

  /** {@code model.name: tiger}. */
  public static final ModelSpec<TigerConfig> SPEC =
      new ModelSpec<>("tiger", TigerConfig.class, TigerConfig::defaults, Tiger::create);

  /**
   * TIGER over a split dataset: semantic IDs loaded (or fitted) for its items, the encoder reading
   * {@code data.max_length} items, training examples from the training sequences.
   *
   * @param forTraining false builds an inference-only instance (export) without training examples
   */
  public static Tiger create(TigerConfig config, RunConfig run, SplitDataset data, boolean forTraining) {
    return create(config, run, data, forTraining, false);
  }

  /** As above; {@code refreshableIds} as in the constructor. */
  public static Tiger create(TigerConfig config, RunConfig run, SplitDataset data, boolean forTraining,
      boolean refreshableIds) {
    // Items held out of the catalog keep their tokens, so genrec items add can bring them back.
    ItemSemanticIds ids = ItemSemanticIds.load(config.semanticIds(), data.data().items(), run.seed(),
        run.data().holdoutItems() != null);
    LOG.info("TIGER semantic IDs: {}", ids);
    int maxItems = run.data().maxLength();
    SemanticIdTokens tokens = tokens(config, ids);
    long[] userBuckets = null;
    if (tokens.hasUserToken()) {
      IdMap users = data.data().users();
      userBuckets = new long[users.size() + 1];
      for (int u = 1; u <= users.size(); u++) userBuckets[u] = tokens.bucketOf(users.original(u));
    }
    TigerExamples examples = null;
    if (forTraining) {
      int[] userTokens = new int[data.train().length];
      if (userBuckets != null) {
        for (int u = 0; u < userTokens.length; u++) userTokens[u] = tokens.user((int) userBuckets[u + 1]);
      }
      examples = new TigerExamples(data.train(), userTokens, ids.table(), tokens, maxItems,
          run.train().batchSize(), run.seed(), config.userDropout(), config.bucketByLength());
      LOG.info("TIGER: {} training examples (every prefix of each training sequence)", examples.examples());
    }
    return new Tiger(config, ids, maxItems, examples, userBuckets, refreshableIds);
  }

  /**
   * An inference-only TIGER over {@code ids} instead of the dataset's: a trained run's weights
   * exported for another catalog, e.g. one grown by items added after training. The IDs must keep
   * the codebook sizes the run was trained with (its token table).
   */
  public static Tiger forCatalog(TigerConfig config, RunConfig run, ItemSemanticIds ids) {
    return new Tiger(config, ids, run.data().maxLength(), null, null, false);
  }

  static SemanticIdTokens tokens(TigerConfig config, ItemSemanticIds ids) {
    return new SemanticIdTokens(ids.radices(), config.userBuckets());
  }

  public SemanticIdTokens tokens() {
    return tokens;
  }

  public ItemSemanticIds semanticIds() {
    return ids;
  }

  /** The token table dominates: its rows are the semantic-ID codebooks, sized by the largest code in the IDs. */
  @Override
  public long parameterEstimate() {
    long d = config.dModel();
    long inner = (long) config.numHeads() * config.headDim();
    long block = io.genrec.nn.ParameterCounts.encoderBlock(d, inner, config.ffDim());
    return io.genrec.nn.ParameterCounts.table(tokens.vocabulary(), d) + config.encoderLayers() * block
        + config.decoderLayers() * (block + io.genrec.nn.ParameterCounts.attention(d, inner) + 2 * d);
  }

  @Override
  public int historyLength() {
    return maxItems;
  }

  @Override
  public Operand<TFloat32> buildLoss(Params params) {
    Ops tf = params.tf();
    int levels = tokens.levels();
    encoderInput = tf.withName("tiger_encoder_input").placeholder(TInt32.class, Placeholder.shape(Shape.of(-1, -1)));
    decoderInput = tf.withName("tiger_decoder_input")
        .placeholder(TInt32.class, Placeholder.shape(Shape.of(-1, levels)));
    labels = tf.withName("tiger_labels").placeholder(TInt32.class, Placeholder.shape(Shape.of(-1, levels)));
    TigerNetwork net = new TigerNetwork(params, config, tokens, maxItems);
    Operand<TFloat32> memory = net.encode(encoderInput);
    int[] positions = new int[levels];
    for (int level = 0; level < levels; level++) positions[level] = level;
    Operand<TFloat32> states = net.decode(decoderInput, positions, memory, TigerNetwork.memoryMask(tf, encoderInput));
    Operand<TFloat32> logits = tf.math.add(net.logits(states), tf.constant(levelBias()));
    return Losses.softmaxCrossEntropy(tf, tf.reshape(logits, tf.constant(new int[] {-1, tokens.codeColumns()})),
        tf.reshape(labels, tf.constant(new int[] {-1})), null);
  }

  /** [levels, codeColumns]: 0 on each level's own codes, -1e9 elsewhere (a per-level softmax). */
  private float[][] levelBias() {
    float[][] bias = new float[tokens.levels()][tokens.codeColumns()];
    for (int level = 0; level < tokens.levels(); level++) {
      Arrays.fill(bias[level], -1e9f);
      for (int code = 0; code < tokens.radix(level); code++) bias[level][tokens.column(level, code)] = 0f;
    }
    return bias;
  }

  @Override
  public RankingHead buildRanking(Params params, Operand<TInt32> history, Operand<TInt32> exclude,
      Operand<TInt32> k) {
    Ops tf = params.tf();
    Operand<TInt32> batch = Dims.size(tf, history, 0);
    // No user ids given (the default) means every user is unknown; only a model with user tokens reads them.
    Operand<TInt64> userIds = tokens.hasUserToken()
        ? tf.withName(USER_ID).placeholderWithDefault(tf.constant(new long[0]), Shape.of(-1)) : null;
    tables = refreshableIds ? SemanticIdTables.variables(params, "tiger/semantic_ids", ids)
        : SemanticIdTables.constants(tf, ids);
    Operand<TInt32> input = encoderInput(tf, tables.itemTokens(tf, tokens), history, userIds);
    TigerNetwork net = new TigerNetwork(params, config, tokens, maxItems);
    Operand<TFloat32> memory = net.encode(input);
    Operand<TBool> memoryMask = TigerNetwork.memoryMask(tf, input);
    ConstrainedBeamSearch search = new ConstrainedBeamSearch(tables, config.beam());
    ConstrainedBeamSearch.Result result = search.search(tf, batch,
        new TigerDecoding(tf, net, tokens, batch, memory, memoryMask), exclude, k);
    servingInputs.clear();
    if (userIds != null) servingInputs.put(USER_ID, userIds);
    servingOutputs.clear();
    servingOutputs.put(TOP_K_CODES, tf.withName(TOP_K_CODES).dtypes.cast(result.codes(), TInt64.class));
    // The evaluator feeds each user's bucket as the user id: floorMod keeps it, so it gets training's token.
    RankingHead.Users users = userIds == null || userBuckets == null ? null
        : new RankingHead.Users(userIds, userBuckets);
    return new RankingHead(history, exclude, k, result.items(), result.scores(), users);
  }

  /**
   * Encoder tokens from dense histories [batch, maxItems] (left-padded): each item's code tokens, then
   * the user token (when the model has one; {@code userIds} is then int64 [given ≤ batch]), cut to
   * the batch's longest history so short histories cost little.
   *
   * @param itemTokens int32 [numItems + 1, levels] ({@link SemanticIdTables#itemTokens})
   */
  Operand<TInt32> encoderInput(Ops tf, Operand<TInt32> itemTokens, Operand<TInt32> history, Operand<TInt64> userIds) {
    int levels = tokens.levels();
    Operand<TInt32> codes = tf.gather(itemTokens, history, tf.constant(0));
    Operand<TInt32> flat = tf.reshape(codes, tf.constant(new int[] {-1, maxItems * levels}));
    if (tokens.hasUserToken()) {
      flat = tf.concat(List.of(flat, tf.expandDims(userTokens(tf, history, userIds), tf.constant(1))),
          tf.constant(1));
    }
    Operand<TInt32> real = tf.reduceMax(
        tf.reduceSum(tf.dtypes.cast(tf.math.notEqual(history, tf.constant(0)), TInt32.class), tf.constant(1)),
        tf.constant(0), ReduceMax.keepDims(false));
    // An empty batch has no maximum (reduce_max gives INT_MIN): keep at least zero items.
    real = tf.math.maximum(real, tf.constant(0));
    Operand<TInt32> start = tf.math.mul(tf.math.sub(tf.constant(maxItems), real), tf.constant(levels));
    return tf.slice(flat, tf.stack(List.of(tf.constant(0), start)), tf.constant(new int[] {-1, -1}));
  }

  /** int32 [batch] user tokens: hashed when a user id ≥ 0 is given for the row, else "unknown". */
  private Operand<TInt32> userTokens(Ops tf, Operand<TInt32> history, Operand<TInt64> userIds) {
    Operand<TInt32> batch = Dims.size(tf, history, 0);
    Operand<TInt64> padded = tf.concat(List.of(userIds,
        tf.fill(tf.expandDims(batch, tf.constant(0)), tf.constant(-1L))), tf.constant(0));
    Operand<TInt64> users = tf.slice(padded, tf.constant(new int[] {0}), tf.expandDims(batch, tf.constant(0)));
    Operand<TInt64> bucket = tf.math.floorMod(users, tf.constant((long) tokens.userBuckets()));
    Operand<TInt32> known = tf.math.add(tf.dtypes.cast(bucket, TInt32.class), tf.constant(tokens.user(0)));
    return tf.select(tf.math.greaterEqual(users, tf.constant(0L)), known,
        tf.fill(tf.expandDims(batch, tf.constant(0)), tf.constant(tokens.unknownUser())));
  }

  /**
   * The final (collision-resolved) semantic IDs as {@code semantic_ids.tsv}, with their codebook sizes
   * beside it: an export of the run reads these instead of {@code model.semantic_ids}.
   */
  @Override
  public void writeRunFiles(Path runDirectory) throws IOException {
    ids.save(runDirectory.resolve(SemanticIdFile.FILE_NAME));
  }

  /**
   * Replaces the semantic IDs the ranking graph searches, in {@code session} (the model must have been
   * built with refreshable IDs): a hook that recomputes IDs calls this before ranking. The catalog
   * and the codebook sizes must stay the same.
   */
  public void assignSemanticIds(Session session, ItemSemanticIds newIds) {
    if (tables == null) throw new IllegalStateException("no ranking graph built yet");
    tables.assign(session, newIds);
  }

  /**
   * True when the last ranking graph holds its IDs in variables {@link #assignSemanticIds} can replace;
   * false for constant IDs, and for a frozen export's graph, whose IDs are baked already.
   */
  public boolean semanticIdsAssignable() {
    return tables != null && tables.refreshable();
  }

  /** The beam caps every call: {@code min(beam, catalog size)} items (the search's last width). */
  @Override
  public int maxK() {
    return Math.min(config.beam(), ids.numItems());
  }

  @Override
  public Map<String, Operand<?>> servingInputs() {
    return Map.copyOf(servingInputs);
  }

  @Override
  public Map<String, Operand<?>> servingOutputs() {
    return Map.copyOf(servingOutputs);
  }

  @Override
  public Iterator<FeedBatch> batches(int epoch) {
    return examples.epoch(epoch, encoderInput, decoderInput, labels);
  }

  /** Up to {@code count} batches of the longest histories in the data: a step's worst case, for benchmarks. */
  public Iterator<FeedBatch> longestHistoryBatches(int count) {
    return examples.longest(count, encoderInput, decoderInput, labels);
  }

  @Override
  public int batchesPerEpoch() {
    return examples.batchesPerEpoch();
  }
}
