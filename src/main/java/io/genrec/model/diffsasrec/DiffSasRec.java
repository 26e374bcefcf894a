package io.genrec.model.diffsasrec;

import io.genrec.model.ModelSpec;
import io.genrec.model.SequentialRecommender;

import io.genrec.nn.CatalogTopK;
import io.genrec.nn.ItemSequenceEncoder;
import io.genrec.train.FeedBatch;

import io.genrec.config.ConfigException;
import io.genrec.config.RunConfig;
import io.genrec.data.SplitDataset;
import io.genrec.eval.RankingHead;
import io.genrec.nn.Activation;
import io.genrec.nn.Dims;
import io.genrec.nn.ItemTable;
import io.genrec.nn.Losses;
import io.genrec.nn.Masks;
import io.genrec.nn.Params;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.nn.TopK;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;

/**
 * DiffSASRec: SASRec's transformer blocks run bidirectionally and trained as a masked-diffusion
 * model over item sequences (LLaDA): a learned mask token (id numItems + 1, never recommended)
 * replaces each item with probability t, and the model predicts every masked item at once, the
 * cross-entropy weighted by 1/t (see {@link DiffSasRecBatches} for the exact normalisation).
 *
 * <p>Recommending is unmasking. <b>Single-step</b>: the history fills maxLength - 1 slots, one mask
 * token follows, and the top-K of its logits are the list. <b>Multi-step</b>: {@code num_recs} mask
 * tokens follow a history of maxLength - num_recs items and are filled by confidence, unrolled in the
 * graph ({@link DiffSasRecUnmasking}); the list is the filled positions in order. Both come out of
 * the same {@link RankingHead}, so the evaluator and the SavedModel's {@code serving_default} serve
 * whichever mode the config names.
 */
public final class DiffSasRec implements SequentialRecommender {
  private final DiffSasRecConfig config;
  private final int numItems;
  private final int maxLength;
  private final DiffSasRecBatches batches;
  private final ItemSequenceEncoder encoder;
  private final Map<String, Operand<TFloat32>> diagnostics = new LinkedHashMap<>();
  private Placeholder<TInt32> input;
  private Placeholder<TInt32> target;
  private Placeholder<TFloat32> weight;

  /**
   * @param numItems catalog size (dense ids 1..numItems)
   * @param maxLength the encoder's sequence width (data.max_length)
   * @param batches the training examples, or null for an inference-only (export) build
   */
  public DiffSasRec(DiffSasRecConfig config, int numItems, int maxLength, DiffSasRecBatches batches) {
    int needed = config.diffusionType() == DiffSasRecConfig.DiffusionType.MULTI ? config.numRecs() + 1 : 2;
    if (maxLength < needed) {
      throw new ConfigException("data.max_length = " + maxLength + ": DiffSASRec ("
          + config.diffusionType().name().toLowerCase(java.util.Locale.ROOT) + ") needs at least " + needed
          + " positions (history plus mask tokens)");
    }
    this.config = config;
    this.numItems = numItems;
    this.maxLength = maxLength;
    this.batches = batches;
    this.encoder = new ItemSequenceEncoder("diffsasrec", config.hidden(), config.numBlocks(), config.numHeads(),
        (float) config.dropout(), Activation.GELU, true, maxLength, ItemSequenceEncoder.Attention.BIDIRECTIONAL);
  }

  /** {@code model.name: diffsasrec}. */
  public static final ModelSpec<DiffSasRecConfig> SPEC =
      new ModelSpec<>("diffsasrec", DiffSasRecConfig.class, DiffSasRecConfig::defaults, DiffSasRec::create);

  /** The model a run config names; checks what only the whole config can tell. */
  public static DiffSasRec create(DiffSasRecConfig config, RunConfig cfg, SplitDataset data, boolean forTraining) {
    if (config.diffusionType() == DiffSasRecConfig.DiffusionType.MULTI && cfg.eval().maxK() > config.numRecs()) {
      throw new ConfigException("eval.ks goes up to " + cfg.eval().maxK() + " but model.num_recs = "
          + config.numRecs() + ": multi-step inference returns exactly num_recs items; lower eval.ks or raise"
          + " model.num_recs");
    }
    int numItems = data.data().items().size();
    DiffSasRecBatches batches = forTraining
        ? new DiffSasRecBatches(data.train(), maskToken(numItems), cfg.data().maxLength(), cfg.train().batchSize(),
            cfg.seed(), config.sft() ? DiffSasRecBatches.Objective.NEXT_ITEM : DiffSasRecBatches.Objective.DIFFUSION)
        : null;
    return new DiffSasRec(config, numItems, cfg.data().maxLength(), batches);
  }

  /** The mask token's id: one past the catalog. */
  static int maskToken(int numItems) {
    return numItems + 1;
  }

