package io.genrec.tokenize;

import io.genrec.config.TrainConfig;
import io.genrec.data.FileTrees;
import io.genrec.train.Trainer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Objects;

/**
 * RQ-VAE, TIGER's tokenizer: an MLP autoencoder whose latent is quantized by residual codebooks
 * (graph in {@link RqVaeNetwork}), trained with the shared {@link Trainer}.
 *
 * <p>A fit, in order: the codebooks start as RQ-KMeans centroids of the untrained encoder's
 * latents (the first pass over the items, so every code starts in use); each later epoch begins by
 * re-seeding the codes no item chose with residuals of random items, since a code nobody picks
 * gets no gradient and would stay dead; the trainer logs per epoch the loss terms and, from a full
 * pass, the reconstruction error, per-level usage and perplexity and the collision rate, and keeps
 * the weights with the lowest reconstruction error. The codes are those of the kept weights.
 *
 * <p>Saved state ({@link #save}): {@code tokenizer.json}, {@code codes.tsv}, the codebooks as
 * {@code codebook_<l>.npy}, the weights as a TensorFlow checkpoint ({@link #checkpointPrefix}, the
 * variable names of {@link RqVaeNetwork}) and a SavedModel ({@link #savedModelDir}) whose
 * {@code serving_default} maps {@code embedding} float32 [batch, dim] to {@code codes} int64
 * [batch, levels], to code new items in serving ({@link RqVaeSignature}).
 */
public final class RqVae extends CodebookTokenizer<RqVae.Config> {
  public static final String NAME = "rq-vae";
  static final String CHECKPOINT_DIR = "checkpoint";
  static final String CHECKPOINT_PREFIX = "ckpt";
  static final String SAVEDMODEL_DIR = "savedmodel";

