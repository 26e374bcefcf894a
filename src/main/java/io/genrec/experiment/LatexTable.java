package io.genrec.experiment;

import java.util.ArrayList;
import java.util.List;

/**
 * A booktabs tabular (the document needs the booktabs package): best in bold (textbf), second
 * best underlined, a dagger for p &lt; 0.05. The dataset name is printed once per
 * block, blocks separated by {@code \midrule}, as tables in recommendation papers usually are.
 */
final class LatexTable {
  private LatexTable() {}

  static String render(ResultsTable table) {
    ResultsTable.Spec spec = table.spec();
    boolean counts = table.hasRepeats();
    boolean datasetFirst = spec.groupBy().get(0).equals("dataset");
    StringBuilder columns = new StringBuilder("l".repeat(spec.groupBy().size()));
    columns.append("r".repeat(spec.metrics().size() + spec.columns().size()));
    if (counts) columns.append('r');

    List<String> header = new ArrayList<>();
    spec.groupBy().forEach(g -> header.add(escape(ResultsTable.title(g))));
    spec.metrics().forEach(m -> header.add(escape(m.displayName())));
    spec.columns().forEach(c -> header.add(escape(c)));
    if (counts) header.add("Runs");

    StringBuilder out = new StringBuilder();
    out.append("% genrec table; needs \\usepackage{booktabs}\n");
    out.append("\\begin{tabular}{").append(columns).append("}\n\\toprule\n");
    out.append(String.join(" & ", header)).append(" \\\\\n\\midrule\n");
    String previousBlock = null;
    for (ResultsTable.Row row : table.rows()) {
      String block = table.block(row);
      boolean firstOfBlock = !block.equals(previousBlock);
      if (firstOfBlock && previousBlock != null) out.append("\\midrule\n");
      previousBlock = block;
      List<String> cells = new ArrayList<>();
      for (int g = 0; g < row.groupValues().size(); g++) {
        boolean repeatedDataset = g == 0 && datasetFirst && !firstOfBlock;
        cells.add(repeatedDataset ? "" : escape(row.groupValues().get(g)));
      }
      row.cells().forEach(c -> cells.add(cell(c)));
      row.extras().forEach(c -> cells.add(cell(c)));
      if (counts) cells.add(Integer.toString(row.runCount()));
      out.append(String.join(" & ", cells)).append(" \\\\\n");
    }
    out.append("\\bottomrule\n\\end{tabular}\n");
    out.append("\\par\\smallskip{\\footnotesize ").append(escape(TableFormat.legend(table, "±"))
        .replace("±", "$\\pm$"));
    String note = TableFormat.footnote(table);
    if (note != null) out.append(" $^\\dagger$\\,").append(escape(note).replace("p < " + SignificanceTest.ALPHA, "$p<" + SignificanceTest.ALPHA + "$"));
    for (String n : table.missingNotes()) out.append(" --- ").append(escape(n));
    out.append("}\n");
    return out.toString();
  }

  static String cell(ResultsTable.Cell c) {
    if (c.isMissing()) return "---";
    String text = c.stdText().isEmpty() ? c.meanText() : c.meanText() + " $\\pm$ " + c.stdText();
    text = switch (c.rank()) {
      case BEST -> "\\textbf{" + text + "}";
      case SECOND -> "\\underline{" + text + "}";
      case OTHER -> text;
    };
    return c.significant() ? text + "$^\\dagger$" : text;
  }

  /** Escapes the characters LaTeX treats specially (dataset and model names often hold '_'). */
  static String escape(String s) {
    StringBuilder out = new StringBuilder();
    for (char ch : s.toCharArray()) {
      switch (ch) {
        case '\\' -> out.append("\\textbackslash{}");
        case '&', '%', '$', '#', '_', '{', '}' -> out.append('\\').append(ch);
        case '~' -> out.append("\\textasciitilde{}");
        case '^' -> out.append("\\textasciicircum{}");
        default -> out.append(ch);
      }
    }
    return out.toString();
  }
}
