package io.genrec.experiment;

import io.genrec.config.ConfigException;
import io.genrec.eval.MetricSpec;
import io.genrec.eval.PerUserTable;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * A paper table computed from finished runs: one row per group (by default dataset × model), one
 * column per metric, each cell the mean and sample standard deviation over the group's runs
 * (usually seeds). Within each dataset the best value of a column is marked best and the second
 * best second; with a baseline model, each other row's cells carry the p-value of a paired test
 * against the baseline over per-user values. Rendering is left to {@link TableFormat}.
 */
public final class ResultsTable {
  /** Values are shown, and so ranked, with this many decimals: two cells that print alike tie. */
  public static final int DECIMALS = 4;

  /**
   * What to tabulate.
   *
   * @param metrics columns, e.g. R@10, N@10
   * @param groupBy row keys: {@code dataset}, {@code model} or config key paths such as {@code train.lr}
   * @param split the metrics.json object to read: {@code test} or {@code valid}
   * @param baseline model name to test every other row of a dataset against, or null
   * @param test the paired test used with a baseline
   * @param columns further columns after the metrics: numbers at dotted paths of metrics.json
   *     ({@code model.codes_used_0}, {@code wall_seconds}), mean ± std, neither ranked nor tested
   */
  public record Spec(List<MetricSpec> metrics, List<String> groupBy, String split, String baseline,
      SignificanceTest test, List<String> columns) {
    public Spec(List<MetricSpec> metrics, List<String> groupBy, String split, String baseline, SignificanceTest test) {
      this(metrics, groupBy, split, baseline, test, List.of());
    }

    public Spec {
      metrics = List.copyOf(metrics);
      groupBy = List.copyOf(groupBy);
      columns = List.copyOf(columns);
      if (metrics.isEmpty()) throw new ConfigException("--metrics: name at least one metric, e.g. R@10");
      if (groupBy.isEmpty()) throw new ConfigException("--group: name at least one key, e.g. dataset,model");
      if (!split.equals("test") && !split.equals("valid")) {
        throw new ConfigException("--split " + split + ": expected test or valid");
      }
      if (baseline != null && !groupBy.contains("model")) {
        throw new ConfigException("--baseline needs model among the --group keys (rows are compared by model)");
      }
      if (baseline != null && !split.equals("test")) {
        throw new ConfigException("--baseline with --split " + split + ": per_user.csv holds test values only");
      }
    }

    /** The VQ-Rec README layout: Dataset | Model | R@10 | N@10 | R@50 | N@50, test split. */
    public static Spec defaults() {
      return new Spec(MetricSpec.parseAll(List.of("R@10", "N@10", "R@50", "N@50")), List.of("dataset", "model"),
          "test", null, SignificanceTest.TTEST);
    }
  }

  public enum Rank { BEST, SECOND, OTHER }

  /**
   * One metric of one group.
   *
   * @param std sample standard deviation (n - 1); NaN for a single run
   * @param pValue paired test against the baseline; NaN for the baseline row or without a baseline
   */
  public record Cell(double mean, double std, int n, double pValue, Rank rank) {
    /** Shown for a metric some run of the row does not report; {@link #missingNotes} says which and why. */
    public static final String MISSING = "—";

    /** A metric that not every run of the row reports (TIGER at beam 20 has no R@50). */
    public static Cell missing() {
      return new Cell(Double.NaN, Double.NaN, 0, Double.NaN, Rank.OTHER);
    }

    public boolean isMissing() {
      return n == 0;
    }

    public boolean significant() {
      return pValue < SignificanceTest.ALPHA;
    }

    public String meanText() {
      return format(mean);
    }

    /** Empty for a single run. */
    public String stdText() {
      return Double.isNaN(std) ? "" : format(std);
    }
  }

  /**
   * One group: its key values (in {@link Spec#groupBy} order), one cell per metric, its runs, and
   * one cell per {@link Spec#columns} entry.
   */
  public record Row(List<String> groupValues, List<Cell> cells, List<Path> runs, boolean baseline, List<Cell> extras) {
    public int runCount() {
      return runs.size();
    }
  }