  /** [numItems + 2] logit offsets ruling padding (0) and the mask token out of softmaxes and lists. */
  static float[] unrankableBias(int numItems) {
    float[] bias = new float[numItems + 2];
    bias[0] = DiffSasRecUnmasking.BANNED;
    bias[maskToken(numItems)] = DiffSasRecUnmasking.BANNED;
    return bias;
  }

  @Override
  public long parameterEstimate() {
    return encoder.parameterEstimate(numItems + 2);
  }

  @Override
  public int historyLength() {
    return config.diffusionType() == DiffSasRecConfig.DiffusionType.MULTI ? maxLength - config.numRecs() : maxLength - 1;
  }

  private ItemTable items(Params params) {
    return encoder.items(params, numItems + 2);
  }

  @Override
  public Operand<TFloat32> buildLoss(Params params) {
    Ops tf = params.tf();
    input = encoder.ids(tf, "diffsasrec_input");
    target = encoder.ids(tf, "diffsasrec_target");
    weight = tf.withName("diffsasrec_weight").placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, maxLength)));
    ItemTable items = items(params);
    Operand<TFloat32> h = encoder.encode(params, items, input);
    // Only masked positions carry a target: gather them before the catalog-wide projection.
    Operand<TInt64> rows = Losses.rowIndex(tf, Masks.notPadding(tf, target));
    Operand<TFloat32> hMasked = Losses.gatherRows(tf, h, rows);
    Operand<TInt32> labels = Losses.gatherRows(tf, target, rows);
    Operand<TFloat32> weights = Losses.gatherRows(tf, weight, rows);
    Operand<TFloat32> logits = tf.math.add(items.logits(hMasked), tf.constant(unrankableBias(numItems)));
    // weightedMean · Σw = Σ w·CE: the batches already divided the weights by the normaliser.
    Operand<TFloat32> loss = tf.math.mul(Losses.softmaxCrossEntropy(tf, logits, labels, weights),
        tf.sum(weights, tf.constant(0)));
    Operand<TFloat32> maskedCount = tf.dtypes.cast(tf.size(labels), TFloat32.class);
    diagnostics.put("masked_ce", Losses.softmaxCrossEntropy(tf, logits, labels, tf.onesLike(weights)));
    diagnostics.put("mask_rate", tf.math.divNoNan(maskedCount,
        tf.sum(tf.dtypes.cast(Masks.notPadding(tf, tf.reshape(input, tf.constant(new int[] {-1}))), TFloat32.class),
            tf.constant(0))));
    return loss;
  }

  @Override
  public RankingHead buildRanking(
      Params params, Operand<TInt32> history, Operand<TInt32> exclude, Operand<TInt32> k) {
    Ops tf = params.tf();
    ItemTable items = items(params);
    if (config.diffusionType() == DiffSasRecConfig.DiffusionType.MULTI) {
      DiffSasRecUnmasking.Decoded d = multiStep().decode(params, items, history, exclude);
      Operand<TInt32> size = tf.stack(List.of(tf.constant(-1), tf.math.minimum(k, tf.constant(config.numRecs()))));
      Operand<TInt32> begin = tf.constant(new int[] {0, 0});
      return new RankingHead(history, exclude, k, tf.slice(d.ids(), begin, size), tf.slice(d.scores(), begin, size));
    }
    Operand<TInt32> batch = Dims.size(tf, history, 0);
    Operand<TInt32> mask = tf.fill(tf.stack(List.of(batch, tf.constant(1))), tf.constant(maskToken(numItems)));
    Operand<TFloat32> h = encoder.encode(params, items, tf.concat(List.of(history, mask), tf.constant(1)));
    Operand<TFloat32> last = encoder.last(tf, h);
    // Drop the mask token's column; CatalogTopK rules out padding and the excluded ids.
    Operand<TFloat32> scores = tf.slice(items.logits(last), tf.constant(new int[] {0, 0}),
        tf.constant(new int[] {-1, numItems + 1}));
    TopK<TFloat32, TInt32> top = CatalogTopK.select(tf, scores, exclude, k);
    return new RankingHead(history, exclude, k, top.indices(), top.values());
  }

  ItemSequenceEncoder encoder() {
    return encoder;
  }

  DiffSasRecUnmasking multiStep() {
    return new DiffSasRecUnmasking(encoder, numItems, config.numRecs(), (float) config.threshold(),
        (float) config.thresholdDecay());
  }

  @Override
  public Iterator<FeedBatch> batches(int epoch) {
    return batches.epoch(epoch, input, target, weight);
  }

  @Override
  public int batchesPerEpoch() {
    return batches.batchesPerEpoch();
  }

  /** mask_rate: masked / real positions of the batch; masked_ce: unweighted CE over masked positions. */
  @Override
  public Map<String, Operand<TFloat32>> diagnostics() {
    return diagnostics;
  }
}
