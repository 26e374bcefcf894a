package io.genrec.model.diger;

import io.genrec.tokenize.Tokenization;

import io.genrec.config.ConfigException;
import io.genrec.config.RunConfig;
import io.genrec.data.SplitDataset;
import io.genrec.eval.RankingHead;
import io.genrec.model.ModelSpec;
import io.genrec.model.SequentialRecommender;
import io.genrec.model.tiger.TigerDecoding;
import io.genrec.model.tiger.TigerNetwork;
import io.genrec.nn.Dims;
import io.genrec.nn.Params;
import io.genrec.semid.ConstrainedBeamSearch;
import io.genrec.semid.SemanticIdTables;
import io.genrec.semid.SemanticIdTokens;
import io.genrec.tokenize.ItemEmbeddings;
import io.genrec.tokenize.RqVae;
import io.genrec.tokenize.TokenizeConfig;
import io.genrec.train.FeedBatch;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.ReduceMax;
import org.tensorflow.op.core.Unique;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TBool;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;

/**
 * DIGER: TIGER's encoder-decoder ({@link TigerNetwork}, {@link TigerDecoding}) over semantic IDs that
 * an RQ-VAE in the same graph ({@link DigerTokenizer}) assigns, so the recommendation loss reaches
 * the tokenizer.
 *
 * <p>The gradient path: every item of a batch (history and target, deduplicated) goes from its
 * frozen content embedding through the tokenizer; at every level its code enters the recommender as
 * indicator × token table, the indicator being the straight-through one-hot of the assignment
 * (forward exactly one-hot, so exactly the looked-up row; backward through the soft probabilities),
 * and each target level's cross-entropy is taken against that indicator. Looked-up row plus
 * {@code (y − sg(y)) × table} is that product, computed without a dense one-hot matmul. The collision
 * level comes from the current ID table and carries no gradient.
 *
 * <p>Before every ranking the IDs are recomputed without noise ({@link DigerIds}), logged, and written
 * into the graph's ID table; checkpoints keep them (and FrqUD's usage averages), so a resumed run,
 * the test and the export rank with the IDs the weights were validated with.
 */
public final class Diger implements SequentialRecommender {
  private static final Logger LOG = LogManager.getLogger(Diger.class);
  /** Extra serving output: int64 [batch, k, levels] semantic IDs of the returned items. */
  public static final String TOP_K_CODES = "top_k_codes";
  static final String IDS_FILE = "diger_semantic_ids.tsv";
  /** SDUD's σ trains in this parameter group (the tokenizer's is {@link DigerTokenizer#GROUP}). */
  static final String SIGMA_GROUP = "sigma";
  /** The export's second signature: a content embedding to its semantic ID. */
  public static final String ITEM_SIGNATURE = "item_semantic_id";
  public static final String ITEM_EMBEDDING = "item_embedding";
  public static final String ID_PREFIX = "semantic_id_prefix";
  public static final String COLLISION_CODE = "collision_code";
  static final String USAGE_FILE = "diger_usage.json";

  /** {@code model.name: diger}. */
  public static final ModelSpec<DigerConfig> SPEC =
      new ModelSpec<>("diger", DigerConfig.class, DigerConfig::defaults, Diger::create);

  private final DigerConfig config;
  private final DigerTokenizer tokenizer;
  /** {@code [numItems + 1][dim]} frozen content embeddings, row 0 zeros. */
  private final float[][] embeddings;
  private final SemanticIdTokens tokens;
  private final int maxItems;
  private final DigerExamples examples;
  private final UsageAverages usage;
  private DigerIds ids;
  /** Set by loadState: the next ranking uses these IDs instead of recomputing them. */
  private boolean idsLoaded;
  /** Items of the dataset the run trained on; {@link #addItems} appends others after them. */
  private final int catalogItems;
  /** Prefixes of items added after training ({@link #addItems}); null when none. */
  private int[][] addedPrefixes;
  private Map<String, Double> lastStats = Map.of();

  private Placeholder<TInt32> historyFeed;
  private Placeholder<TInt32> targetFeed;
  private Placeholder<TFloat32> usageFeed;
  private Variable<TInt32> itemTokens;
  private Placeholder<TInt32> itemTokensValue;
  private Operand<TInt32> assignItemTokens;
  private Operand<TInt32> refreshCodes;
  private Operand<TFloat32> usageCounts;
  /** SDUD's σ [levels], set by {@link #noise} in SDUD mode. */
  private Operand<TFloat32> sigma;
  /**
   * The training graph's semantic-ID tables (variables), which its search reads and every ranking
   * refreshes; an export's graph builds constant tables of its own and leaves this one alone.
   */
  private SemanticIdTables trainingTables;
  private final Map<String, Operand<TFloat32>> diagnostics = new LinkedHashMap<>();
  private final Map<String, Operand<?>> servingOutputs = new LinkedHashMap<>();
  private final List<org.tensorflow.Signature> servingSignatures = new ArrayList<>();

