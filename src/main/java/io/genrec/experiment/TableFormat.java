package io.genrec.experiment;

import io.genrec.config.ConfigException;

/** How {@code genrec table} writes a {@link ResultsTable}: {@code md}, {@code latex} or {@code csv}. */
public enum TableFormat {
  MARKDOWN("md") {
    @Override
    public String render(ResultsTable table) {
      return MarkdownTable.render(table);
    }
  },
  LATEX("latex") {
    @Override
    public String render(ResultsTable table) {
      return LatexTable.render(table);
    }
  },
  CSV("csv") {
    @Override
    public String render(ResultsTable table) {
      return CsvTable.render(table);
    }
  };

  private final String option;

  TableFormat(String option) {
    this.option = option;
  }

  public abstract String render(ResultsTable table);

  public static TableFormat parse(String option) {
    for (TableFormat f : values()) if (f.option.equalsIgnoreCase(option.trim())) return f;
    throw new ConfigException("--format " + option + ": expected md, latex or csv");
  }

  /** The sentence under a table that says what the numbers and marks mean. */
  static String legend(ResultsTable table, String plusMinus) {
    StringBuilder s = new StringBuilder();
    if (table.hasRepeats()) {
      s.append("Mean ").append(plusMinus).append(" sample standard deviation over the runs (seeds) of each row. ");
    }
    String scope = table.spec().groupBy().contains("dataset") ? " per dataset" : "";
    s.append("Best").append(scope).append(" in bold, second best underlined.");
    return s.toString();
  }

  /** The footnote for the significance mark, or null without a baseline. */
  static String footnote(ResultsTable table) {
    ResultsTable.Spec spec = table.spec();
    if (spec.baseline() == null) return null;
    return "p < " + SignificanceTest.ALPHA + " against " + spec.baseline() + " on the same dataset ("
        + spec.test().label() + " over per-user test values"
        + (table.hasRepeats() ? ", each user's values averaged over seeds first" : "") + ").";
  }
}
