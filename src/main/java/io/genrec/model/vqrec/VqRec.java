package io.genrec.model.vqrec;

import io.genrec.config.RunConfig;
import io.genrec.data.SplitDataset;
import io.genrec.eval.RankingHead;
import io.genrec.model.ModelSpec;
import io.genrec.model.SequentialRecommender;
import io.genrec.nn.CatalogTopK;
import io.genrec.nn.Losses;
import io.genrec.nn.Params;
import io.genrec.train.FeedBatch;
import java.util.Iterator;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.nn.TopK;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * VQ-Rec (Hou, He, McAuley, Zhao; TheWebConf 2023). An item is the mean of the embeddings of its D
 * text codes ({@link CodeItemTable}); a causal Transformer ({@link VqRecEncoder}) reads the history;
 * items are scored by the cosine with the user vector (training logits divided by τ). Nothing in the
 * model is per item, so a model trained on some domains scores another domain's items from their codes.
 */
public final class VqRec implements SequentialRecommender {
  /** {@code model.name: vqrec}. */
  public static final ModelSpec<VqRecConfig> SPEC =
      new ModelSpec<>("vqrec", VqRecConfig.class, VqRecConfig::defaults, VqRec::create);

  private static final Logger LOG = LogManager.getLogger(VqRec.class);

  private final VqRecConfig config;
  private final ItemCodes codes;
  private final int maxLength;
  private final VqRecEncoder encoder;
  private final VqRecBatches batches;
  private Placeholder<TInt32> history;
  private Placeholder<TInt32> target;
  private Placeholder<TInt32> fakeCodes;
  private final long seed;
  private Placeholder<TInt32> permutationSource;
  private Operand<TFloat32> permute;
  /** permutation learned: the training build's, null otherwise. */
  private LearnedPermutation learned;
  /** The training session, from {@link #onEpochStart}: learned reassign steps compute their bijection in it. */
  private Session session;

  public static VqRec create(VqRecConfig config, RunConfig run, SplitDataset data, boolean forTraining) {
    ItemCodes codes = ItemCodes.read(config.codes(), config.codebookSize(), data.data().items());
    int maxLength = run.data().maxLength();
    SemiSyntheticCodes synthetic = config.objective() == VqRecConfig.Objective.PRETRAIN
        ? new SemiSyntheticCodes(config.codebookSize(), config.fakeCodeRate()) : null;
    VqRecBatches batches = forTraining
        ? new VqRecBatches(data.train(), maxLength, run.train().batchSize(), run.seed(), codes, synthetic,
            config.bucketByLength())
        : null;
    return new VqRec(config, codes, maxLength, batches, run.seed());
  }

  /**
   * An inference-only VQ-Rec over {@code codes} instead of the dataset's: a trained run's weights
   * exported for another catalog, e.g. one grown by items added after training.
   */
  public static VqRec forCatalog(VqRecConfig config, RunConfig run, ItemCodes codes) {
    return new VqRec(config, codes, run.data().maxLength(), null, run.seed());
  }

  /** @param batches the training rows, or null for an inference-only (export) build */
  public VqRec(VqRecConfig config, ItemCodes codes, int maxLength, VqRecBatches batches, long seed) {
    this.config = config;
    this.seed = seed;
    this.codes = codes;
    this.maxLength = maxLength;
    this.batches = batches;
    this.encoder = new VqRecEncoder(config.hidden(), config.numBlocks(), config.numHeads(), config.ffDim(),
        (float) config.dropout(), maxLength);
  }

  @Override
  public int historyLength() {
    return maxLength;
  }

  /** The items' vectors, built over {@code params} (a view reuses the training build's table). */
  public CodeItemTable items(Params params) {
    return CodeItemTable.create(params, codes, config.hidden());
  }

  @Override
  public Operand<TFloat32> buildLoss(Params params) {
    Ops tf = params.tf();
    history = tf.withName("vqrec_history").placeholder(TInt32.class, Placeholder.shape(Shape.of(-1, -1)));
    target = tf.withName("vqrec_target").placeholder(TInt32.class, Placeholder.shape(Shape.of(-1)));
    CodeItemTable items = items(params);
    if (config.permutation() == VqRecConfig.Permutation.LEARNED) {
      learned = LearnedPermutation.training(params, items.param(), codes, config);
      items = items.remapped(learned.rows());
    } else if (config.permutation() == VqRecConfig.Permutation.RANDOM) {
      permutationSource = tf.withName("vqrec_permutation")
          .placeholder(TInt32.class, Placeholder.shape(Shape.of(codes.tableRows())));
      permute = tf.assign(items.param().variable(),
          tf.gather(items.param().value(), permutationSource, tf.constant(0)));
    }
    Operand<TFloat32> users = encoder.encode(params, items, history);
    float tau = (float) config.temperature();
    if (config.objective() == VqRecConfig.Objective.PRETRAIN) {
      fakeCodes = tf.withName("vqrec_fake_codes")
          .placeholder(TInt32.class, Placeholder.shape(Shape.of(-1, codes.subvectors())));
      return InBatchSoftmax.loss(tf, users, items.lookup(target), target, items.pool(fakeCodes), tau);
    }
    Operand<TFloat32> logits = tf.math.add(tf.math.mul(Cosine.againstCatalog(tf, users, items),
        tf.constant(1f / tau)), paddingBias(tf));
    return Losses.softmaxCrossEntropy(tf, logits, target, null);
  }