  Diger(DigerConfig config, RqVae start, float[][] embeddings, int maxItems, DigerExamples examples) {
    this.config = config;
    this.tokenizer = new DigerTokenizer(start, config);
    this.embeddings = embeddings;
    this.maxItems = maxItems;
    this.examples = examples;
    this.ids = DigerIds.of(withPaddingRow(start.encode(withoutPaddingRow(embeddings))), start.codebookSize(),
        config.collisionCodes());
    this.tokens = new SemanticIdTokens(ids.radices(), 0);
    this.catalogItems = ids.numItems();
    this.usage = config.assignment() == DigerConfig.Assignment.FRQUD
        ? new UsageAverages(start.levels(), start.codebookSize(), config.usageMomentum()) : null;
    LOG.info("DIGER: {} assignment, start IDs {}", config.assignment(), ids.stats());
  }

  /**
   * The saved RQ-VAE under {@code model.tokenizer_init}: a {@code genrec tokenize} output directory
   * (which keeps it in {@code tokenizer/}) or that tokenizer directory itself.
   */
  static Path tokenizerDir(Path init) {
    Path inside = init.resolve(Tokenization.TOKENIZER_DIR);
    return Files.isRegularFile(init.resolve("tokenizer.json")) || !Files.isDirectory(inside) ? init : inside;
  }

  /** DIGER over a split dataset: the tokenizer and content embeddings loaded, examples from the training sequences. */
  public static Diger create(DigerConfig config, RunConfig run, SplitDataset data, boolean forTraining) {
    RqVae start;
    float[][] embeddings;
    try {
      start = RqVae.load(tokenizerDir(Path.of(config.tokenizerInit())));
      embeddings = ItemEmbeddings.load(List.of(Path.of(config.itemEmbeddings())), TokenizeConfig.Fusion.values()[0], 0,
          data.data().items().originals());
    } catch (IOException e) {
      throw new UncheckedIOException("DIGER inputs (model.tokenizer_init, model.item_embeddings): " + e.getMessage(), e);
    }
    if (embeddings[0].length != start.embeddingDim()) {
      throw new ConfigException("model.item_embeddings " + config.itemEmbeddings() + " has width " + embeddings[0].length
          + ", the tokenizer in model.tokenizer_init " + config.tokenizerInit() + " was fitted on width " + start.embeddingDim());
    }
    int maxItems = run.data().maxLength();
    DigerExamples examples = forTraining
        ? new DigerExamples(data.train(), maxItems, run.train().batchSize(), run.seed(), true) : null;
    return new Diger(config, start, embeddings, maxItems, examples);
  }

  @Override
  public int historyLength() {
    return maxItems;
  }

  /** The IDs the next ranking uses. */
  int[][] semanticIds() {
    return ids.table();
  }

