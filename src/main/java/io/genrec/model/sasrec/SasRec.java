package io.genrec.model.sasrec;

import io.genrec.config.RunConfig;
import io.genrec.data.SplitDataset;
import io.genrec.model.ModelSpec;
import io.genrec.model.SequentialRecommender;

import io.genrec.nn.CatalogTopK;
import io.genrec.nn.ItemSequenceEncoder;
import io.genrec.train.FeedBatch;
import io.genrec.train.NextItemBatches;

import io.genrec.eval.RankingHead;
import io.genrec.nn.Activation;
import io.genrec.nn.ItemTable;
import io.genrec.nn.NextItemLoss;
import io.genrec.nn.Params;
import java.util.Iterator;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.nn.TopK;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * SASRec (Kang &amp; McAuley, ICDM 2018): a causal transformer over the item history; the item
 * embedding table doubles as the output layer. Two losses: cross-entropy over the whole catalog
 * (the strong modern variant) and the original binary cross-entropy with one sampled negative.
 */
public final class SasRec implements SequentialRecommender {
  private final SasRecConfig config;
  private final int numItems;
  private final int maxLength;
  private final NextItemBatches batches;
  private final ItemSequenceEncoder encoder;
  private Placeholder<TInt32> input;
  private Placeholder<TInt32> target;
  private Placeholder<TInt32> negative;

  /** {@code model.name: sasrec}. */
  public static final ModelSpec<SasRecConfig> SPEC =
      new ModelSpec<>("sasrec", SasRecConfig.class, SasRecConfig::defaults, SasRec::create);

  /** SASRec over a split dataset; training examples only when {@code forTraining}. */
  public static SasRec create(SasRecConfig config, RunConfig run, SplitDataset data, boolean forTraining) {
    int numItems = data.data().items().size();
    int maxLength = run.data().maxLength();
    NextItemBatches batches = forTraining
        ? new NextItemBatches(data.train(), numItems, maxLength, run.train().batchSize(), run.seed(),
            config.bucketByLength())
        : null;
    return new SasRec(config, numItems, maxLength, batches);
  }

  /**
   * @param numItems catalog size (dense ids 1..numItems)
   * @param batches the training examples, or null for an inference-only (export) build
   */
  public SasRec(SasRecConfig config, int numItems, int maxLength, NextItemBatches batches) {
    this.config = config;
    this.numItems = numItems;
    this.maxLength = maxLength;
    this.batches = batches;
    this.encoder = new ItemSequenceEncoder("sasrec", config.hidden(), config.numBlocks(), config.numHeads(),
        (float) config.dropout(),
        config.activation() == SasRecConfig.Activation.GELU ? Activation.GELU : Activation.RELU,
        config.norm() == SasRecConfig.Norm.PRE, maxLength, ItemSequenceEncoder.Attention.CAUSAL);
  }

  @Override
  public long parameterEstimate() {
    return encoder.parameterEstimate(numItems + 1);
  }

  @Override
  public int historyLength() {
    return maxLength;
  }

  private ItemTable items(Params params) {
    return encoder.items(params, numItems + 1);
  }

  @Override
  public Operand<TFloat32> buildLoss(Params params) {
    Ops tf = params.tf();
    input = trainingIds(tf, "sasrec_input");
    target = trainingIds(tf, "sasrec_target");
    ItemTable items = items(params);
    Operand<TFloat32> h = encoder.encode(params, items, input);
    if (config.loss() == SasRecConfig.Loss.SOFTMAX) {
      return NextItemLoss.softmax(tf, items, h, target, paddingBias(tf));
    }
    negative = trainingIds(tf, "sasrec_negative");
    return NextItemLoss.binaryCrossEntropy(tf, items, h, target, negative);
  }

  private Placeholder<TInt32> trainingIds(Ops tf, String name) {
    return config.bucketByLength() ? encoder.idsOfAnyWidth(tf, name) : encoder.ids(tf, name);
  }

  /** A [numItems + 1] bias that rules the padding column out of every softmax and ranking. */
  private Operand<TFloat32> paddingBias(Ops tf) {
    float[] bias = new float[numItems + 1];
    bias[0] = -1e9f;
    return tf.constant(bias);
  }

  @Override
  public RankingHead buildRanking(
      Params params, Operand<TInt32> history, Operand<TInt32> exclude, Operand<TInt32> k) {
    Ops tf = params.tf();
    ItemTable items = items(params);
    Operand<TFloat32> last = encoder.last(tf, encoder.encode(params, items, history));
    TopK<TFloat32, TInt32> top = CatalogTopK.select(tf, items.logits(last), exclude, k);
    return new RankingHead(history, exclude, k, top.indices(), top.values());
  }

  @Override
  public Iterator<FeedBatch> batches(int epoch) {
    return batches.epoch(epoch, input, target, negative);
  }

  @Override
  public int batchesPerEpoch() {
    return batches.batchesPerEpoch();
  }
}
