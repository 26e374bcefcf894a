package io.genrec.model.s3rec;

import io.genrec.config.RunConfig;
import io.genrec.data.SplitDataset;
import io.genrec.eval.RankingHead;
import io.genrec.model.ModelSpec;
import io.genrec.model.SequentialRecommender;
import io.genrec.nn.Activation;
import io.genrec.nn.CatalogTopK;
import io.genrec.nn.Dims;
import io.genrec.nn.ItemSequenceEncoder;
import io.genrec.nn.ItemTable;
import io.genrec.nn.NextItemLoss;
import io.genrec.nn.ParameterCounts;
import io.genrec.nn.Params;
import io.genrec.train.FeedBatch;
import io.genrec.train.NextItemBatches;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.nn.TopK;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * S3-Rec (Zhou et al., CIKM 2020): SASRec's encoder ({@link ItemSequenceEncoder}, scope
 * {@code s3rec}) over an item table with one extra row, the mask token (id numItems + 1), in both
 * stages so the pre-trained tables load into the fine-tuning run unchanged.
 *
 * <p><b>pretrain</b>: attention is bidirectional; the loss is the weighted sum of AAP, MIP, MAP and
 * SP ({@link PretrainObjectives}) over masked copies of every prefix of the training sequences
 * ({@link PretrainBatches}). It ranks as MIP predicts: the history's last maxLength - 1 items, then
 * a mask token, whose context is scored against every item through W_MIP.
 *
 * <p><b>finetune</b>: attention is causal and the model is SASRec: next-item loss on the same
 * examples as SASRec's ({@link NextItemBatches}), cross-entropy over the catalog (default) or BCE
 * with one negative per position (the paper's); it ranks by the last position's state against the item table.
 * The mask token's row is never a target, a negative nor a recommendation.
 */
public final class S3Rec implements SequentialRecommender {
  /** {@code model.name: s3rec}. */
  public static final ModelSpec<S3RecConfig> SPEC =
      new ModelSpec<>("s3rec", S3RecConfig.class, S3RecConfig::defaults, S3Rec::create);

  private final S3RecConfig config;
  private final int numItems;
  private final int maxLength;
  private final ItemSequenceEncoder encoder;
  /** Pre-training only; null in an inference-only build. */
  private final ItemAttributes attributes;
  private final PretrainBatches pretrainBatches;
  private final NextItemBatches nextItemBatches;
  private final Map<String, Operand<TFloat32>> diagnostics = new LinkedHashMap<>();
  private PretrainInputs pretrainInputs;
  private Placeholder<TInt32> input;
  private Placeholder<TInt32> target;
  private Placeholder<TInt32> negative;

  /** The model a run config names; attributes and examples are read only for training. */
  public static S3Rec create(S3RecConfig config, RunConfig run, SplitDataset data, boolean forTraining) {
    int numItems = data.data().items().size();
    int maxLength = run.data().maxLength();
    if (!forTraining) return new S3Rec(config, numItems, maxLength, null, null, null);
    if (config.pretraining()) {
      ItemAttributes attributes = ItemAttributes.read(config.attributesFile(run), data.data().items());
      PretrainBatches batches = new PretrainBatches(data.train(), numItems, maxLength, config.maskProbability(),
          run.train().batchSize(), run.seed());
      return new S3Rec(config, numItems, maxLength, attributes, batches, null);
    }
    return new S3Rec(config, numItems, maxLength, null, null,
        new NextItemBatches(data.train(), numItems, maxLength, run.train().batchSize(), run.seed()));
  }

  S3Rec(S3RecConfig config, int numItems, int maxLength, ItemAttributes attributes, PretrainBatches pretrainBatches,
      NextItemBatches nextItemBatches) {
    this.config = config;
    this.numItems = numItems;
    this.maxLength = maxLength;
    this.attributes = attributes;
    this.pretrainBatches = pretrainBatches;
    this.nextItemBatches = nextItemBatches;
    this.encoder = new ItemSequenceEncoder(PretrainObjectives.ITEMS_SCOPE, config.hidden(), config.numBlocks(),
        config.numHeads(), (float) config.dropout(), Activation.GELU, true, maxLength,
        config.pretraining() ? ItemSequenceEncoder.Attention.BIDIRECTIONAL : ItemSequenceEncoder.Attention.CAUSAL);
  }

  /** The mask token's id: one past the catalog. */
  static int maskToken(int numItems) {
    return numItems + 1;
  }

  /** Rows of the item table: padding, the catalog, the mask token. */
  static int vocab(int numItems) {
    return numItems + 2;
  }

  @Override
  public long parameterEstimate() {
    long estimate = encoder.parameterEstimate(vocab(numItems));
    if (config.pretraining()) {
      int hidden = config.hidden();
      estimate += 4L * (ParameterCounts.table(hidden, hidden) + hidden);
      if (attributes != null) estimate += ParameterCounts.table(attributes.count(), hidden);
    }
    return estimate;
  }

  @Override
  public int historyLength() {
    return config.pretraining() ? maxLength - 1 : maxLength;
  }

  private ItemTable items(Params params) {
    return encoder.items(params, vocab(numItems));
  }

  @Override
  public Operand<TFloat32> buildLoss(Params params) {
    Ops tf = params.tf();
    ItemTable items = items(params);
    if (config.pretraining()) {
      if (attributes == null) throw new IllegalStateException("an inference-only S3-Rec has no pre-training loss");
      pretrainInputs = PretrainInputs.create(tf, encoder, config.weights().sp() > 0);
      return PretrainObjectives.build(params, encoder, items, attributes, numItems, config, pretrainInputs,
          diagnostics);
    }
    input = encoder.ids(tf, "s3rec_input");
    target = encoder.ids(tf, "s3rec_target");
    Operand<TFloat32> h = encoder.encode(params, items, input);
    if (config.loss() == S3RecConfig.Loss.SOFTMAX) {
      return NextItemLoss.softmax(tf, items, h, target, tf.constant(unrankableBias()));
    }
    negative = encoder.ids(tf, "s3rec_negative");
    return NextItemLoss.binaryCrossEntropy(tf, items, h, target, negative);
  }

  /** [vocab] logit offsets ruling padding and the mask token out of the softmax. */
  private float[] unrankableBias() {
    float[] bias = new float[vocab(numItems)];
    bias[0] = -1e9f;
    bias[maskToken(numItems)] = -1e9f;
    return bias;
  }

  @Override
  public RankingHead buildRanking(Params params, Operand<TInt32> history, Operand<TInt32> exclude,
      Operand<TInt32> k) {
    Ops tf = params.tf();
    ItemTable items = items(params);
    Operand<TFloat32> user;
    if (config.pretraining()) {
      Operand<TInt32> mask = tf.fill(tf.stack(List.of(Dims.size(tf, history, 0), tf.constant(1))),
          tf.constant(maskToken(numItems)));
      Operand<TFloat32> last = encoder.last(tf, encoder.encode(params, items, tf.concat(List.of(history, mask),
          tf.constant(1))));
      user = PretrainObjectives.bilinear(params, PretrainObjectives.MIP, config.hidden(), last);
    } else {
      user = encoder.last(tf, encoder.encode(params, items, history));
    }
    // Drop the mask token's column; CatalogTopK rules out padding and the excluded ids.
    Operand<TFloat32> scores = tf.slice(items.logits(user), tf.constant(new int[] {0, 0}),
        tf.constant(new int[] {-1, numItems + 1}));
    TopK<TFloat32, TInt32> top = CatalogTopK.select(tf, scores, exclude, k);
    return new RankingHead(history, exclude, k, top.indices(), top.values());
  }

  @Override
  public Iterator<FeedBatch> batches(int epoch) {
    return config.pretraining() ? pretrainBatches.epoch(epoch, pretrainInputs)
        : nextItemBatches.epoch(epoch, input, target, negative);
  }

  @Override
  public int batchesPerEpoch() {
    return config.pretraining() ? pretrainBatches.batchesPerEpoch() : nextItemBatches.batchesPerEpoch();
  }

  /** Pre-training: each objective's loss (unweighted), logged per epoch beside the joint loss. */
  @Override
  public Map<String, Operand<TFloat32>> diagnostics() {
    return diagnostics;
  }
}