  @Override
  public Operand<TFloat32> buildLoss(Params params) {
    Ops tf = params.tf();
    historyFeed = tf.withName("diger_history").placeholder(TInt32.class, Placeholder.shape(Shape.of(-1, -1)));
    targetFeed = tf.withName("diger_target").placeholder(TInt32.class, Placeholder.shape(Shape.of(-1)));
    itemTokens = params.state("diger/item_tokens", tf.constant(ids.tokens(tokens)));
    itemTokensValue = tf.placeholder(TInt32.class, Placeholder.shape(itemTokens.shape()));
    assignItemTokens = tf.assign(itemTokens, itemTokensValue);
    Operand<TInt32> tokenTable = tf.identity(itemTokens);
    TigerNetwork net = new TigerNetwork(params, config.network(), tokens, maxItems);

    int levels = tokenizer.levels();
    int all = levels + 1;
    Operand<TInt32> batch = Dims.size(tf, historyFeed, 0);
    BatchTokens in = config.assignment().trainsTokenizer()
        ? assignedTokens(params, net, tokenTable, batch) : fixedTokens(tf, tokenTable, batch);
    Operand<TInt32> encoderTokens = in.encoderTokens();
    Operand<TInt32> targetTokens = in.targetTokens();
    Operand<TFloat32> targetOffsets = in.targetOffsets();

    // Decoder input: BOS, then the target's codes but the last, each with its straight-through offset.
    Operand<TInt32> decoderTokens = tf.concat(List.of(
        tf.fill(tf.stack(List.of(batch, tf.constant(1))), tf.constant(SemanticIdTokens.BOS)),
        tf.slice(targetTokens, tf.constant(new int[] {0, 0}), tf.constant(new int[] {-1, levels}))), tf.constant(1));
    Operand<TFloat32> decoderOffsets = targetOffsets == null ? null : tf.concat(List.of(
        tf.zeros(tf.stack(List.of(batch, tf.constant(1), tf.constant(config.dModel()))), TFloat32.class),
        tf.slice(targetOffsets, tf.constant(new int[] {0, 0, 0}), tf.constant(new int[] {-1, levels, -1}))),
        tf.constant(1));
    Operand<TFloat32> memory = net.encode(encoderTokens, in.encoderOffsets());
    int[] decoderPositions = new int[all];
    for (int level = 0; level < all; level++) decoderPositions[level] = level;
    Operand<TFloat32> states = net.decode(decoderTokens, decoderOffsets, decoderPositions, memory,
        TigerNetwork.memoryMask(tf, encoderTokens));
    Operand<TFloat32> ce = crossEntropy(tf, net.logits(states), in);
    diagnostics.put("rec_ce", ce);
    Operand<TFloat32> rec = ce;
    if (config.assignment() == DigerConfig.Assignment.SDUD) {
      rec = DigerNoise.uncertaintyLoss(tf, ce, sigma, config.sigmaLambda());
      for (int level = 0; level < levels; level++) {
        diagnostics.put("sigma_" + level, tf.gather(sigma, tf.constant(level), tf.constant(0)));
      }
    }
    Operand<TFloat32> loss = tf.math.mul(tf.constant((float) config.recWeight()), rec);
    return in.tokenizerLoss() == null ? loss : tf.math.add(loss, in.tokenizerLoss());
  }

  /**
   * What the recommender reads of one batch: encoder tokens [batch, width·levels] and decoder-side
   * target tokens [batch, levels] (the collision level last), with the straight-through offsets
   * added to their embeddings ([..., dModel]) and each target level's soft offset [batch, K] for
   * the cross-entropy; offsets and the tokenizer's loss are null when nothing trains the tokenizer.
   */
  private record BatchTokens(Operand<TInt32> encoderTokens, Operand<TFloat32> encoderOffsets,
      Operand<TInt32> targetTokens, Operand<TFloat32> targetOffsets, List<Operand<TFloat32>> targetSoftOffsets,
      Operand<TFloat32> tokenizerLoss) {}

  /** The frozen mode: every item's tokens from the fixed ID table. */
  private BatchTokens fixedTokens(Ops tf, Operand<TInt32> tokenTable, Operand<TInt32> batch) {
    int all = tokens.levels();
    Operand<TInt32> width = Dims.size(tf, historyFeed, 1);
    Operand<TInt32> encoderTokens = tf.reshape(tf.gather(tokenTable, historyFeed, tf.constant(0)),
        tf.stack(List.of(batch, tf.math.mul(width, tf.constant(all)))));
    Operand<TInt32> targetTokens = tf.gather(tokenTable, targetFeed, tf.constant(0));
    return new BatchTokens(encoderTokens, null, targetTokens, null, null, null);
  }

