package io.genrec.tokenize;

import io.genrec.config.TrainConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;

/**
 * The tokenizers by name: {@link #create} builds one from config parameters, {@link #load} restores
 * a saved one. A new tokenizer adds one entry to {@code KINDS}.
 *
 * <p>Parameters (snake_case, all optional):
 *
 * <ul>
 *   <li>{@code rq-kmeans}: levels (3), codebook_size (256), balanced (false), max_iterations (25),
 *       threads (2)
 *   <li>{@code pq}: subvectors (4), codebook_size (256), max_iterations (25), threads (2)
 *   <li>{@code opq}: subvectors (4), codebook_size (256), max_iterations (25), rounds (8),
 *       threads (2)
 *   <li>{@code rq-vae}: hidden ([512, 256, 128]), latent_dim (32), levels (3), codebook_size
 *       (256), beta (0.25), kmeans_init (true), reseed_dead_codes (true), threads (2); its
 *       training (epochs, batch size, optimizer) comes from the train config
 * </ul>
 */
public final class Tokenizers {
  @FunctionalInterface
  private interface Loader {
    Tokenizer load(Path dir) throws IOException;
  }

  /** {@code create} gets the training config too; only tokenizers that train (rq-vae) read it. */
  private record Kind(Set<String> keys, BiFunction<TokenizerParams, TrainConfig, Tokenizer> create, Loader loader) {}

  private static final Map<String, Kind> KINDS = new LinkedHashMap<>();

  static {
    KINDS.put(
        ResidualKMeans.NAME,
        new Kind(
            Set.of("levels", "codebook_size", "balanced", "max_iterations", "threads"),
            (p, train) -> {
              ResidualKMeans.Config d = ResidualKMeans.Config.defaults();
              return new ResidualKMeans(
                  new ResidualKMeans.Config(
                      p.intValue("levels", d.levels()),
                      p.intValue("codebook_size", d.codebookSize()),
                      p.booleanValue("balanced", d.balanced()),
                      p.intValue("max_iterations", d.maxIterations()),
                      p.intValue("threads", d.threads())));
            },
            ResidualKMeans::load));
    KINDS.put(
        ProductQuantizer.NAME,
        new Kind(
            Set.of("subvectors", "codebook_size", "max_iterations", "threads"),
            (p, train) -> {
              ProductQuantizer.Config d = ProductQuantizer.Config.defaults();
              return new ProductQuantizer(
                  new ProductQuantizer.Config(
                      p.intValue("subvectors", d.subvectors()),
                      p.intValue("codebook_size", d.codebookSize()),
                      p.intValue("max_iterations", d.maxIterations()),
                      p.intValue("threads", d.threads())));
            },
            ProductQuantizer::load));
    KINDS.put(
        OptimizedProductQuantizer.NAME,
        new Kind(
            Set.of("subvectors", "codebook_size", "max_iterations", "rounds", "threads"),
            (p, train) -> {
              OptimizedProductQuantizer.Config d = OptimizedProductQuantizer.Config.defaults();
              return new OptimizedProductQuantizer(
                  new OptimizedProductQuantizer.Config(
                      p.intValue("subvectors", d.subvectors()),
                      p.intValue("codebook_size", d.codebookSize()),
                      p.intValue("max_iterations", d.maxIterations()),
                      p.intValue("rounds", d.rounds()),
                      p.intValue("threads", d.threads())));
            },
            OptimizedProductQuantizer::load));
    KINDS.put(
        RqVae.NAME,
        new Kind(
            Set.of("hidden", "latent_dim", "levels", "codebook_size", "beta", "kmeans_init", "reseed_dead_codes",
                "threads", "sinkhorn_epsilon", "sinkhorn_iters"),
            (p, train) -> {
              RqVae.Config d = RqVae.Config.defaults();
              return new RqVae(
                  new RqVae.Config(
                      p.intList("hidden", d.hidden()),
                      p.intValue("latent_dim", d.latentDim()),
                      p.intValue("levels", d.levels()),
                      p.intValue("codebook_size", d.codebookSize()),
                      p.doubleValue("beta", d.beta()),
                      p.booleanValue("kmeans_init", d.kmeansInit()),
                      p.booleanValue("reseed_dead_codes", d.reseedDeadCodes()),
                      p.intValue("threads", d.threads()),
                      p.doubleValue("sinkhorn_epsilon", d.sinkhornEpsilon()),
                      p.intValue("sinkhorn_iters", d.sinkhornIters()),
                      train));
            },
            RqVae::load));
  }

  private Tokenizers() {}

  public static List<String> names() {
    return new ArrayList<>(KINDS.keySet());
  }

  /**
   * @param params numbers, booleans or their text, keyed as in the class comment
   * @throws IllegalArgumentException for an unknown name or parameter, listing the known ones
   */
  public static Tokenizer create(String name, Map<String, ?> params) {
    return create(name, params, RqVae.Config.defaultTraining());
  }

  /** As {@link #create(String, Map)}, with the training config a trained tokenizer (rq-vae) uses. */
  public static Tokenizer create(String name, Map<String, ?> params, TrainConfig train) {
    return kind(name).create().apply(new TokenizerParams(name, params, kind(name).keys()), train);
  }

  /** Restores what {@link Tokenizer#save} wrote, choosing the class by the saved name. */
  public static Tokenizer load(Path dir) throws IOException {
    return kind(TokenizerState.tokenizerName(dir)).loader().load(dir);
  }

  private static Kind kind(String name) {
    Kind kind = KINDS.get(name);
    if (kind == null) {
      throw new IllegalArgumentException(
          "unknown tokenizer '" + name + "'; known: " + String.join(", ", KINDS.keySet()));
    }
    return kind;
  }
}
