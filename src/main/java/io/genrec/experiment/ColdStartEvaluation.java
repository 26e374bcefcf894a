package io.genrec.experiment;

import io.genrec.config.RunConfig;
import io.genrec.data.DataFormatException;
import io.genrec.data.Datasets;
import io.genrec.data.EvalCase;
import io.genrec.data.IdMap;
import io.genrec.data.ItemHoldout;
import io.genrec.data.SplitDataset;
import io.genrec.eval.MetricSpec;
import io.genrec.eval.NewItemQuota;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Scores a SavedModel on the cold-start test cases a run kept aside ({@link ItemHoldout}): each
 * case's history goes in as served (original ids), and the held-out target is looked for in the
 * top K. The model that can answer is the one {@code genrec items add --held-out} wrote; the run's
 * own SavedModel, which never had those items, scores 0 and is the floor.
 */
public final class ColdStartEvaluation {
  /** Users per session call. */
  private static final int BATCH = 256;

  /** One test case as served: a history and the items it is scored against, original ids. */
  public record Case(List<String> history, List<String> targets) {}

  /**
   * @param cases the test cases scored
   * @param metrics each metric's mean over them
   */
  public record Result(int cases, Map<String, Double> metrics) {}

  private ColdStartEvaluation() {}

  /** The test cases the run kept aside because their target is a held-out item. */
  public static List<Case> coldStartCases(Path runDir) throws IOException {
    return read(runDir.resolve(ItemHoldout.CASES_FILE)).stream()
        .map(c -> new Case(c.history(), List.of(c.target()))).toList();
  }

  /**
   * The run's own test cases (the ones {@code metrics.json} covers, with {@code holdout_items} the
   * cases whose target is an old item), rebuilt from its config: a grown SavedModel scored on them
   * against the run's own says what the new items cost the other users.
   */
  public static List<Case> runTestCases(RunConfig cfg) throws IOException {
    SplitDataset split = cfg.data().holdoutItems() != null ? Datasets.loadHoldout(cfg.data()).split()
        : Datasets.loadSplit(cfg.data());
    IdMap items = split.data().items();
    List<Case> cases = new ArrayList<>(split.test().size());
    for (EvalCase c : split.test()) {
      cases.add(new Case(Arrays.stream(c.history()).mapToObj(items::original).toList(),
          Arrays.stream(c.targets()).mapToObj(items::original).toList()));
    }
    return cases;
  }

  /** The ids the run held out ({@link ItemHoldout#ITEMS_FILE}): the new items of a {@code --held-out} model. */
  public static Set<String> heldOutItems(Path runDir) throws IOException {
    return Set.copyOf(ItemHoldout.readItems(runDir));
  }

  /**
   * Scores {@code savedModel} on {@code cases}; the history goes in as served (original ids).
   *
   * @param metrics per-user metrics only (recall, ndcg, hit rate, mrr): the ranked ids are the
   *     SavedModel's, so catalog-level ones (coverage) have no catalog to refer to
   * @param quota limits the new items in each top K (TIGER's ε); null for none. With a quota the
   *     model is asked for all it returns (its beam), so that old items can fill the slots.
   */
  public static Result run(List<Case> cases, Path savedModel, List<MetricSpec> metrics, NewItemQuota quota)
      throws IOException {
    return run(cases, savedModel, metrics, quota, null);
  }

  /**
   * As {@link #run(List, Path, List, NewItemQuota)}, each ranked item followed by the new items that
   * share its first codes ({@link PrefixMatchedItems}; null for none).
   */
  static Result run(List<Case> cases, Path savedModel, List<MetricSpec> metrics, NewItemQuota quota,
      PrefixMatchedItems prefixes) throws IOException {
    requirePerUser(metrics);
    int k = maxK(metrics);
    List<String[]> rankings = new ArrayList<>();
    try (ServingModel model = new ServingModel(savedModel)) {
      if (k > model.maxK()) {
        throw new IllegalArgumentException(savedModel + " returns at most " + model.maxK() + " items per call (TIGER:"
            + " its beam); metrics at K = " + k + " cannot be scored");
      }
      int asked = quota == null ? k : model.maxK();
      for (int from = 0; from < cases.size(); from += BATCH) {
        List<Case> batch = cases.subList(from, Math.min(cases.size(), from + BATCH));
        String[][] histories = batch.stream().map(c -> c.history().toArray(new String[0])).toArray(String[][]::new);
        for (String[] ranked : model.recommend(histories, asked).ids()) {
          rankings.add(prefixes == null ? ranked : prefixes.expand(ranked));
        }
      }
    }
    return score(cases, rankings, metrics, quota);
  }