  /**
   * Every other mode: the batch's distinct items through the tokenizer (the assignment's codes, the
   * collision code from the ID table), their straight-through offsets {@code (y − sg(y)) × table},
   * the tokenizer's loss terms, FrqUD's usage counts and the catalog-wide refresh.
   */
  private BatchTokens assignedTokens(Params params, TigerNetwork net, Operand<TInt32> tokenTable,
      Operand<TInt32> batch) {
    Ops tf = params.tf();
    int levels = tokenizer.levels();
    int all = levels + 1;
    Operand<TInt32> width = Dims.size(tf, historyFeed, 1);
    Unique<TInt32, TInt32> unique = tf.unique(
        tf.concat(List.of(tf.reshape(historyFeed, tf.constant(new int[] {-1})), targetFeed), tf.constant(0)),
        tf.constant(new int[] {0}), TInt32.class);
    Operand<TInt32> items = unique.y();
    Operand<TFloat32> real = tf.dtypes.cast(tf.math.notEqual(items, tf.constant(0)), TFloat32.class);
    // The frozen encoder layers' output per item is a constant table: no step recomputes it.
    Operand<TFloat32> contents = tf.constant(tokenizer.frozenOutputs(embeddings));
    Operand<TFloat32> z = tokenizer.encodeTrained(params, tf.gather(contents, items, tf.constant(0)));
    List<Operand<TFloat32>> books = tokenizer.codebooks(params);
    Operand<TInt32> positions = unique.idx();
    Operand<TInt32> historyCount = tf.math.mul(batch, width);
    Operand<TInt32> targetRows = tf.slice(positions, tf.expandDims(historyCount, tf.constant(0)),
        tf.expandDims(batch, tf.constant(0)));
    DigerTokenizer.Pass pass = tokenizer.train(tf, z, books, noise(params, z, books), real,
        config.sinkhornRows() == DigerConfig.SinkhornRows.TARGETS ? targetRows : null);
    // Per unique item: its tokens ([levels] from the pass, the collision code from the table) and offsets.
    int[] first = new int[levels];
    for (int level = 0; level < levels; level++) first[level] = tokens.code(level, 0);
    Operand<TInt32> collision = tf.slice(tf.gather(tokenTable, items, tf.constant(0)),
        tf.constant(new int[] {0, levels}), tf.constant(new int[] {-1, 1}));
    Operand<TInt32> forward = config.recCodes() == DigerConfig.RecCodes.TABLE
        ? tf.gather(tokenTable, items, tf.constant(0))
        : tf.concat(List.of(tf.math.add(pass.codes(), tf.constant(first)), collision), tf.constant(1));
    Operand<TInt32> rowTokens = tf.math.mul(forward, tf.expandDims(tf.dtypes.cast(real, TInt32.class), tf.constant(1)));
    Operand<TFloat32> table = net.tokenTable();
    List<Operand<TFloat32>> levelOffsets = new ArrayList<>();
    for (int level = 0; level < levels; level++) {
      Operand<TFloat32> rows = tf.slice(table, tf.constant(new int[] {tokens.code(level, 0), 0}),
          tf.constant(new int[] {tokens.radix(level), config.dModel()}));
      levelOffsets.add(tf.linalg.matMul(pass.offsets().get(level), rows));
    }
    levelOffsets.add(tf.zerosLike(levelOffsets.get(0)));
    Operand<TFloat32> rowOffsets = tf.math.mul(tf.stack(levelOffsets, org.tensorflow.op.core.Stack.axis(1L)),
        tf.reshape(real, tf.constant(new int[] {-1, 1, 1})));
    Operand<TInt32> historyRows = tf.reshape(tf.slice(positions, tf.constant(new int[] {0}),
        tf.expandDims(historyCount, tf.constant(0))), tf.stack(List.of(batch, width)));
    Operand<TInt32> flatWidth = tf.math.mul(width, tf.constant(all));
    Operand<TInt32> encoderTokens = tf.reshape(tf.gather(rowTokens, historyRows, tf.constant(0)),
        tf.stack(List.of(batch, flatWidth)));
    Operand<TFloat32> encoderOffsets = tf.reshape(tf.gather(rowOffsets, historyRows, tf.constant(0)),
        tf.stack(List.of(batch, flatWidth, tf.constant(config.dModel()))));
    Operand<TInt32> targetTokens = tf.gather(rowTokens, targetRows, tf.constant(0));
    // How often the codes the recommender is trained on are the catalog's IDs it is ranked with (the
    // first levels; 1 by construction under rec_codes table): low means near-random labels.
    Operand<TInt32> head = tf.constant(new int[] {0, 0});
    Operand<TInt32> headSize = tf.constant(new int[] {-1, levels});
    diagnostics.put("label_agreement", tf.math.mean(tf.dtypes.cast(tf.math.equal(
        tf.slice(targetTokens, head, headSize),
        tf.slice(tf.gather(tokenTable, targetFeed, tf.constant(0)), head, headSize)), TFloat32.class),
        tf.constant(new int[] {0, 1})));
    Operand<TFloat32> targetOffsets = tf.gather(rowOffsets, targetRows, tf.constant(0));
    List<Operand<TFloat32>> targetSoftOffsets = new ArrayList<>();
    for (int level = 0; level < levels; level++) {
      targetSoftOffsets.add(tf.gather(pass.offsets().get(level), targetRows, tf.constant(0)));
    }
    Operand<TFloat32> reconstruction = DigerTokenizer.meanSquared(tf, pass.quantized(), pass.latent(), real);
    Operand<TFloat32> tokenizerLoss = tf.math.add(
        tf.math.mul(tf.constant((float) config.reconstructionWeight()), reconstruction),
        tf.math.mul(tf.constant((float) config.codebookWeight()), pass.codebookLoss()));
    diagnostics.put("reconstruction", reconstruction);
    if (config.decoderWeight() > 0) {
      // As genrec tokenize trains the decoder: it reads z + sg(ẑ − z), so the encoder gets its gradient directly.
      Operand<TFloat32> straightThrough = tf.math.add(pass.latent(),
          tf.stopGradient(tf.math.sub(pass.quantized(), pass.latent())));
      Operand<TFloat32> x = tf.gather(tf.constant(embeddings), items, tf.constant(0));
      Operand<TFloat32> decoded = DigerTokenizer.meanSquared(tf, tokenizer.decode(params, straightThrough), x, real);
      tokenizerLoss = tf.math.add(tokenizerLoss, tf.math.mul(tf.constant((float) config.decoderWeight()), decoded));
      diagnostics.put("decoder_reconstruction", decoded);
    }
    diagnostics.put("codebook_loss", pass.codebookLoss());
    diagnostics.put("gumbel_share", pass.noisyShare());
    Operand<TInt32> targetCodes = tf.gather(pass.deterministic(), targetRows, tf.constant(0));
    List<Operand<TFloat32>> counts = new ArrayList<>();
    for (int level = 0; level < levels; level++) {
      counts.add(CodeAssignment.histogram(tf, tf.squeeze(tf.slice(targetCodes, tf.constant(new int[] {0, level}),
          tf.constant(new int[] {-1, 1})), org.tensorflow.op.core.Squeeze.axis(List.of(1L))),
          tokenizer.codebookSize()));
    }
    usageCounts = tf.stack(counts);
    // Every real item (no padding row): an ID refresh codes the whole catalog at once.
    Operand<TFloat32> catalog = tf.slice(contents, tf.constant(new int[] {1, 0}), tf.constant(new int[] {-1, -1}));
    refreshCodes = tokenizer.codes(tf, tokenizer.encodeTrained(params.inferenceView(), catalog),
        tokenizer.codebooks(params.inferenceView()));
    return new BatchTokens(encoderTokens, encoderOffsets, targetTokens, targetOffsets, targetSoftOffsets,
        tokenizerLoss);
  }

