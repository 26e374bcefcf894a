package io.genrec.tokenize;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The tokenizers by name: {@link #create} builds one from config parameters, {@link #load} restores
 * a saved one. A new tokenizer (e.g. a TensorFlow RQ-VAE) adds one entry to {@code KINDS}.
 *
 * <p>Parameters (snake_case, all optional):
 *
 * <ul>
 *   <li>{@code rq-kmeans}: levels (3), codebook_size (256), balanced (false), max_iterations (25),
 *       threads (2)
 *   <li>{@code pq}: subvectors (4), codebook_size (256), max_iterations (25), threads (2)
 *   <li>{@code opq}: subvectors (4), codebook_size (256), max_iterations (25), rounds (8),
 *       threads (2)
 * </ul>
 */
public final class Tokenizers {
  @FunctionalInterface
  private interface Loader {
    Tokenizer load(Path dir) throws IOException;
  }

  private record Kind(Set<String> keys, Function<TokenizerParams, Tokenizer> create, Loader loader) {}

  private static final Map<String, Kind> KINDS = new LinkedHashMap<>();

  static {
    KINDS.put(
        ResidualKMeans.NAME,
        new Kind(
            Set.of("levels", "codebook_size", "balanced", "max_iterations", "threads"),
            p -> {
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
            p -> {
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
            p -> {
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
    return kind(name).create().apply(new TokenizerParams(name, params, kind(name).keys()));
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