  /**
   * The content-only baseline on the same cases: each history is the mean of its items' rows of
   * {@code embeddings} ({@link TextNeighbours}; rows in the dense order of the whole dataset, held-out
   * items included), and every item of that catalog but the history's is ranked by cosine with it.
   */
  public static Result contentBaseline(List<Case> cases, RunConfig cfg, Path embeddings, List<MetricSpec> metrics,
      NewItemQuota quota) throws IOException {
    requirePerUser(metrics);
    // The whole catalog, held-out items included: Datasets.load reads the data before any split.
    IdMap items = Datasets.load(cfg.data()).items();
    TextNeighbours neighbours = new TextNeighbours(ItemEmbeddings.load(embeddings, items.originals()), items);
    // With a quota, the whole catalog: K old items are then among the candidates whatever the new ones are.
    int k = quota == null ? Math.min(maxK(metrics), items.size()) : items.size();
    List<String[]> rankings = cases.stream().map(c -> neighbours.rank(c.history(), k)).toList();
    return score(cases, rankings, metrics, quota);
  }

  /**
   * {@link #run} with TIGER's prefix matching: the new items are the run's held-out ones, their IDs
   * the grown SavedModel's ({@code assets.extra/semantic_ids.tsv}, which {@code genrec items add} writes).
   */
  public static Result runPrefixMatched(Path runDir, List<Case> cases, Path savedModel, List<MetricSpec> metrics,
      NewItemQuota quota, int levels) throws IOException {
    Path idsFile = savedModel.resolve(NewItemsExport.ASSETS_EXTRA).resolve(io.genrec.tokenize.SemanticIdFile.FILE_NAME);
    if (!Files.isRegularFile(idsFile)) {
      throw new IllegalArgumentException(savedModel + ": no " + NewItemsExport.ASSETS_EXTRA + "/"
          + io.genrec.tokenize.SemanticIdFile.FILE_NAME + " (prefix matching needs the semantic IDs that genrec items add"
          + " writes beside a TIGER or DIGER model)");
    }
    PrefixMatchedItems prefixes = new PrefixMatchedItems(io.genrec.tokenize.SemanticIdFile.readTsv(idsFile),
        heldOutItems(runDir), levels);
    return run(cases, savedModel, metrics, quota, prefixes);
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

  /**
   * Each case's ranking (original ids, best first; "" or "0" where a model had no item) against its
   * targets. Under a quota each cut-off K gets its own list (⌊ε·K⌋ new items at most in the top K),
   * so metrics are scored per K.
   */
  private static Result score(List<Case> cases, List<String[]> rankings, List<MetricSpec> metrics, NewItemQuota quota) {
    List<String[]> cleaned = rankings.stream()
        .map(r -> Arrays.stream(r).filter(id -> !id.isEmpty() && !id.equals("0")).toArray(String[]::new)).toList();
    if (quota == null) return new Result(cases.size(), accumulate(cases, cleaned, metrics));
    Map<Integer, List<MetricSpec>> byK = new TreeMap<>();
    for (MetricSpec spec : metrics) byK.computeIfAbsent(spec.k(), x -> new ArrayList<>()).add(spec);
    Map<String, Double> all = new LinkedHashMap<>();
    byK.forEach((k, specs) -> all.putAll(accumulate(cases, cleaned.stream().map(r -> quota.topK(r, k)).toList(), specs)));
    Map<String, Double> ordered = new LinkedHashMap<>();
    for (MetricSpec spec : metrics) ordered.put(spec.key(), all.get(spec.key()));
    return new Result(cases.size(), ordered);
  }

  private static Map<String, Double> accumulate(List<Case> cases, List<String[]> rankings, List<MetricSpec> metrics) {
    // The accumulator counts items 1..n: the ids that occur here get local numbers in order of appearance.
    IdMap.Builder local = IdMap.builder();
    int[][] ranked = new int[cases.size()][];
    int[][] targets = new int[cases.size()][];
    for (int i = 0; i < cases.size(); i++) {
      ranked[i] = Arrays.stream(rankings.get(i)).mapToInt(local::add).toArray();
      targets[i] = cases.get(i).targets().stream().mapToInt(local::add).toArray();
    }
    RankingAccumulator accumulator = new RankingAccumulator(metrics, local.size());
    for (int i = 0; i < cases.size(); i++) {
      accumulator.add(i, ranked[i], targets[i], cases.get(i).history().size());
    }
    return accumulator.aggregate();
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