  /**
   * Mean over the batch and every level of the cross-entropy against the target's indicator, each
   * level's softmax over its own codes: exactly the usual cross-entropy forward, and through the soft
   * offsets a gradient into the assignment.
   */
  private Operand<TFloat32> crossEntropy(Ops tf, Operand<TFloat32> logits, BatchTokens in) {
    int levels = tokenizer.levels();
    int all = levels + 1;
    Operand<TInt32> targetTokens = in.targetTokens();
    List<Operand<TFloat32>> targetSoftOffsets = in.targetSoftOffsets();
    Operand<TFloat32> ce = null;
    for (int level = 0; level < all; level++) {
      Operand<TFloat32> levelLogits = tf.reshape(
          tf.slice(logits, tf.constant(new int[] {0, level, tokens.columnOffset(level)}),
              tf.constant(new int[] {-1, 1, tokens.radix(level)})), tf.constant(new int[] {-1, tokens.radix(level)}));
      Operand<TInt32> code = tf.math.sub(tf.reshape(tf.slice(targetTokens, tf.constant(new int[] {0, level}),
          tf.constant(new int[] {-1, 1})), tf.constant(new int[] {-1})), tf.constant(tokens.code(level, 0)));
      Operand<TFloat32> indicator = tf.oneHot(code, tf.constant(tokens.radix(level)), tf.constant(1f), tf.constant(0f));
      if (targetSoftOffsets != null && level < levels) indicator = tf.math.add(indicator, targetSoftOffsets.get(level));
      Operand<TFloat32> levelCe = tf.math.neg(tf.math.mean(
          tf.sum(tf.math.mul(indicator, tf.nn.logSoftmax(levelLogits)), tf.constant(1)), tf.constant(0)));
      ce = ce == null ? levelCe : tf.math.add(ce, levelCe);
    }
    ce = tf.math.div(ce, tf.constant((float) all));
    return ce;
  }

