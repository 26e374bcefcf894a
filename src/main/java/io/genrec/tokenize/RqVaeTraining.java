package io.genrec.tokenize;

import io.genrec.train.EpochOrder;
import io.genrec.train.FeedBatch;
import io.genrec.train.Trainable;
import io.genrec.nn.Param;
import io.genrec.nn.Params;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.SplittableRandom;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

/**
 * The RQ-VAE as the shared Trainer sees it: the loss over a batch of item embeddings, shuffled
 * batches per epoch, and the two codebook interventions RQ-VAE training needs between steps.
 *
 * <p>Both run when an epoch starts ({@link #onEpochStart}): epoch 1 first sets the codebooks to
 * RQ-KMeans centroids of the current latents ({@link #initialiseCodebooks}), every later epoch
 * first re-seeds the codes no item chose ({@link #reseedDeadCodes}). A resumed fit starts at a later
 * epoch, so it never re-initialises restored codebooks. Both write the codebook variables through
 * Assign ops fed from placeholders, built with the loss. Everything else the fit needs is in the
 * TensorFlow variables or follows from (seed, epoch), so there is no state of its own to checkpoint.
 */
final class RqVaeTraining implements Trainable {
  private static final Logger LOG = LogManager.getLogger(RqVaeTraining.class);
  /** k-means for the initial codebooks runs on at most this many items (a seeded sample). */
  static final int INIT_SAMPLE = 65_536;

  private final RqVae.Config config;
  private final VectorSet items;
  private final long seed;
  private Placeholder<TFloat32> input;
  private RqVaeNetwork.Training network;
  private Operand<TFloat32> latentError;
  private List<Param> parameters;
  private final List<Placeholder<TFloat32>> codebookValues = new ArrayList<>();
  private final List<Operand<TFloat32>> codebookAssigns = new ArrayList<>();

  RqVaeTraining(RqVae.Config config, VectorSet items, long seed) {
    this.config = config;
    this.items = items;
    this.seed = seed;
  }