  private final Spec spec;
  private final List<Row> rows;
  private final List<String> missingNotes;

  private ResultsTable(Spec spec, List<Row> rows, List<String> missingNotes) {
    this.spec = spec;
    this.rows = List.copyOf(rows);
    this.missingNotes = List.copyOf(missingNotes);
  }

  /**
   * One sentence per row with {@link Cell#MISSING} cells, naming the metrics, for a footnote: a table
   * mixing models must say why a cell is empty rather than fail or print a made-up number.
   */
  public List<String> missingNotes() {
    return missingNotes;
  }

  public Spec spec() {
    return spec;
  }

  public List<Row> rows() {
    return rows;
  }

  /** True when some group holds several runs: then ± std and run counts are shown. */
  public boolean hasRepeats() {
    return rows.stream().anyMatch(r -> r.runCount() > 1);
  }

  /** The dataset a row belongs to for ranking; one block for the whole table when not grouped by dataset. */
  public String block(Row row) {
    int d = spec.groupBy().indexOf("dataset");
    return d < 0 ? "" : row.groupValues().get(d);
  }

  /** Column title of a group key: Dataset, Model, or the key path itself. */
  public static String title(String groupKey) {
    return switch (groupKey) {
      case "dataset" -> "Dataset";
      case "model" -> "Model";
      default -> groupKey;
    };
  }

  /** Text shown for a value: {@value #DECIMALS} decimals, '.' as separator whatever the locale. */
  public static String format(double v) {
    return String.format(Locale.ROOT, "%." + DECIMALS + "f", v);
  }

  /** Finished runs that have no {@code split} metrics at all (pre-training runs): they get no row. */
  public static List<FinishedRun> withoutSplit(List<FinishedRun> runs, String split) {
    return runs.stream().filter(r -> !r.hasSplit(split)).toList();
  }

  /**
   * The table over {@code runs}; runs without {@code spec.split()} metrics (see {@link #withoutSplit})
   * are left out, so a sweep holding a pre-training stage still tabulates its fine-tuned runs.
   */
  public static ResultsTable build(List<FinishedRun> all, Spec spec) throws IOException {
    if (all.isEmpty()) throw new IllegalArgumentException("no finished runs (directories with DONE) to tabulate");
    List<FinishedRun> runs = all.stream().filter(r -> r.hasSplit(spec.split())).toList();
    if (runs.isEmpty()) {
      throw new IllegalArgumentException("none of the " + all.size() + " finished runs has \"" + spec.split()
          + "\" metrics (pre-training runs only?)");
    }
    checkGroupKeys(runs, spec.groupBy());
    checkBaseline(runs, spec.baseline());
    for (MetricSpec m : spec.metrics()) {
      // A metric no run reports is a typo, not a gap: the first run's error names the keys it has.
      if (runs.stream().noneMatch(r -> r.hasMetric(spec.split(), m.key()))) runs.get(0).metric(spec.split(), m.key());
    }
    for (String column : spec.columns()) {
      if (runs.stream().noneMatch(r -> r.hasNumber(column))) runs.get(0).number(column);
    }
    Map<List<String>, List<FinishedRun>> groups = new LinkedHashMap<>();
    for (FinishedRun r : runs) {
      List<String> key = new ArrayList<>();
      for (String g : spec.groupBy()) {
        String v = r.value(g);
        key.add(v == null ? "n/a" : v);
      }
      groups.computeIfAbsent(key, k -> new ArrayList<>()).add(r);
    }
    List<List<String>> keys = new ArrayList<>(groups.keySet());
    keys.sort(ResultsTable::compareKeys);

    int modelIndex = spec.groupBy().indexOf("model");
    List<Row> rows = new ArrayList<>();
    List<String> notes = new ArrayList<>();
    for (List<String> key : keys) {
      List<FinishedRun> members = groups.get(key);
      List<Cell> cells = new ArrayList<>();
      List<String> absent = new ArrayList<>();
      for (MetricSpec m : spec.metrics()) {
        if (!members.stream().allMatch(r -> r.hasMetric(spec.split(), m.key()))) {
          cells.add(Cell.missing());
          absent.add(m.displayName());
          continue;
        }
        double[] values = members.stream().mapToDouble(r -> r.metric(spec.split(), m.key())).toArray();
        cells.add(new Cell(mean(values), sampleStd(values), values.length, Double.NaN, Rank.OTHER));
      }
      if (!absent.isEmpty()) {
        notes.add(String.join(" / ", key) + ": " + String.join(", ", absent) + " not reported by "
            + (members.size() == 1 ? "its run" : "every run of the row") + " (metrics.json has no such " + spec.split()
            + " value; a model that returns fewer items than K, such as TIGER with a beam below K, computes none)");
      }
      List<Cell> extras = new ArrayList<>();
      List<String> absentColumns = new ArrayList<>();
      for (String column : spec.columns()) {
        if (!members.stream().allMatch(r -> r.hasNumber(column))) {
          extras.add(Cell.missing());
          absentColumns.add(column);
          continue;
        }
        double[] values = members.stream().mapToDouble(r -> r.number(column)).toArray();
        extras.add(new Cell(mean(values), sampleStd(values), values.length, Double.NaN, Rank.OTHER));
      }
      if (!absentColumns.isEmpty()) {
        notes.add(String.join(" / ", key) + ": " + String.join(", ", absentColumns) + " not in the metrics.json of "
            + (members.size() == 1 ? "its run" : "every run of the row"));
      }
      boolean isBaseline = spec.baseline() != null && key.get(modelIndex).equals(spec.baseline());
      rows.add(new Row(key, cells, members.stream().map(FinishedRun::dir).toList(), isBaseline, extras));
    }
    ResultsTable table = new ResultsTable(spec, rows, notes);
    List<Row> ranked = table.ranked();
    if (spec.baseline() != null) ranked = new Significance(table, groups).mark(ranked);
    return new ResultsTable(spec, ranked, notes);
  }

