package io.genrec.experiment;

import io.genrec.config.RunConfig;
import io.genrec.data.DataFormatException;
import io.genrec.data.Datasets;
import io.genrec.data.IdMap;
import io.genrec.data.ItemHoldout;
import io.genrec.eval.MetricSpec;
import io.genrec.eval.RankingAccumulator;
import io.genrec.serve.ServingModel;
import io.genrec.tokenize.ItemEmbeddings;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Scores a SavedModel on the cold-start test cases a run kept aside ({@link ItemHoldout}): each
 * case's history goes in as served (original ids), and the held-out target is looked for in the
 * top K. The model that can answer is the one {@code genrec items add --held-out} wrote; the run's
 * own SavedModel, which never had those items, scores 0 and is the floor.
 */
public final class ColdStartEvaluation {
  /** Users per session call. */
  private static final int BATCH = 256;

  /**
   * @param cases the cold-start cases scored
   * @param metrics each metric's mean over them
   */
  public record Result(int cases, Map<String, Double> metrics) {}

  private ColdStartEvaluation() {}

  /**
   * @param metrics per-user metrics only (recall, ndcg, hit rate, mrr): the ranked ids are the
   *     SavedModel's, so catalog-level ones (coverage) have no catalog to refer to
   */
  public static Result run(Path runDir, Path savedModel, List<MetricSpec> metrics) throws IOException {
    requirePerUser(metrics);
    List<ItemHoldout.ColdStartCase> cases = read(runDir.resolve(ItemHoldout.CASES_FILE));
    int k = maxK(metrics);
    List<String[]> rankings = new ArrayList<>();
    try (ServingModel model = new ServingModel(savedModel)) {
      if (k > model.maxK()) {
        throw new IllegalArgumentException(savedModel + " returns at most " + model.maxK() + " items per call (TIGER:"
            + " its beam); metrics at K = " + k + " cannot be scored");
      }
      for (int from = 0; from < cases.size(); from += BATCH) {
        List<ItemHoldout.ColdStartCase> batch = cases.subList(from, Math.min(cases.size(), from + BATCH));
        String[][] histories = batch.stream().map(c -> c.history().toArray(new String[0])).toArray(String[][]::new);
        rankings.addAll(Arrays.asList(model.recommend(histories, k).ids()));
      }
    }
    return score(cases, rankings, metrics);
  }

  /**
   * The content-only baseline on the same cases: each history is the mean of its items' rows of
   * {@code embeddings} ({@link TextNeighbours}; rows in the dense order of the whole dataset, held-out
   * items included), and every item of that catalog but the history's is ranked by cosine with it.
   */
  public static Result contentBaseline(Path runDir, RunConfig cfg, Path embeddings, List<MetricSpec> metrics)
      throws IOException {
    requirePerUser(metrics);
    List<ItemHoldout.ColdStartCase> cases = read(runDir.resolve(ItemHoldout.CASES_FILE));
    // The whole catalog, held-out items included: Datasets.load reads the data before any split.
    IdMap items = Datasets.load(cfg.data()).items();
    TextNeighbours neighbours = new TextNeighbours(ItemEmbeddings.load(embeddings, items.originals()), items);
    int k = maxK(metrics);
    List<String[]> rankings = cases.stream().map(c -> neighbours.rank(c.history(), k)).toList();
    return score(cases, rankings, metrics);
  }

  private static void requirePerUser(List<MetricSpec> metrics) {
    for (MetricSpec spec : metrics) {
      if (!spec.kind().perUser()) {
        throw new IllegalArgumentException(spec.key() + ": cold-start evaluation reports per-user metrics"
            + " (recall, ndcg, hit_rate, mrr)");
      }
    }
  }

  private static int maxK(List<MetricSpec> metrics) {
    return metrics.stream().mapToInt(MetricSpec::k).max().orElseThrow();
  }

  /** Each case's ranking (original ids, best first; "" or "0" where a model had no item) against its target. */
  private static Result score(List<ItemHoldout.ColdStartCase> cases, List<String[]> rankings, List<MetricSpec> metrics) {
    // The accumulator counts items 1..n: the ids that occur here get local numbers in order of appearance.
    IdMap.Builder local = IdMap.builder();
    int[][] ranked = new int[cases.size()][];
    int[] targets = new int[cases.size()];
    for (int i = 0; i < cases.size(); i++) {
      ranked[i] = Arrays.stream(rankings.get(i)).filter(id -> !id.isEmpty() && !id.equals("0")).mapToInt(local::add)
          .toArray();
      targets[i] = local.add(cases.get(i).target());
    }
    RankingAccumulator accumulator = new RankingAccumulator(metrics, local.size());
    for (int i = 0; i < cases.size(); i++) {
      accumulator.add(i, ranked[i], new int[] {targets[i]}, cases.get(i).history().size());
    }
    return new Result(cases.size(), accumulator.aggregate());
  }

  private static List<ItemHoldout.ColdStartCase> read(Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException(file.getParent() + ": no " + ItemHoldout.CASES_FILE
          + " (the run held out no items: data.holdout_items was not set)");
    }
    List<ItemHoldout.ColdStartCase> cases = new ArrayList<>();
    try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String line = reader.readLine();
      long number = 1;
      while ((line = reader.readLine()) != null) {
        number++;
        if (line.isBlank()) continue;
        String[] fields = line.split("\t", -1);
        if (fields.length != 3 || fields[2].isBlank()) {
          throw new DataFormatException(file, number, "'" + line + "'", "user_id<TAB>history<TAB>target");
        }
        List<String> history = fields[1].isBlank() ? List.of() : List.of(fields[1].strip().split(" +"));
        cases.add(new ItemHoldout.ColdStartCase(fields[0], history, fields[2].strip()));
      }
    }
    if (cases.isEmpty()) throw new IllegalArgumentException(file + ": no cold-start test cases");
    return cases;
  }
}