  /** The noise of the configured assignment mode, over the batch's latents {@code z}. */
  private DigerTokenizer.Noise noise(Params params, Operand<TFloat32> z, List<Operand<TFloat32>> books) {
    Ops tf = params.tf();
    float tau = (float) config.gumbelTau();
    switch (config.assignment()) {
      case STE:
        return DigerNoise.none(tau);
      case GUMBEL:
        return DigerNoise.gumbel(params, tau);
      case FRQUD: {
        usageFeed = tf.withName("diger_usage").placeholder(TFloat32.class,
            Placeholder.shape(Shape.of(tokenizer.levels(), tokenizer.codebookSize())));
        Operand<TFloat32> levelZero = tf.reshape(tf.slice(usageFeed, tf.constant(new int[] {0, 0}),
            tf.constant(new int[] {1, -1})), tf.constant(new int[] {-1}));
        Operand<TBool> hot = DigerNoise.hot(tf, DigerTokenizer.nearest(tf, z, books.get(0)), levelZero,
            config.hotRatio(), tokenizer.codebookSize());
        return DigerNoise.frequency(params, tau, hot);
      }
      case SDUD: {
        // Group "sigma": train.param_groups.sigma sets its learning rate (the reference: 1e-3).
        sigma = params.group(SIGMA_GROUP).variable("diger/sigma", Shape.of(tokenizer.levels()),
            io.genrec.nn.Init.constant((float) config.sigmaInit()), true).value();
        return DigerNoise.learned(params, tau, sigma);
      }
      default:
        throw new IllegalStateException("no noise for assignment " + config.assignment());
    }
  }

  /**
   * A fit is about to train from these weights: IDs a resume loaded describe weights that will move,
   * so the next ranking recomputes them (only after {@code restoreBest} does a ranking take the
   * loaded IDs as they are).
   */
  @Override
  public void onStart(Session session) {
    // A fresh run codes the catalog by the refresh's own rule before the first step: with Sinkhorn on,
    // the tokenizer's nearest-code IDs differ from it for most items (6,994 of Beauty's 12,101 at the
    // first refresh), which would retrain the recommender on new IDs after its first validation.
    if (!idsLoaded && refreshCodes != null) beforeRanking(session);
    idsLoaded = false;
  }

  @Override
  public Map<String, Operand<TFloat32>> diagnostics() {
    return Map.copyOf(diagnostics);
  }

  @Override
  public List<Operand<?>> afterStepFetches() {
    return usage == null ? List.of() : List.of(usageCounts);
  }

  @Override
  public void afterStep(Session session, List<Tensor> fetched) {
    if (usage != null) usage.update((TFloat32) fetched.get(0));
  }

  @Override
  public Iterator<FeedBatch> batches(int epoch) {
    return examples.epoch(epoch, historyFeed, targetFeed, batch -> {
      if (usage != null) batch.put(usageFeed, usage.tensor());
    });
  }

  @Override
  public int batchesPerEpoch() {
    return examples.batchesPerEpoch();
  }

  /**
   * Recomputes every item's ID without noise (or takes the IDs a checkpoint restored), logs what
   * changed, and writes them into the training graph's ID table. Sessions of other graphs (an
   * export's) hold the IDs as constants already.
   */
  @Override
  public void beforeRanking(Session session) {
    if (assignItemTokens == null || session.graph() != ((org.tensorflow.Graph) itemTokens.env())) {
      return;
    }
    if (!idsLoaded && refreshCodes != null) {
      int[][] codes;
      try (Result r = session.runner().fetch(refreshCodes).run()) {
        TInt32 t = (TInt32) r.get(0);
        int n = Math.toIntExact(t.shape().get(0));
        int levels = Math.toIntExact(t.shape().get(1));
        int[] flat = new int[n * levels];
        t.copyTo(DataBuffers.of(flat, false, false));
        codes = new int[n + 1][levels];
        for (int item = 1; item <= n; item++) System.arraycopy(flat, (item - 1) * levels, codes[item], 0, levels);
      }
      DigerIds next = DigerIds.of(codes, tokenizer.codebookSize(), config.collisionCodes());
      Map<String, Double> stats = next.stats();
      stats.put("changed_items", (double) next.changedSince(ids));
      LOG.info("DIGER IDs refreshed: {}", stats);
      lastStats = stats;
      ids = next;
    }
    idsLoaded = false;
    int[][] table = ids.tokens(tokens);
    int[] flat = new int[table.length * table[0].length];
    for (int item = 0; item < table.length; item++) System.arraycopy(table[item], 0, flat, item * table[0].length,
        table[0].length);
    try (TInt32 value = TInt32.tensorOf(Shape.of(table.length, table[0].length), DataBuffers.of(flat, false, false))) {
      session.runner().feed(itemTokensValue, value).addTarget(assignItemTokens).run();
    }
    if (trainingTables != null && trainingTables.refreshable()) trainingTables.assign(session, ids.table());
  }

  /** What the last refresh found: codes used and perplexity per level, prefixes, collisions, changed items. */
  @Override
  public Map<String, Double> rankingStats() {
    return java.util.Collections.unmodifiableMap(new LinkedHashMap<>(lastStats));
  }

