package io.genrec.experiment;

import io.genrec.eval.MetricSpec;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.CategorySeries;
import org.knowm.xchart.style.Styler;

/**
 * A results table as bars, one panel per metric side by side (how TIGRESS shows coverage, Gini and
 * disparity next to each other): a bar per table row with its mean, the standard deviation over its
 * runs as an error bar when it has several. A row's colour is the same in every panel; a row without
 * the metric has no bar in that panel (never a zero that would read as a measurement).
 */
public final class MetricsChart {
  static final int PANEL_WIDTH = 420;
  static final int PLOT_HEIGHT = 380;
  static final int LEGEND_ROW_HEIGHT = 20;
  /** Distinguishable on white and in grey print; repeated (darker) past its length. */
  private static final Color[] PALETTE = {
    new Color(0x1f77b4), new Color(0xff7f0e), new Color(0x2ca02c), new Color(0xd62728),
    new Color(0x9467bd), new Color(0x8c564b), new Color(0xe377c2), new Color(0x7f7f7f),
    new Color(0xbcbd22), new Color(0x17becf)
  };

  private MetricsChart() {}

  /** The label of a row in the legend: its group values, e.g. "Beauty · tiger". */
  static String label(ResultsTable.Row row) {
    return String.join(" · ", row.groupValues());
  }

  /**
   * Writes {@code png} and its SVG twin (same name, .svg); returns both paths. {@link ResultsTable#build}
   * has already refused a metric no run reports, so every panel has at least one bar.
   */
  public static List<Path> write(ResultsTable table, Path png) throws IOException {
    if (table.rows().isEmpty()) throw new IllegalArgumentException("no finished runs to chart");
    List<MetricSpec> metrics = table.spec().metrics();
    int height = PLOT_HEIGHT + LEGEND_ROW_HEIGHT * table.rows().size();
    List<CategoryChart> panels = new ArrayList<>();
    for (int m = 0; m < metrics.size(); m++) {
      CategoryChart chart = new CategoryChartBuilder().width(PANEL_WIDTH).height(height)
          .title(metrics.get(m).displayName() + " (" + table.spec().split() + ")").build();
      chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
      chart.getStyler().setLegendLayout(Styler.LegendLayout.Vertical);
      chart.getStyler().setDecimalPattern("#0.####");
      chart.getStyler().setAxisTicksVisible(true);
      chart.getStyler().setErrorBarsColor(Color.DARK_GRAY);
      chart.getStyler().setYAxisMin(0.0);
      chart.getStyler().setXAxisTicksVisible(false);
      for (int r = 0; r < table.rows().size(); r++) {
        ResultsTable.Row row = table.rows().get(r);
        ResultsTable.Cell cell = row.cells().get(m);
        if (cell.isMissing()) continue;
        double err = cell.n() > 1 && !Double.isNaN(cell.std()) ? cell.std() : 0.0;
        CategorySeries s = chart.addSeries(label(row), List.of(metrics.get(m).displayName()),
            List.of(cell.mean()), List.of(err));
        s.setFillColor(color(r));
      }
      panels.add(chart);
    }
    return ChartPanels.write(panels, PANEL_WIDTH, height, png);
  }

  static Color color(int row) {
    Color c = PALETTE[row % PALETTE.length];
    for (int round = row / PALETTE.length; round > 0; round--) c = c.darker();
    return c;
  }
}
