package io.genrec.experiment;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import io.genrec.data.AtomicFile;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.VectorGraphicsEncoder;
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
    // Charts are drawn off-screen; without this AWT looks for a display on a cluster node.
    System.setProperty("java.awt.headless", "true");
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
    List<XYChart> panels = List.of(loss, valid);

    ByteArrayOutputStream bitmap = new ByteArrayOutputStream();
    BitmapEncoder.saveBitmap(panels, 1, panels.size(), bitmap, BitmapEncoder.BitmapFormat.PNG);
    AtomicFile.writeBytes(png, bitmap.toByteArray());
    Path svg = svgBeside(png);
    AtomicFile.writeText(svg, sideBySideSvg(panels, height));
    return List.of(png, svg);
  }

  static Path svgBeside(Path png) {
    String name = png.getFileName().toString();
    String base = name.toLowerCase().endsWith(".png") ? name.substring(0, name.length() - 4) : name;
    return png.resolveSibling(base + ".svg");
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

  /**
   * XChart writes one chart per SVG; the panels are nested side by side in one outer SVG, with
   * each panel's element ids prefixed so their clip paths do not resolve to each other.
   */
  private static String sideBySideSvg(List<XYChart> panels, int height) throws IOException {
    StringBuilder out = new StringBuilder();
    int width = PANEL_WIDTH * panels.size();
    out.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
        .append("<svg xmlns=\"http://www.w3.org/2000/svg\" xmlns:xlink=\"http://www.w3.org/1999/xlink\"")
        .append(" width=\"").append(width).append("\" height=\"").append(height)
        .append("\" viewBox=\"0 0 ").append(width).append(' ').append(height).append("\">\n");
    for (int i = 0; i < panels.size(); i++) {
      ByteArrayOutputStream one = new ByteArrayOutputStream();
      VectorGraphicsEncoder.saveVectorGraphic(panels.get(i), one, VectorGraphicsEncoder.VectorGraphicsFormat.SVG);
      String svg = one.toString(StandardCharsets.UTF_8);
      int root = svg.indexOf("<svg");
      if (root < 0) throw new IOException("XChart produced no <svg> element for panel " + (i + 1));
      int rootEnd = svg.indexOf('>', root);
      // The panel's own root carries x="0px" y="0px"; its position in the figure replaces them.
      String rootTag = svg.substring(root, rootEnd)
          .replaceAll("\\s(x|y)=\"[^\"]*\"", "")
          .replaceFirst("<svg", "<svg x=\"" + (i * PANEL_WIDTH) + "\" y=\"0\"");
      String prefix = "p" + (i + 1) + "-";
      String body = svg.substring(rootEnd)
          .replaceAll("\\bid=\"", "id=\"" + prefix)
          .replace("url(#", "url(#" + prefix)
          .replace("href=\"#", "href=\"#" + prefix);
      out.append(rootTag).append(body.strip()).append('\n');
    }
    return out.append("</svg>\n").toString();
  }
}
