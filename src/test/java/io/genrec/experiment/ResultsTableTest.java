package io.genrec.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.genrec.config.ConfigException;
import io.genrec.eval.MetricSpec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Formats and ranking on runs built in memory (no files): exact expected text. */
class ResultsTableTest {
  private static FinishedRun run(String dataset, String model, long seed, double lr, double r10, double n10) {
    JsonObject config = JsonParser.parseString("{\"experiment\":\"t\",\"seed\":" + seed + ",\"data\":{\"path\":\"x/"
        + dataset + ".txt\",\"name\":\"\"},\"model\":{\"name\":\"" + model + "\"},\"train\":{\"lr\":" + lr + "}}")
        .getAsJsonObject();
    JsonObject metrics = JsonParser.parseString("{\"test\":{\"recall@10\":" + r10 + ",\"ndcg@10\":" + n10
        + "},\"valid\":{\"recall@10\":" + (r10 / 2) + ",\"ndcg@10\":" + (n10 / 2) + "}}").getAsJsonObject();
    return new FinishedRun(Path.of("runs", dataset, model + seed), config, metrics);
  }

  private static List<FinishedRun> fixture() {
    List<FinishedRun> runs = new ArrayList<>();
    runs.add(run("d1", "c", 1, 0.001, 0.28, 0.19));
    runs.add(run("d1", "a", 1, 0.001, 0.30, 0.20));
    runs.add(run("d1", "a", 2, 0.001, 0.32, 0.22));
    runs.add(run("d1", "b", 1, 0.001, 0.25, 0.21));
    runs.add(run("d_2", "a", 1, 0.001, 0.10, 0.05));
    runs.add(run("d_2", "b", 1, 0.001, 0.12, 0.04));
    return runs;
  }

  private static ResultsTable.Spec spec(String metrics, String groups) {
    return new ResultsTable.Spec(MetricSpec.parseAll(List.of(metrics.split(","))), List.of(groups.split(",")),
        "test", null, SignificanceTest.TTEST);
  }

  @Test
  void markdownShowsMeanStdRunsBestBoldSecondUnderlinedPerDataset() throws Exception {
    ResultsTable t = ResultsTable.build(fixture(), spec("R@10,N@10", "dataset,model"));
    assertEquals(String.join("\n",
        "| Dataset | Model | R@10 | N@10 | Runs |",
        "| --- | --- | ---: | ---: | ---: |",
        "| d1 | a | **0.3100 ± 0.0141** | **0.2100 ± 0.0141** | 2 |",
        "| d1 | b | 0.2500 | **0.2100** | 1 |",
        "| d1 | c | <u>0.2800</u> | <u>0.1900</u> | 1 |",
        "| d_2 | a | <u>0.1000</u> | **0.0500** | 1 |",
        "| d_2 | b | **0.1200** | <u>0.0400</u> | 1 |",
        "",
        "Mean ± sample standard deviation over the runs (seeds) of each row. Best per dataset in bold, second best underlined.",
        ""), TableFormat.MARKDOWN.render(t));
  }

  private static FinishedRun withModelStats(FinishedRun r, String stats) {
    JsonObject metrics = r.metrics().deepCopy();
    metrics.add("model", JsonParser.parseString(stats));
    metrics.addProperty("wall_seconds", 100);
    return new FinishedRun(r.dir(), r.config(), metrics);
  }