  @Override
  public Operand<TFloat32> buildLoss(Params params) {
    Ops tf = params.tf();
    input = tf.withName("rqvae_input").placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, items.dim())));
    network = RqVaeNetwork.build(params, config, items.dim(), input);
    RqVaeNetwork.Quantization q = network.quantization();
    latentError = RqVaeNetwork.rowSquaredDistance(tf, q.latent(), q.quantized());
    for (Param codebook : q.codebooks()) {
      Placeholder<TFloat32> value = tf.placeholder(TFloat32.class, Placeholder.shape(codebook.shape()));
      codebookValues.add(value);
      codebookAssigns.add(tf.assign(codebook.variable(), value));
    }
    parameters = params.trainable();
    return network.loss();
  }

  @Override
  public Map<String, Operand<TFloat32>> diagnostics() {
    Map<String, Operand<TFloat32>> named = new LinkedHashMap<>();
    named.put("reconstruction_loss", network.reconstructionLoss());
    named.put("quantization_loss", network.quantization().quantizationLoss());
    return named;
  }

  @Override
  public void onEpochStart(Session session, int epoch) {
    if (epoch == 1) {
      if (config.kmeansInit()) initialiseCodebooks(session);
    } else if (config.reseedDeadCodes()) {
      reseedDeadCodes(session, epoch);
    }
  }

  @Override
  public Iterator<FeedBatch> batches(int epoch) {
    int[] order = EpochOrder.shuffled(items.size(), new SplittableRandom(EpochOrder.streamSeed(seed, epoch)));
    return new Iterator<>() {
      private int next;

      @Override
      public boolean hasNext() {
        return next < order.length;
      }

      @Override
      public FeedBatch next() {
        if (!hasNext()) throw new NoSuchElementException();
        int size = Math.min(config.train().batchSize(), order.length - next);
        int dim = items.dim();
        float[] rows = new float[size * dim];
        for (int b = 0; b < size; b++) System.arraycopy(items.data(), order[next + b] * dim, rows, b * dim, dim);
        next += size;
        return new FeedBatch(size).put(input, TFloat32.tensorOf(Shape.of(size, dim), DataBuffers.of(rows, true, false)));
      }
    };
  }

  @Override
  public int batchesPerEpoch() {
    return (items.size() + config.train().batchSize() - 1) / config.train().batchSize();
  }

  /** Parameters in creation order (valid once the loss is built). */
  List<Param> parameters() {
    return parameters;
  }

  VectorSet items() {
    return items;
  }

  RqVae.Config config() {
    return config;
  }

  /** Codes {@code [items + 1][levels]} (row 0 zeros) and per-item errors under the current weights. */
  record Evaluation(int[][] codes, float[] reconstructionError, float[] latentError) {}

  Evaluation evaluate(Session in) {
    ItemPass.Result pass =
        ItemPass.run(in, input, items, List.of(network.reconstructionError(), latentError),
            network.quantization().codes());
    return new Evaluation(
        ItemPass.withPadding(pass.codes(), config.levels()), pass.floats().get(0), pass.floats().get(1));
  }

  /**
   * Sets the codebooks to RQ-KMeans centroids of the latents of (a sample of) the items, so every
   * code starts where items are: with at least as many distinct latents as codes, every code of
   * every level is some item's nearest.
   */
  void initialiseCodebooks(Session session) {
    long start = System.nanoTime();
    VectorSet sample = sample(items, INIT_SAMPLE, new SplittableRandom(seed));
    float[] latents = ItemPass.run(session, input, sample, List.of(network.quantization().latent()), null)
        .floats().get(0);
    ResidualKMeans kmeans =
        new ResidualKMeans(new ResidualKMeans.Config(
            config.levels(), config.codebookSize(), false, KMeans.DEFAULT_MAX_ITERATIONS, config.threads()));
    kmeans.fit(new VectorSet(latents, sample.size(), config.latentDim()).toRows(true), seed);
    float[][] codebooks = new float[config.levels()][];
    for (int level = 0; level < config.levels(); level++) {
      codebooks[level] = flatten(kmeans.codebook(level));
    }
    assignCodebooks(session, codebooks);
    LOG.info("RQ-VAE codebooks initialised by k-means on {} latents in {} s", sample.size(),
        String.format(java.util.Locale.ROOT, "%.1f", (System.nanoTime() - start) / 1e9));
  }

  /**
   * Replaces every code that no item chooses with the residual (the input of its level) of a
   * random item, drawn without repeats per level from a seed of the epoch. Levels are re-seeded
   * from one pass, so a level sees the residuals of the codebooks before this call.
   *
   * @return the number of codes re-seeded per level
   */
  int[] reseedDeadCodes(Session session, int epoch) {
    RqVaeNetwork.Quantization q = network.quantization();
    List<Operand<TFloat32>> fetches = new ArrayList<>(q.residuals());
    ItemPass.Result pass = ItemPass.run(session, input, items, fetches, q.codes());
    float[][] codebooks = currentCodebooks(session);
    SplittableRandom random = new SplittableRandom(EpochOrder.streamSeed(seed, epoch) + 0x5EEDL);
    int latent = config.latentDim();
    int[] reseeded = new int[config.levels()];
    for (int level = 0; level < config.levels(); level++) {
      boolean[] used = new boolean[config.codebookSize()];
      for (int[] row : pass.codes()) used[row[level]] = true;
      int[] donors = EpochOrder.shuffled(items.size(), random);
      int donor = 0;
      float[] residuals = pass.floats().get(level);
      for (int code = 0; code < used.length; code++) {
        if (used[code]) continue;
        int item = donors[donor++ % donors.length];
        System.arraycopy(residuals, item * latent, codebooks[level], code * latent, latent);
        reseeded[level]++;
      }
    }
    if (Arrays.stream(reseeded).sum() > 0) {
      assignCodebooks(session, codebooks);
      LOG.info("RQ-VAE epoch {}: re-seeded dead codes per level {}", epoch, Arrays.toString(reseeded));
    }
    return reseeded;
  }

  /** The current codebooks, row-major, level order. */
  float[][] currentCodebooks(Session session) {
    List<Param> codebooks = network.quantization().codebooks();
    Session.Runner runner = session.runner();
    for (Param codebook : codebooks) runner.fetch(codebook.value());
    float[][] values = new float[codebooks.size()][];
    try (Result result = runner.run()) {
      for (int level = 0; level < values.length; level++) {
        TFloat32 tensor = (TFloat32) result.get(level);
        values[level] = new float[Math.toIntExact(tensor.size())];
        tensor.copyTo(DataBuffers.of(values[level], false, false));
      }
    }
    return values;
  }

  /** Overwrites the codebook variables, row-major {@code [codebookSize × latent]} per level. */
  void assignCodebooks(Session session, float[][] codebooks) {
    List<TFloat32> tensors = new ArrayList<>();
    try {
      Session.Runner runner = session.runner();
      for (int level = 0; level < codebooks.length; level++) {
        TFloat32 tensor = TFloat32.tensorOf(
            Shape.of(config.codebookSize(), config.latentDim()), DataBuffers.of(codebooks[level], true, false));
        tensors.add(tensor);
        runner.feed(codebookValues.get(level), tensor).addTarget(codebookAssigns.get(level));
      }
      runner.run();
    } finally {
      for (TFloat32 tensor : tensors) tensor.close();
    }
  }

  private static float[] flatten(float[][] rows) {
    int width = rows[0].length;
    float[] out = new float[rows.length * width];
    for (int i = 0; i < rows.length; i++) System.arraycopy(rows[i], 0, out, i * width, width);
    return out;
  }

  /** All rows when there are at most {@code limit}, else {@code limit} distinct random rows. */
  private static VectorSet sample(VectorSet rows, int limit, SplittableRandom random) {
    if (rows.size() <= limit) return rows;
    int[] order = EpochOrder.shuffled(rows.size(), random);
    float[] out = new float[limit * rows.dim()];
    for (int i = 0; i < limit; i++) System.arraycopy(rows.data(), order[i] * rows.dim(), out, i * rows.dim(), rows.dim());
    return new VectorSet(out, limit, rows.dim());
  }
}