  /** A [numItems + 1] bias that rules the padding column out of the softmax. */
  private Operand<TFloat32> paddingBias(Ops tf) {
    float[] bias = new float[codes.numItems() + 1];
    bias[0] = -1e9f;
    return tf.constant(bias);
  }

  @Override
  public RankingHead buildRanking(
      Params params, Operand<TInt32> history, Operand<TInt32> exclude, Operand<TInt32> k) {
    Ops tf = params.tf();
    CodeItemTable items = items(params);
    if (config.permutation() == VqRecConfig.Permutation.LEARNED) {
      // The trainer's inference view shares the training build's re-mapping; an export builds its own
      // variable, restored (or frozen) from the checkpoint.
      Operand<TInt32> source = learned != null && learned.builtIn(params) ? learned.source()
          : LearnedPermutation.sourceTable(params, codes).value();
      items = items.remapped(tf.gather(items.param().value(), source, tf.constant(0)));
    }
    Operand<TFloat32> scores = Cosine.againstCatalog(tf, encoder.encode(params, items, history), items);
    TopK<TFloat32, TInt32> top = CatalogTopK.select(tf, scores, exclude, k);
    return new RankingHead(history, exclude, k, top.indices(), top.values());
  }

  /**
   * permutation random: re-maps the code table once, before the first batch of a fresh fit: after
   * the warm start from the pre-training run, never again on resume (a resumed fit starts after
   * epoch 1). Keeps the session: learned reassign batches match their bijection in it.
   */
  @Override
  public void onEpochStart(Session session, int epoch) {
    this.session = session;
    if (permute == null || epoch != 1) return;
    int[] source = CodePermutation.random(codes.subvectors(), codes.codebookSize(), seed);
    try (TInt32 feed = TInt32.tensorOf(Shape.of(source.length), DataBuffers.of(source, false, false));
        Result done = session.runner().feed(permutationSource, feed).addTarget(permute).run()) {
      LOG.info("code table re-mapped by a random permutation per sub-vector (seed {})", seed);
    }
  }

  /**
   * permutation learned: after each reassign epoch ranking reads the table through the noise-free
   * bijection of the logits; after the last, that bijection is written into the table once. A fit
   * resumed after it starts past the reassign epochs, so it never permutes again.
   */
  @Override
  public void onEpochEnd(Session session, int epoch) {
    if (learned == null || !reassigning(epoch)) return;
    int[] matched = learned.current(session);
    if (epoch < config.reassignEpochs()) {
      learned.show(session, matched);
      return;
    }
    learned.write(session, matched);
    int moved = 0;
    for (int r = 0; r < matched.length; r++) if (matched[r] != r) moved++;
    LOG.info("code table re-mapped by the learned permutation after epoch {}: {} of {} code rows moved", epoch,
        moved, codes.subvectors() * codes.codebookSize());
  }

  /** The permutation logits are learned anew for this domain: the pre-training run has none. */
  @Override
  public java.util.Set<String> freshAtWarmStart() {
    return learned == null ? java.util.Set.of() : java.util.Set.of(LearnedPermutation.LOGITS);
  }

  private boolean reassigning(int epoch) {
    return epoch <= config.reassignEpochs();
  }

  @Override
  public Iterator<FeedBatch> batches(int epoch) {
    Iterator<FeedBatch> rows = batches.epoch(epoch, history, target, fakeCodes);
    if (learned == null || !reassigning(epoch)) return rows;
    if (session == null) throw new IllegalStateException("onEpochStart must be called before batches(" + epoch + ")");
    Session current = session;
    return new Iterator<>() {
      private long step = (long) (epoch - 1) * batches.batchesPerEpoch();

      @Override
      public boolean hasNext() {
        return rows.hasNext();
      }

      @Override
      public FeedBatch next() {
        FeedBatch batch = rows.next();
        try {
          learned.prepareStep(current, seed, ++step, batch);
          return batch;
        } catch (RuntimeException e) {
          batch.close();
          throw e;
        }
      }
    };
  }

  @Override
  public int batchesPerEpoch() {
    return batches.batchesPerEpoch();
  }
}