  @Override
  public void saveState(Path checkpointDir) throws IOException {
    ids.save(checkpointDir.resolve(IDS_FILE));
    if (usage != null) usage.save(checkpointDir.resolve(USAGE_FILE));
  }

  @Override
  public void loadState(Path checkpointDir) throws IOException {
    Path file = checkpointDir.resolve(IDS_FILE);
    if (Files.exists(file)) {
      ids = withAdded(DigerIds.load(file, catalogItems, tokenizer.codebookSize(), config.collisionCodes()));
      idsLoaded = true;
      // The next ranking keeps these IDs: its stats are theirs (the best epoch's, at test time).
      lastStats = ids.stats();
    }
    Path usageFile = checkpointDir.resolve(USAGE_FILE);
    if (usage != null && Files.exists(usageFile)) usage.load(usageFile);
  }

  /**
   * Appends items the run never saw, for an export that can recommend them: dense ids after the
   * catalog's, in the order given, each with its tokenizer prefix (from {@link #prefixesOf}) and
   * the next collision code of that prefix. Old items keep their IDs (collision codes number a
   * prefix's items in item order, and the new ones come last), here and in the IDs a checkpoint's
   * state restores. For an inference-only instance (an export).
   *
   * @param prefixes {@code [newItems][levels]} tokenizer codes
   * @throws IllegalArgumentException naming the prefix when its collision level is full
   */
  public void addItems(int[][] prefixes) {
    if (examples != null) throw new IllegalStateException("items are added to an export's model, not a training one");
    addedPrefixes = prefixes.clone();
    ids = withAdded(ids);
  }

  /** {@code base} (the catalog's IDs) with the added items after them. */
  private DigerIds withAdded(DigerIds base) {
    if (addedPrefixes == null) return base;
    int[][] prefixes = base.prefixes();
    int[][] all = java.util.Arrays.copyOf(prefixes, catalogItems + 1 + addedPrefixes.length);
    System.arraycopy(addedPrefixes, 0, all, catalogItems + 1, addedPrefixes.length);
    try {
      return DigerIds.of(all, tokenizer.codebookSize(), config.collisionCodes());
    } catch (IllegalStateException e) {
      throw new IllegalArgumentException("new items: " + e.getMessage().replaceFirst(
          ": the codebooks have collapsed onto few codes, or collision_codes is too small",
          "; they cannot get unique semantic IDs without retraining with a larger model.collision_codes"), e);
    }
  }

  /**
   * Content embeddings {@code [rows][dim]} → their tokenizer prefixes {@code [rows][levels]}, through
   * the {@value #ITEM_SIGNATURE} signature of a DIGER SavedModel (the run's export of its best
   * checkpoint), so new items are coded by the tokenizer the recommender was trained with.
   */
  public static int[][] prefixesOf(Path savedModel, float[][] embeddings) {
    int rows = embeddings.length;
    int dim = embeddings[0].length;
    float[] flat = new float[rows * dim];
    for (int i = 0; i < rows; i++) System.arraycopy(embeddings[i], 0, flat, i * dim, dim);
    try (org.tensorflow.SavedModelBundle bundle = org.tensorflow.SavedModelBundle.load(savedModel.toString(), "serve");
        TFloat32 in = TFloat32.tensorOf(Shape.of(rows, dim), DataBuffers.of(flat, false, false));
        Result r = bundle.function(ITEM_SIGNATURE).call(Map.of(ITEM_EMBEDDING, in))) {
      TInt64 codes = (TInt64) r.get(ID_PREFIX).orElseThrow();
      int levels = Math.toIntExact(codes.shape().get(1));
      int[][] out = new int[rows][levels];
      for (int i = 0; i < rows; i++) for (int l = 0; l < levels; l++) out[i][l] = Math.toIntExact(codes.getLong(i, l));
      return out;
    }
  }

  /** Every item's semantic ID as the next ranking uses it, {@code [numItems + 1][levels + 1]}; row 0 zeros. */
  public int[][] semanticIdTable() {
    return ids.table();
  }