  /**
   * A group key no run has would put every run into one "n/a" row, averaging different models: refused,
   * naming the config keys the runs do have.
   */
  private static void checkGroupKeys(List<FinishedRun> runs, List<String> groupBy) {
    for (String g : groupBy) {
      if (runs.stream().anyMatch(r -> r.value(g) != null)) continue;
      TreeSet<String> known = new TreeSet<>(List.of("dataset", "model"));
      runs.forEach(r -> known.addAll(r.configKeys()));
      throw new ConfigException("--group " + g + ": no run has this config key; keys the runs have: "
          + String.join(", ", known));
    }
  }

  private static void checkBaseline(List<FinishedRun> runs, String baseline) {
    if (baseline == null) return;
    TreeSet<String> models = new TreeSet<>();
    runs.forEach(r -> models.add(r.model()));
    if (!models.contains(baseline)) {
      throw new ConfigException("--baseline " + baseline + ": no run of this model; the runs' models are "
          + String.join(", ", models));
    }
  }

  /** Group keys in natural order: numbers by value, text alphabetically. */
  private static int compareKeys(List<String> a, List<String> b) {
    for (int i = 0; i < a.size(); i++) {
      int c = compareValues(a.get(i), b.get(i));
      if (c != 0) return c;
    }
    return 0;
  }

  private static int compareValues(String a, String b) {
    try {
      return new BigDecimal(a).compareTo(new BigDecimal(b));
    } catch (NumberFormatException notBothNumbers) {
      return a.compareTo(b);
    }
  }

  private List<Row> ranked() {
    List<Row> out = new ArrayList<>(rows);
    Map<String, List<Integer>> blocks = new LinkedHashMap<>();
    for (int i = 0; i < rows.size(); i++) blocks.computeIfAbsent(block(rows.get(i)), k -> new ArrayList<>()).add(i);
    for (List<Integer> block : blocks.values()) {
      for (int m = 0; m < spec.metrics().size(); m++) {
        final int col = m;
        // Rank what the reader sees: two cells printing 0.1234 tie, whatever the fifth decimal.
        TreeSet<BigDecimal> shown = new TreeSet<>(Comparator.reverseOrder());
        for (int i : block) {
          Cell c = rows.get(i).cells().get(col);
          if (!c.isMissing()) shown.add(new BigDecimal(c.meanText()));
        }
        if (shown.size() < 2) continue;
        BigDecimal best = shown.first();
        BigDecimal second = shown.higher(best);
        for (int i : block) {
          Cell c = out.get(i).cells().get(col);
          if (c.isMissing()) continue;
          BigDecimal v = new BigDecimal(c.meanText());
          Rank r = v.equals(best) ? Rank.BEST : v.equals(second) ? Rank.SECOND : Rank.OTHER;
          out.set(i, withCell(out.get(i), col, new Cell(c.mean(), c.std(), c.n(), c.pValue(), r)));
        }
      }
    }
    return out;
  }

