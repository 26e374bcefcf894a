package io.genrec.experiment;

import io.genrec.data.AtomicFile;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.VectorGraphicsEncoder;
import org.knowm.xchart.internal.chartpart.Chart;

/**
 * A figure of equal-sized panels side by side, written as PNG and as SVG beside it (same name, .svg),
 * each atomically: the one writer behind {@code genrec plot} and {@code genrec chart}.
 */
public final class ChartPanels {
  private ChartPanels() {}

  /** Writes {@code png} and its SVG twin; returns both paths. Panels must all be panelWidth wide. */
  public static List<Path> write(List<? extends Chart<?, ?>> panels, int panelWidth, int height, Path png)
      throws IOException {
    if (panels.isEmpty()) throw new IllegalArgumentException("no panels to draw");
    // Charts are drawn off-screen; without this AWT looks for a display on a cluster node.
    System.setProperty("java.awt.headless", "true");
    ByteArrayOutputStream bitmap = new ByteArrayOutputStream();
    BitmapEncoder.saveBitmap(panels, 1, panels.size(), bitmap, BitmapEncoder.BitmapFormat.PNG);
    AtomicFile.writeBytes(png, bitmap.toByteArray());
    Path svg = svgBeside(png);
    AtomicFile.writeText(svg, sideBySideSvg(panels, panelWidth, height));
    return List.of(png, svg);
  }

  static Path svgBeside(Path png) {
    String name = png.getFileName().toString();
    String base = name.toLowerCase().endsWith(".png") ? name.substring(0, name.length() - 4) : name;
    return png.resolveSibling(base + ".svg");
  }

  /**
   * XChart writes one chart per SVG; the panels are nested side by side in one outer SVG, with
   * each panel's element ids prefixed so their clip paths do not resolve to each other.
   */
  private static String sideBySideSvg(List<? extends Chart<?, ?>> panels, int panelWidth, int height)
      throws IOException {
    StringBuilder out = new StringBuilder();
    int width = panelWidth * panels.size();
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
          .replaceFirst("<svg", "<svg x=\"" + (i * panelWidth) + "\" y=\"0\"");
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
