package io.genrec.tokenize;

import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * What a fit produced, in the numbers tokenizer papers report.
 *
 * @param tokenizer registry name
 * @param items number of items coded (padding excluded)
 * @param dim embedding width
 * @param usage per level: distinct codes used / codebook size
 * @param perplexity per level: exp of the entropy of the code distribution (at most the codebook
 *     size; it equals it when codes are used uniformly)
 * @param distinctIds distinct full code tuples, before any collision level
 * @param collisionRate {@code 1 - distinctIds / items}: the share of items that need a non-zero
 *     code in the collision level
 * @param reconstructionMse mean over items of the squared L2 distance between the embedding and
 *     its reconstruction from the chosen centroids (sum for residual, concatenation for product
 *     quantizers)
 * @param relativeError {@code reconstructionMse} over the mean squared distance of the embeddings
 *     to their mean; 1 is what a single centroid achieves, so it compares across embeddings
 * @param errorAfterLevel residual quantizers: the reconstruction MSE using the first {@code l + 1}
 *     levels; empty for product quantizers, whose levels are not nested
 * @param seconds wall time of the fit
 */
public record TokenizerReport(
    String tokenizer,
    int items,
    int dim,
    int levels,
    int codebookSize,
    double[] usage,
    double[] perplexity,
    int distinctIds,
    double collisionRate,
    double reconstructionMse,
    double relativeError,
    double[] errorAfterLevel,
    double seconds) {

  /** Computes the code statistics from {@code codes} (row 0 ignored) and combines them with the errors. */
  public static TokenizerReport of(
      String tokenizer,
      int dim,
      int[][] codes,
      int codebookSize,
      double reconstructionMse,
      double totalVariance,
      double[] errorAfterLevel,
      double seconds) {
    int items = codes.length - 1;
    int levels = items > 0 ? codes[1].length : 0;
    double[] usage = new double[levels];
    double[] perplexity = new double[levels];
    for (int level = 0; level < levels; level++) {
      int[] counts = new int[codebookSize];
      for (int i = 1; i <= items; i++) counts[codes[i][level]]++;
      int used = 0;
      double entropy = 0;
      for (int count : counts) {
        if (count == 0) continue;
        used++;
        double p = (double) count / items;
        entropy -= p * Math.log(p);
      }
      usage[level] = (double) used / codebookSize;
      perplexity[level] = Math.exp(entropy);
    }
    int distinct = distinctTuples(codes);
    return new TokenizerReport(
        tokenizer,
        items,
        dim,
        levels,
        codebookSize,
        usage,
        perplexity,
        distinct,
        items == 0 ? 0 : 1.0 - (double) distinct / items,
        reconstructionMse,
        totalVariance > 0 ? reconstructionMse / totalVariance : Double.NaN,
        errorAfterLevel.clone(),
        seconds);
  }

  /**
   * This report with the code statistics (items, usage, perplexity, distinct IDs, collision rate)
   * of {@code codes} (row 0 ignored) and everything else as it was: a fit on some items that then
   * coded them all.
   */
  public TokenizerReport recounted(int[][] codes) {
    TokenizerReport counts = of(tokenizer, dim, codes, codebookSize, reconstructionMse, 0, errorAfterLevel, seconds);
    return new TokenizerReport(tokenizer, counts.items, dim, levels, codebookSize, counts.usage, counts.perplexity,
        counts.distinctIds, counts.collisionRate, reconstructionMse, relativeError, errorAfterLevel.clone(), seconds);
  }

  static int distinctTuples(int[][] codes) {
    Set<List<Integer>> seen = new HashSet<>(codes.length * 2);
    for (int i = 1; i < codes.length; i++) {
      seen.add(Arrays.stream(codes[i]).boxed().toList());
    }
    return seen.size();
  }

  /** A few lines for the console: one per level, then the totals. */
  public String summary() {
    StringBuilder text = new StringBuilder();
    text.append(
        String.format(
            Locale.ROOT,
            "%s: %d items, dim %d, %d levels x %d codes, %.1f s%n",
            tokenizer, items, dim, levels, codebookSize, seconds));
    for (int level = 0; level < levels; level++) {
      text.append(
          String.format(
              Locale.ROOT,
              "  level %d: usage %.3f, perplexity %.1f%s%n",
              level + 1,
              usage[level],
              perplexity[level],
              level < errorAfterLevel.length
                  ? String.format(Locale.ROOT, ", error after level %.5g", errorAfterLevel[level])
                  : ""));
    }
    text.append(
        String.format(
            Locale.ROOT,
            "  distinct IDs %d (collision rate %.4f), reconstruction MSE %.5g (relative %.4f)",
            distinctIds, collisionRate, reconstructionMse, relativeError));
    return text.toString();
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof TokenizerReport that
        && tokenizer.equals(that.tokenizer)
        && items == that.items
        && dim == that.dim
        && levels == that.levels
        && codebookSize == that.codebookSize
        && Arrays.equals(usage, that.usage)
        && Arrays.equals(perplexity, that.perplexity)
        && distinctIds == that.distinctIds
        && Double.compare(collisionRate, that.collisionRate) == 0
        && Double.compare(reconstructionMse, that.reconstructionMse) == 0
        && Double.compare(relativeError, that.relativeError) == 0
        && Arrays.equals(errorAfterLevel, that.errorAfterLevel)
        && Double.compare(seconds, that.seconds) == 0;
  }

  @Override
  public int hashCode() {
    return java.util.Objects.hash(tokenizer, items, dim, levels, codebookSize, distinctIds, reconstructionMse)
        + 31 * Arrays.hashCode(usage);
  }

  @Override
  public String toString() {
    return summary();
  }
}