  @Test
  void extraColumnsShowMetricsJsonNumbersUnrankedAndAMissingOneIsFootnoted() throws Exception {
    List<FinishedRun> runs = new ArrayList<>();
    runs.add(withModelStats(run("d1", "diger", 1, 0.001, 0.30, 0.20), "{\"codes_used_0\": 0.5}"));
    runs.add(withModelStats(run("d1", "diger", 2, 0.001, 0.32, 0.22), "{\"codes_used_0\": 0.7}"));
    runs.add(withModelStats(run("d1", "tiger", 1, 0.001, 0.25, 0.21), "{}"));
    ResultsTable.Spec spec = new ResultsTable.Spec(MetricSpec.parseAll(List.of("R@10")), List.of("dataset", "model"),
        "test", null, SignificanceTest.TTEST, List.of("model.codes_used_0", "wall_seconds"));
    String md = TableFormat.MARKDOWN.render(ResultsTable.build(runs, spec));
    assertTrue(md.startsWith(String.join("\n",
        "| Dataset | Model | R@10 | model.codes_used_0 | wall_seconds | Runs |",
        "| --- | --- | ---: | ---: | ---: | ---: |",
        "| d1 | diger | **0.3100 ± 0.0141** | 0.6000 ± 0.1414 | 100.0000 ± 0.0000 | 2 |",
        "| d1 | tiger | <u>0.2500</u> | — | 100.0000 | 1 |")), md);
    assertTrue(md.contains("d1 / tiger: model.codes_used_0 not in the metrics.json of its run"), md);
    String csv = TableFormat.CSV.render(ResultsTable.build(runs, spec));
    assertTrue(csv.startsWith("dataset,model,R@10_mean,R@10_std,model.codes_used_0_mean,model.codes_used_0_std,"
        + "wall_seconds_mean,wall_seconds_std,n\n"), csv);
    ResultsTable.Spec typo = new ResultsTable.Spec(MetricSpec.parseAll(List.of("R@10")), List.of("dataset", "model"),
        "test", null, SignificanceTest.TTEST, List.of("model.codes_usd_0"));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ResultsTable.build(runs, typo));
    assertTrue(e.getMessage().contains("model.codes_usd_0") && e.getMessage().contains("codes_used_0"), e.getMessage());
  }

  @Test
  void latexUsesBooktabsTextbfUnderlineAndOneDatasetNamePerBlock() throws Exception {
    ResultsTable t = ResultsTable.build(fixture(), spec("R@10,N@10", "dataset,model"));
    assertEquals(String.join("\n",
        "% genrec table; needs \\usepackage{booktabs}",
        "\\begin{tabular}{llrrr}",
        "\\toprule",
        "Dataset & Model & R@10 & N@10 & Runs \\\\",
        "\\midrule",
        "d1 & a & \\textbf{0.3100 $\\pm$ 0.0141} & \\textbf{0.2100 $\\pm$ 0.0141} & 2 \\\\",
        " & b & 0.2500 & \\textbf{0.2100} & 1 \\\\",
        " & c & \\underline{0.2800} & \\underline{0.1900} & 1 \\\\",
        "\\midrule",
        "d\\_2 & a & \\underline{0.1000} & \\textbf{0.0500} & 1 \\\\",
        " & b & \\textbf{0.1200} & \\underline{0.0400} & 1 \\\\",
        "\\bottomrule",
        "\\end{tabular}",
        "\\par\\smallskip{\\footnotesize Mean $\\pm$ sample standard deviation over the runs (seeds) of each row."
            + " Best per dataset in bold, second best underlined.}",
        ""), TableFormat.LATEX.render(t));
  }

  @Test
  void csvHasPlainMeanStdAndN() throws Exception {
    ResultsTable t = ResultsTable.build(fixture(), spec("R@10,N@10", "dataset,model"));
    List<String> lines = List.of(TableFormat.CSV.render(t).split("\n"));
    assertEquals("dataset,model,R@10_mean,R@10_std,N@10_mean,N@10_std,n", lines.get(0));
    String[] a = lines.get(1).split(",", -1);
    assertEquals("d1", a[0]);
    assertEquals("a", a[1]);
    assertEquals(0.31, Double.parseDouble(a[2]), 1e-12);
    assertEquals(Math.sqrt(0.0002), Double.parseDouble(a[3]), 1e-12);
    assertEquals("2", a[6]);
    assertEquals("d1,b,0.25,,0.21,,1", lines.get(2));
    assertEquals(6, lines.size());
  }

  @Test
  void withoutRepeatsTheDefaultLayoutIsTheVqRecTable() throws Exception {
    List<FinishedRun> single = fixture().stream().filter(r -> r.seed() == 1).toList();
    String md = TableFormat.MARKDOWN.render(ResultsTable.build(single, spec("R@10,N@10", "dataset,model")));
    assertTrue(md.startsWith("| Dataset | Model | R@10 | N@10 |\n| --- | --- | ---: | ---: |\n| d1 | a | **0.3000** |"), md);
    assertTrue(md.contains("\nBest per dataset in bold, second best underlined.\n"), md);
  }

  @Test
  void groupsByAnyConfigKeyAndRanksOverTheWholeTableWithoutDataset() throws Exception {
    List<FinishedRun> runs = new ArrayList<>(fixture());
    runs.add(run("d1", "a", 3, 0.01, 0.40, 0.30));
    ResultsTable t = ResultsTable.build(runs, spec("R@10", "train.lr"));
    assertEquals(List.of(List.of("0.001"), List.of("0.01")), t.rows().stream().map(ResultsTable.Row::groupValues).toList());
    assertEquals(6, t.rows().get(0).runCount());
    assertEquals(ResultsTable.Rank.BEST, t.rows().get(1).cells().get(0).rank());
    assertEquals(ResultsTable.Rank.SECOND, t.rows().get(0).cells().get(0).rank());
  }

  @Test
  void validSplitReadsTheValidObject() throws Exception {
    ResultsTable.Spec s = new ResultsTable.Spec(MetricSpec.parseAll(List.of("R@10")), List.of("dataset", "model"),
        "valid", null, SignificanceTest.TTEST);
    assertEquals(0.155, ResultsTable.build(fixture(), s).rows().get(0).cells().get(0).mean(), 1e-12);
  }

  @Test
  void aMissingMetricNamesTheRunAndTheKeysItHas() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> ResultsTable.build(fixture(), spec("MRR@20", "dataset,model")));
    assertTrue(e.getMessage().contains("no number at test.mrr@20 (has [recall@10, ndcg@10])"), e.getMessage());
  }

  /** d1/tiger reports R@10 only, as TIGER at beam 20 has no R@50. */
  private static List<FinishedRun> mixed() {
    List<FinishedRun> runs = new ArrayList<>(fixture());
    JsonObject config = JsonParser.parseString("{\"experiment\":\"t\",\"seed\":1,\"data\":{\"path\":\"x/d1.txt\","
        + "\"name\":\"\"},\"model\":{\"name\":\"tiger\"},\"train\":{\"lr\":0.001}}").getAsJsonObject();
    JsonObject metrics = JsonParser.parseString("{\"test\":{\"recall@10\":0.5}}").getAsJsonObject();
    runs.add(new FinishedRun(Path.of("runs", "d1", "tiger1"), config, metrics));
    return runs;
  }

  @Test
  void aMetricOneModelLacksIsADashWithAFootnoteInEveryFormat() throws Exception {
    List<FinishedRun> single = mixed().stream().filter(r -> r.seed() == 1).toList();
    ResultsTable t = ResultsTable.build(single, spec("R@10,N@10", "dataset,model"));
    String md = TableFormat.MARKDOWN.render(t);
    assertTrue(md.contains("| d1 | tiger | **0.5000** | — |"), md);
    assertTrue(md.contains("| d1 | a | <u>0.3000</u> | <u>0.2000</u> |"), "ranking ignores the missing cell: " + md);
    assertTrue(md.contains("— d1 / tiger: N@10 not reported by its run"), md);
    String latex = TableFormat.LATEX.render(t);
    assertTrue(latex.contains(" & tiger & \\textbf{0.5000} & --- \\\\"), latex);
    assertTrue(latex.contains("d1 / tiger: N@10 not reported"), latex);
    String csv = TableFormat.CSV.render(t);
    assertTrue(csv.contains("\nd1,tiger,0.5,,,,1\n"), csv);
    assertTrue(csv.contains("\n# — d1 / tiger: N@10 not reported"), csv);
  }

  @Test
  void aGroupKeyNoRunHasIsRefusedListingTheKeys() {
    ConfigException e = assertThrows(ConfigException.class, () -> ResultsTable.build(fixture(), spec("R@10", "dataset,trian.lr")));
    assertTrue(e.getMessage().contains("--group trian.lr") && e.getMessage().contains("train.lr"), e.getMessage());
  }

  @Test
  void anUnknownBaselineModelIsRefusedListingTheModels() {
    ResultsTable.Spec s = new ResultsTable.Spec(MetricSpec.parseAll(List.of("R@10")), List.of("dataset", "model"),
        "test", "sasrek", SignificanceTest.TTEST);
    ConfigException e = assertThrows(ConfigException.class, () -> ResultsTable.build(fixture(), s));
    assertTrue(e.getMessage().contains("--baseline sasrek") && e.getMessage().contains("a, b, c"), e.getMessage());
  }

  @Test
  void baselineNeedsModelGroupingAndTheTestSplit() {
    assertThrows(ConfigException.class, () -> new ResultsTable.Spec(MetricSpec.parseAll(List.of("R@10")),
        List.of("dataset"), "test", "a", SignificanceTest.TTEST));
    assertThrows(ConfigException.class, () -> new ResultsTable.Spec(MetricSpec.parseAll(List.of("R@10")),
        List.of("dataset", "model"), "valid", "a", SignificanceTest.TTEST));
  }

  @Test
  void latexEscapesSpecialCharacters() {
    assertEquals("a\\_b \\& 50\\% \\$x\\$ \\#1 \\{\\} \\textasciitilde{} \\textbackslash{}",
        LatexTable.escape("a_b & 50% $x$ #1 {} ~ \\"));
  }
}
