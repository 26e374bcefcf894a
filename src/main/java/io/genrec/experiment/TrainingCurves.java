package io.genrec.experiment;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Training curves of one or more runs from their epochs.jsonl: training loss per epoch (left
 * panel) and a validation metric per epoch (right panel), one line per run, as PNG and SVG.
 * Nothing is recomputed; the points are the lines the trainer logged.
 */
public final class TrainingCurves {
  static final int PANEL_WIDTH = 640;
  static final int PLOT_HEIGHT = 400;
  /** Legend rows sit under the plot, so many runs never hide the lines they name. */
  static final int LEGEND_ROW_HEIGHT = 20;

  /**
   * One run's points: {@code loss} and {@code valid} are {epoch, value} pairs; validation may be
   * sparser than loss (eval_every &gt; 1) or absent.
   */
  public record Curve(String label, List<double[]> loss, List<double[]> valid) {}

  private TrainingCurves() {}

  /** Reads a run's epochs.jsonl; lines without the metric contribute only their loss. */
  public static Curve read(Path runDir, String metric) {
    RunDirectory dir = new RunDirectory(runDir);
    List<String> lines = dir.epochLines();
    if (lines.isEmpty()) throw new IllegalArgumentException(dir.file(RunDirectory.EPOCHS) + ": missing or empty");
    List<double[]> loss = new ArrayList<>();
    List<double[]> valid = new ArrayList<>();
    java.util.Set<String> validKeys = new java.util.TreeSet<>();
    for (int i = 0; i < lines.size(); i++) {
      JsonObject line;
      try {
        line = JsonParser.parseString(lines.get(i)).getAsJsonObject();
      } catch (JsonParseException | IllegalStateException e) {
        throw new IllegalArgumentException(dir.file(RunDirectory.EPOCHS) + ":" + (i + 1) + ": not a JSON object", e);
      }
      JsonElement epoch = line.get("epoch");
      if (epoch == null || !epoch.isJsonPrimitive()) {
        throw new IllegalArgumentException(dir.file(RunDirectory.EPOCHS) + ":" + (i + 1) + ": no \"epoch\"");
      }
      double e = epoch.getAsDouble();
      JsonElement l = line.get("loss");
      if (l != null && l.isJsonPrimitive()) loss.add(new double[] {e, l.getAsDouble()});
      JsonElement v = line.get("valid");
      if (v != null && v.isJsonObject()) validKeys.addAll(v.getAsJsonObject().keySet());
      if (v != null && v.isJsonObject() && v.getAsJsonObject().has(metric)) {
        valid.add(new double[] {e, v.getAsJsonObject().get(metric).getAsDouble()});
      }
    }
    if (valid.isEmpty() && !validKeys.isEmpty()) {
      // The run validated, just not on this key: an empty panel would look like a run that never did.
      throw new IllegalArgumentException(dir.file(RunDirectory.EPOCHS) + ": no epoch has the validation metric \""
          + metric + "\"; its epochs have " + String.join(", ", validKeys) + " (choose one with --metric)");
    }
    return new Curve(runDir.getFileName().toString(), loss, valid);
  }

  /**
   * Writes {@code png} and the same figure as SVG beside it (same name, .svg); returns both paths.
   */
  public static List<Path> write(List<Curve> curves, String metric, Path png) throws IOException {
    if (curves.isEmpty()) throw new IllegalArgumentException("no runs to plot");
    int height = panelHeight(curves.size());
    XYChart loss = chart("Training loss", "loss", height);
    XYChart valid = chart("Validation " + metric, metric, height);
    Set<String> used = new HashSet<>();
    for (Curve c : curves) {
      String label = c.label();
      for (int n = 2; !used.add(label); n++) label = c.label() + " (" + n + ")";
      addSeries(loss, label, c.loss());
      addSeries(valid, label, c.valid());
    }
    return ChartPanels.write(List.of(loss, valid), PANEL_WIDTH, height, png);
  }

  static int panelHeight(int runs) {
    return PLOT_HEIGHT + LEGEND_ROW_HEIGHT * runs;
  }

  private static XYChart chart(String title, String yTitle, int height) {
    XYChart chart = new XYChartBuilder().width(PANEL_WIDTH).height(height)
        .title(title).xAxisTitle("epoch").yAxisTitle(yTitle).build();
    chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
    chart.getStyler().setLegendLayout(Styler.LegendLayout.Vertical);
    chart.getStyler().setDecimalPattern("#0.####");
    return chart;
  }

  private static void addSeries(XYChart chart, String label, List<double[]> points) {
    if (points.isEmpty()) return; // a run without validation points simply has no line there
    double[] x = new double[points.size()];
    double[] y = new double[points.size()];
    for (int i = 0; i < points.size(); i++) {
      x[i] = points.get(i)[0];
      y[i] = points.get(i)[1];
    }
    chart.addSeries(label, x, y).setMarker(SeriesMarkers.CIRCLE);
  }
}