  static Row withCell(Row row, int col, Cell cell) {
    List<Cell> cells = new ArrayList<>(row.cells());
    cells.set(col, cell);
    return new Row(row.groupValues(), cells, row.runs(), row.baseline(), row.extras());
  }

  static double mean(double[] v) {
    double s = 0;
    for (double x : v) s += x;
    return s / v.length;
  }

  static double sampleStd(double[] v) {
    if (v.length < 2) return Double.NaN;
    double m = mean(v);
    double ss = 0;
    for (double x : v) ss += (x - m) * (x - m);
    return Math.sqrt(ss / (v.length - 1));
  }

  /** Paired tests of every row against its dataset's baseline row, over per-user values. */
  private static final class Significance {
    private final ResultsTable table;
    private final Map<List<String>, List<FinishedRun>> groups;
    private final Map<Path, PerUserTable> perUser = new HashMap<>();

    Significance(ResultsTable table, Map<List<String>, List<FinishedRun>> groups) {
      this.table = table;
      this.groups = groups;
    }

    List<Row> mark(List<Row> rows) throws IOException {
      Spec spec = table.spec;
      Map<String, Row> baselineOf = new HashMap<>();
      for (Row r : rows) {
        if (!r.baseline()) continue;
        Row earlier = baselineOf.put(table.block(r), r);
        if (earlier != null) {
          throw new ConfigException("--baseline " + spec.baseline() + " matches several rows of dataset \""
              + table.block(r) + "\" (" + earlier.groupValues() + ", " + r.groupValues()
              + "); group so that one row per dataset is the baseline");
        }
      }
      List<Row> out = new ArrayList<>(rows);
      for (int i = 0; i < rows.size(); i++) {
        Row row = rows.get(i);
        Row base = baselineOf.get(table.block(row));
        if (base == null || row.baseline()) continue;
        for (int m = 0; m < spec.metrics().size(); m++) {
          if (base.cells().get(m).isMissing() || row.cells().get(m).isMissing()) continue;
          String key = spec.metrics().get(m).key();
          double p = spec.test().pValue(perUserMeans(base, key), perUserMeans(row, key));
          Cell c = out.get(i).cells().get(m);
          out.set(i, withCell(out.get(i), m, new Cell(c.mean(), c.std(), c.n(), p, c.rank())));
        }
      }
      return out;
    }

    /** user → value averaged over the group's runs (seeds), over the users every run evaluated. */
    private Map<Integer, Double> perUserMeans(Row row, String key) throws IOException {
      List<FinishedRun> runs = groups.get(row.groupValues());
      Map<Integer, double[]> sums = new HashMap<>(); // user → {sum, count}
      for (FinishedRun run : runs) {
        PerUserTable t = perUser.get(run.dir());
        if (t == null) {
          t = run.perUser();
          perUser.put(run.dir(), t);
        }
        double[] column;
        try {
          column = t.column(key);
        } catch (IllegalArgumentException e) {
          throw new IOException(run.dir().resolve(RunDirectory.PER_USER) + ": " + e.getMessage(), e);
        }
        for (int r = 0; r < t.size(); r++) {
          double[] s = sums.computeIfAbsent(t.user(r), u -> new double[2]);
          s[0] += column[r];
          s[1] += 1;
        }
      }
      Map<Integer, Double> means = new HashMap<>();
      for (Map.Entry<Integer, double[]> e : sums.entrySet()) {
        if (e.getValue()[1] == runs.size()) means.put(e.getKey(), e.getValue()[0] / runs.size());
      }
      return means;
    }
  }
}