  @Override
  public RankingHead buildRanking(Params params, Operand<TInt32> history, Operand<TInt32> exclude, Operand<TInt32> k) {
    Ops tf = params.tf();
    Operand<TInt32> batch = Dims.size(tf, history, 0);
    // The training graph ranks through variable tables (refreshed before each ranking); a graph of its
    // own (an export) bakes in the IDs this model holds.
    boolean trainingGraph = itemTokens != null && itemTokens.env() == tf.scope().env();
    SemanticIdTables tables = trainingGraph
        ? SemanticIdTables.variables(params, "diger/semantic_ids", ids.table(), ids.radices())
        : SemanticIdTables.constants(tf, ids.table(), ids.radices());
    if (trainingGraph) trainingTables = tables;
    Operand<TInt32> input = encoderInput(tf, tables.itemTokens(tf, tokens), history);
    TigerNetwork net = new TigerNetwork(params, config.network(), tokens, maxItems);
    Operand<TFloat32> memory = net.encode(input);
    ConstrainedBeamSearch.Result result = new ConstrainedBeamSearch(tables, config.beam()).search(tf, batch,
        new TigerDecoding(tf, net, tokens, batch, memory, TigerNetwork.memoryMask(tf, input)), exclude, k);
    servingSignatures.clear();
    if (!trainingGraph) servingSignatures.add(itemSemanticIdSignature(params));
    servingOutputs.clear();
    servingOutputs.put(TOP_K_CODES, tf.withName(TOP_K_CODES).dtypes.cast(result.codes(), TInt64.class));
    return new RankingHead(history, exclude, k, result.items(), result.scores());
  }

  /**
   * {@value #ITEM_SIGNATURE}: a content embedding ({@value #ITEM_EMBEDDING}, float32 [batch, dim])
   * through the trained tokenizer to its semantic-ID prefix ({@value #ID_PREFIX}, int64 [batch,
   * levels], nearest codes: no batch to balance) and the collision code a new item with that prefix
   * takes ({@value #COLLISION_CODE}, int64 [batch]: how many catalog items share the prefix), so a new
   * item gets an ID without retraining.
   */
  private org.tensorflow.Signature itemSemanticIdSignature(Params params) {
    Ops tf = params.tf();
    Placeholder<TFloat32> embedding = tf.withName(ITEM_EMBEDDING)
        .placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, tokenizer.dim())));
    Operand<TInt32> prefix = tokenizer.codes(tf, tokenizer.encode(params, embedding), tokenizer.codebooks(params), false);
    int[][] catalog = java.util.Arrays.copyOfRange(ids.prefixes(), 1, ids.numItems() + 1);
    Operand<TBool> same = tf.reduceAll(tf.math.equal(tf.expandDims(prefix, tf.constant(1)),
        tf.expandDims(tf.constant(catalog), tf.constant(0))), tf.constant(2));
    Operand<TInt64> collision = tf.withName(COLLISION_CODE).sum(tf.dtypes.cast(same, TInt64.class), tf.constant(1));
    return org.tensorflow.Signature.builder().key(ITEM_SIGNATURE).input(ITEM_EMBEDDING, embedding)
        .output(ID_PREFIX, tf.withName(ID_PREFIX).dtypes.cast(prefix, TInt64.class))
        .output(COLLISION_CODE, collision).build();
  }

  /** The beam caps every call: {@code min(beam, catalog size)} items (the search's last width). */
  @Override
  public int maxK() {
    return Math.min(config.beam(), ids.numItems());
  }

  @Override
  public List<org.tensorflow.Signature> servingSignatures() {
    return List.copyOf(servingSignatures);
  }

  @Override
  public Map<String, Operand<?>> servingOutputs() {
    return Map.copyOf(servingOutputs);
  }

  /** Encoder tokens of dense histories [batch, maxItems] (left-padded), cut to the batch's longest history. */
  private Operand<TInt32> encoderInput(Ops tf, Operand<TInt32> table, Operand<TInt32> history) {
    int all = tokens.levels();
    Operand<TInt32> flat = tf.reshape(tf.gather(table, history, tf.constant(0)),
        tf.constant(new int[] {-1, maxItems * all}));
    Operand<TInt32> real = tf.reduceMax(
        tf.reduceSum(tf.dtypes.cast(tf.math.notEqual(history, tf.constant(0)), TInt32.class), tf.constant(1)),
        tf.constant(0), ReduceMax.keepDims(false));
    real = tf.math.maximum(real, tf.constant(0));
    Operand<TInt32> start = tf.math.mul(tf.math.sub(tf.constant(maxItems), real), tf.constant(all));
    return tf.slice(flat, tf.stack(List.of(tf.constant(0), start)), tf.constant(new int[] {-1, -1}));
  }

  private static float[][] withoutPaddingRow(float[][] rows) {
    return java.util.Arrays.copyOfRange(rows, 1, rows.length);
  }

  private static int[][] withPaddingRow(int[][] rows) {
    int[][] out = new int[rows.length + 1][];
    out[0] = new int[rows[0].length];
    System.arraycopy(rows, 0, out, 1, rows.length);
    return out;
  }

}
