package io.genrec.experiment;

import io.genrec.eval.MetricSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * CSV for further processing: group keys, then {@code <metric>_mean} and {@code <metric>_std} per
 * metric and per extra column, the run count {@code n}, and with a baseline {@code <metric>_p} per metric. Numbers at
 * full precision, no marks: whoever reads this file decides how to show them.
 */
final class CsvTable {
  private CsvTable() {}

  static String render(ResultsTable table) {
    ResultsTable.Spec spec = table.spec();
    boolean withP = spec.baseline() != null;
    List<String> header = new ArrayList<>(spec.groupBy());
    for (MetricSpec m : spec.metrics()) {
      header.add(m.displayName() + "_mean");
      header.add(m.displayName() + "_std");
    }
    for (String c : spec.columns()) {
      header.add(c + "_mean");
      header.add(c + "_std");
    }
    header.add("n");
    if (withP) spec.metrics().forEach(m -> header.add(m.displayName() + "_p"));

    StringBuilder out = new StringBuilder();
    line(out, header);
    for (ResultsTable.Row row : table.rows()) {
      List<String> cells = new ArrayList<>(row.groupValues());
      List<ResultsTable.Cell> values = new ArrayList<>(row.cells());
      values.addAll(row.extras());
      for (ResultsTable.Cell c : values) {
        // An empty field, not NaN: spreadsheets and pandas read it as missing.
        cells.add(c.isMissing() ? "" : Double.toString(c.mean()));
        cells.add(Double.isNaN(c.std()) ? "" : Double.toString(c.std()));
      }
      cells.add(Integer.toString(row.runCount()));
      if (withP) row.cells().forEach(c -> cells.add(Double.isNaN(c.pValue()) ? "" : Double.toString(c.pValue())));
      line(out, cells);
    }
    // Footnotes as comment lines (pandas: comment="#"), so the file still says why a field is empty.
    table.missingNotes().forEach(n -> out.append("# ").append(ResultsTable.Cell.MISSING).append(' ').append(n).append('\n'));
    return out.toString();
  }

  private static void line(StringBuilder out, List<String> cells) {
    List<String> quoted = new ArrayList<>();
    for (String c : cells) {
      boolean needs = c.contains(",") || c.contains("\"") || c.contains("\n") || c.contains("\r");
      quoted.add(needs ? "\"" + c.replace("\"", "\"\"") + "\"" : c);
    }
    out.append(String.join(",", quoted)).append('\n');
  }
}