  /**
   * @param hidden encoder widths between the input and the latent; the decoder mirrors them
   * @param latentDim width of the quantized latent
   * @param beta weight of the commitment term
   * @param kmeansInit start the codebooks from k-means on the first pass (else small uniform noise)
   * @param reseedDeadCodes re-seed unused codes at the start of every epoch after the first
   * @param threads k-means threads for the initialisation
   * @param sinkhornEpsilon > 0: during training, each batch's codes at every level are assigned by
   *     Sinkhorn-balanced transport (as LETTER and DIGER do) instead of the nearest code, so no code
   *     takes most of a batch; the catalog's codes and new items' are still the nearest codes of the
   *     trained codebooks. 0 (default) trains with nearest codes
   * @param sinkhornIters Sinkhorn iterations when {@code sinkhornEpsilon} > 0
   * @param train epochs, batch size, optimizer... (as for every model); validation runs every
   *     {@code eval_every} epochs over all items
   */
  public record Config(
      int[] hidden,
      int latentDim,
      int levels,
      int codebookSize,
      double beta,
      boolean kmeansInit,
      boolean reseedDeadCodes,
      int threads,
      double sinkhornEpsilon,
      int sinkhornIters,
      TrainConfig train) {
    /** As before Sinkhorn existed: nearest-code training. */
    public Config(int[] hidden, int latentDim, int levels, int codebookSize, double beta, boolean kmeansInit,
        boolean reseedDeadCodes, int threads, TrainConfig train) {
      this(hidden, latentDim, levels, codebookSize, beta, kmeansInit, reseedDeadCodes, threads, 0.0, 50, train);
    }

    public Config {
      Objects.requireNonNull(hidden, "hidden");
      Objects.requireNonNull(train, "train");
      hidden = hidden.clone();
      for (int width : hidden) {
        if (width < 1) throw new IllegalArgumentException("hidden widths must be >= 1, got " + Arrays.toString(hidden));
      }
      if (latentDim < 1) throw new IllegalArgumentException("latent dim must be >= 1, got " + latentDim);
      if (levels < 1) throw new IllegalArgumentException("levels must be >= 1, got " + levels);
      if (codebookSize < 1) throw new IllegalArgumentException("codebook size must be >= 1, got " + codebookSize);
      if (!(beta >= 0) || !Double.isFinite(beta)) throw new IllegalArgumentException("beta must be >= 0, got " + beta);
      if (threads < 1) throw new IllegalArgumentException("threads must be >= 1, got " + threads);
      if (!(sinkhornEpsilon >= 0) || !Double.isFinite(sinkhornEpsilon)) {
        throw new IllegalArgumentException("sinkhorn_epsilon must be >= 0, got " + sinkhornEpsilon);
      }
      // A tokenizer.json written before these keys holds 0 iterations with epsilon 0: Sinkhorn off.
      if (sinkhornEpsilon > 0 && (sinkhornIters < 1 || sinkhornIters > 10_000)) {
        throw new IllegalArgumentException("sinkhorn_iters must be in 1..10000, got " + sinkhornIters);
      }
      train.validate("train");
    }

    /** TIGER's shape: input → 512 → 256 → 128 → 32, 3 levels × 256 codes, β = 0.25. */
    public static Config defaults() {
      return new Config(
          new int[] {512, 256, 128}, 32, 3, 256, 0.25, true, true, KMeans.defaultThreads(), defaultTraining());
    }

    /**
     * Adam at 1e-3 in batches of 1024 for 200 epochs, validated every epoch, no early stop: the
     * tokenizer fits all items, so "validation" is a full pass that picks the best epoch.
     */
    public static TrainConfig defaultTraining() {
      return new TrainConfig(
          200, 1024, 1e-3, TrainConfig.Optimizer.ADAM, 0.0, 0.9, 0.999, 1e-8, TrainConfig.Schedule.CONSTANT,
          0, 0.0, 0.0, 0, 1, 2, 1, true);
    }

    @Override
    public int[] hidden() {
      return hidden.clone();
    }

    public Config withTrain(TrainConfig newTrain) {
      return new Config(hidden, latentDim, levels, codebookSize, beta, kmeansInit, reseedDeadCodes, threads,
          sinkhornEpsilon, sinkhornIters, newTrain);
    }

    @Override
    public boolean equals(Object other) {
      return other instanceof Config that
          && Arrays.equals(hidden, that.hidden)
          && latentDim == that.latentDim
          && levels == that.levels
          && codebookSize == that.codebookSize
          && Double.compare(beta, that.beta) == 0
          && kmeansInit == that.kmeansInit
          && reseedDeadCodes == that.reseedDeadCodes
          && threads == that.threads
          && Double.compare(sinkhornEpsilon, that.sinkhornEpsilon) == 0
          && sinkhornIters == that.sinkhornIters
          && train.equals(that.train);
    }

    @Override
    public int hashCode() {
      return Objects.hash(Arrays.hashCode(hidden), latentDim, levels, codebookSize, beta, kmeansInit,
          reseedDeadCodes, threads, sinkhornEpsilon, sinkhornIters, train);
    }

    @Override
    public String toString() {
      return "RqVae.Config[hidden=" + Arrays.toString(hidden) + ", latentDim=" + latentDim + ", levels=" + levels
          + ", codebookSize=" + codebookSize + ", beta=" + beta + ", kmeansInit=" + kmeansInit
          + ", reseedDeadCodes=" + reseedDeadCodes + ", threads=" + threads + ", sinkhornEpsilon=" + sinkhornEpsilon
          + ", sinkhornIters=" + sinkhornIters + ", train=" + train + "]";
    }
  }

  private RqVaeWeights weights;

  public RqVae(Config config) {
    super(NAME, config, config.levels(), config.codebookSize());
  }

