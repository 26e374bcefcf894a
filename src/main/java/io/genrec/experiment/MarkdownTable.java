package io.genrec.experiment;

import java.util.ArrayList;
import java.util.List;

/** Markdown: best **bold**, second best <u>underlined</u>, † for p &lt; 0.05 against the baseline. */
final class MarkdownTable {
  private MarkdownTable() {}

  static String render(ResultsTable table) {
    ResultsTable.Spec spec = table.spec();
    boolean counts = table.hasRepeats();
    List<String> header = new ArrayList<>();
    List<String> align = new ArrayList<>();
    for (String g : spec.groupBy()) {
      header.add(ResultsTable.title(g));
      align.add("---");
    }
    spec.metrics().forEach(m -> {
      header.add(m.displayName());
      align.add("---:");
    });
    spec.columns().forEach(c -> {
      header.add(escape(c));
      align.add("---:");
    });
    if (counts) {
      header.add("Runs");
      align.add("---:");
    }
    StringBuilder out = new StringBuilder();
    line(out, header);
    line(out, align);
    for (ResultsTable.Row row : table.rows()) {
      List<String> cells = new ArrayList<>();
      row.groupValues().forEach(v -> cells.add(escape(v)));
      row.cells().forEach(c -> cells.add(cell(c)));
      row.extras().forEach(c -> cells.add(cell(c)));
      if (counts) cells.add(Integer.toString(row.runCount()));
      line(out, cells);
    }
    out.append('\n').append(TableFormat.legend(table, "±")).append('\n');
    String note = TableFormat.footnote(table);
    if (note != null) out.append('\n').append("† ").append(note).append('\n');
    if (!table.missingNotes().isEmpty()) {
      out.append('\n');
      table.missingNotes().forEach(n -> out.append(ResultsTable.Cell.MISSING).append(' ').append(escape(n)).append("  \n"));
    }
    return out.toString();
  }

  static String cell(ResultsTable.Cell c) {
    if (c.isMissing()) return ResultsTable.Cell.MISSING;
    String text = c.stdText().isEmpty() ? c.meanText() : c.meanText() + " ± " + c.stdText();
    text = switch (c.rank()) {
      case BEST -> "**" + text + "**";
      case SECOND -> "<u>" + text + "</u>";
      case OTHER -> text;
    };
    return c.significant() ? text + "†" : text;
  }

  private static void line(StringBuilder out, List<String> cells) {
    out.append("| ").append(String.join(" | ", cells)).append(" |\n");
  }

  private static String escape(String v) {
    return v.replace("|", "\\|");
  }
}