  /** Trains in a temporary directory, deleted afterwards; the weights are kept in memory. */
  @Override
  public void fit(float[][] embeddings, long seed) {
    try {
      Path work = Files.createTempDirectory("genrec-rq-vae");
      try {
        fit(embeddings, seed, work);
      } finally {
        FileTrees.delete(work);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("RQ-VAE training directory: " + e.getMessage(), e);
    }
  }

  /**
   * Trains with checkpoints and the epoch log ({@code epochs.jsonl}) in {@code workDir}; a fit
   * interrupted there resumes from its last epoch.
   */
  @Override
  public void fit(float[][] embeddings, long seed, Path workDir) throws IOException {
    long start = System.nanoTime();
    Config config = config();
    VectorSet items = VectorSet.ofItems(embeddings);
    RqVaeTraining training = new RqVaeTraining(config, items, seed);
    TokenizerRunOutputs outputs = new TokenizerRunOutputs(workDir);
    RqVaeWeights trained;
    try (Trainer trainer = new Trainer(training, config.train(), seed, null)) {
      trainer.fit(new RqVaeValidation(training), outputs, NAME);
      trainer.restoreBest(outputs.checkpointDir());
      trained = RqVaeWeights.read(trainer.session(), training.parameters());
    }
    RqVaeInference.Pass pass;
    try (RqVaeInference inference = new RqVaeInference(config, items.dim(), seed)) {
      inference.assign(trained);
      pass = inference.pass(items);
    }
    this.weights = trained;
    double[] errors = pass.errorAfterLevel();
    fitted(items.dim(), seed, pass.codes(),
        TokenizerReport.of(
            NAME, items.dim(), pass.codes(), config.codebookSize(), errors[errors.length - 1], items.totalVariance(),
            errors, (System.nanoTime() - start) / 1e9));
  }

  /** Codes for new vectors (rows, no padding row), as the SavedModel computes them. */
  @Override
  public int[][] encode(float[][] vectors) {
    VectorSet rows = inputs(vectors);
    try (RqVaeInference inference = new RqVaeInference(config(), dim(), seed())) {
      inference.assign(weights);
      return inference.codes(rows);
    }
  }

  /**
   * The fitted value of parameter {@code name} ({@link RqVaeNetwork}'s variable names), row-major:
   * what a model that trains the tokenizer further (DIGER) starts from.
   */
  public float[] weight(String name) {
    requireFitted();
    return weights.values(name).clone();
  }

  /** Width of the item embeddings the tokenizer was fitted on. */
  public int embeddingDim() {
    return dim();
  }

  /** Level {@code level}'s code vectors in the latent space as rows (0-based level). */
  public float[][] codebook(int level) {
    requireFitted();
    return codebookRows(weights.values(RqVaeNetwork.codebookName(level)), config().latentDim());
  }

  /** The checkpoint, the SavedModel and the codebooks (latent space) as {@code .npy}. */
  @Override
  void saveWeights(Path dir) throws IOException {
    Files.createDirectories(dir);
    try (RqVaeInference inference = new RqVaeInference(config(), dim(), seed())) {
      inference.assign(weights);
      inference.save(dir.resolve(CHECKPOINT_DIR), CHECKPOINT_PREFIX);
    }
    RqVaeExport.export(config(), dim(), seed(), checkpointPrefix(dir), savedModelDir(dir));
    float[][] codebooks = new float[levels()][];
    for (int level = 0; level < levels(); level++) codebooks[level] = weights.values(RqVaeNetwork.codebookName(level));
    TokenizerState.writeCodebooks(dir, codebooks, codebookSize(), config().latentDim());
  }

  public static RqVae load(Path dir) throws IOException {
    TokenizerState.Header<Config> header = TokenizerState.readHeader(dir, NAME, Config.class);
    Config config = header.config();
    RqVae tokenizer = new RqVae(config);
    tokenizer.weights = RqVaeInference.restore(config, header.dim(), header.seed(), checkpointPrefix(dir));
    tokenizer.restore(dir, header);
    return tokenizer;
  }

  /** The weights' checkpoint prefix inside a saved tokenizer directory (for {@code Session.restore}). */
  public static String checkpointPrefix(Path tokenizerDir) {
    return tokenizerDir.resolve(CHECKPOINT_DIR).resolve(CHECKPOINT_PREFIX).toString();
  }

  /** The SavedModel inside a saved tokenizer directory. */
  public static Path savedModelDir(Path tokenizerDir) {
    return tokenizerDir.resolve(SAVEDMODEL_DIR);
  }
}
