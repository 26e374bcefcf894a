package io.genrec.experiment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.genrec.eval.MetricSpec;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;

class MetricsChartTest {
  @TempDir Path tmp;

  private static FinishedRun run(String model, long seed, String test) {
    JsonObject config = JsonParser.parseString("{\"experiment\":\"t\",\"seed\":" + seed
        + ",\"data\":{\"path\":\"x/Beauty.txt\",\"name\":\"\"},\"model\":{\"name\":\"" + model + "\"}}").getAsJsonObject();
    JsonObject metrics = JsonParser.parseString("{\"test\":" + test + "}").getAsJsonObject();
    return new FinishedRun(Path.of("runs", model + seed), config, metrics);
  }

  private static ResultsTable table(List<FinishedRun> runs, String metrics) throws Exception {
    return ResultsTable.build(runs, new ResultsTable.Spec(MetricSpec.parseAll(List.of(metrics.split(","))),
        List.of("dataset", "model"), "test", null, SignificanceTest.TTEST));
  }

  private static List<FinishedRun> study() {
    return List.of(
        run("tiger", 1, "{\"coverage@10\":0.11,\"gini@10\":0.80}"),
        run("tiger", 2, "{\"coverage@10\":0.13,\"gini@10\":0.78}"),
        run("tigress-add", 1, "{\"coverage@10\":0.20,\"gini@10\":0.70}"),
        // A run that did not compute Gini (e.g. an older run): no bar there, not a zero.
        run("tigress-concat", 1, "{\"coverage@10\":0.25}"));
  }

  @Test
  void onePanelPerMetricSideBySideAsPngAndSvg() throws Exception {
    Path png = tmp.resolve("out/diversity.png");
    List<Path> written = MetricsChart.write(table(study(), "Cov@10,Gini@10"), png);
    assertEquals(List.of(png, tmp.resolve("out/diversity.svg")), written);

    byte[] bytes = Files.readAllBytes(png);
    assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G'}, Arrays.copyOf(bytes, 4));
    BufferedImage image = javax.imageio.ImageIO.read(png.toFile());
    assertEquals(2 * MetricsChart.PANEL_WIDTH, image.getWidth(), "two panels side by side");
    assertEquals(MetricsChart.PLOT_HEIGHT + 3 * MetricsChart.LEGEND_ROW_HEIGHT, image.getHeight(), "a legend row per bar");

    Document svg = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(written.get(1).toFile());
    assertEquals(3, svg.getElementsByTagName("svg").getLength(), "the figure and its two panels");
  }

  @Test
  void aRowKeepsItsColourInEveryPanelAndLabelsByItsGroupValues() throws Exception {
    ResultsTable t = table(study(), "Cov@10,Gini@10");
    assertEquals(List.of("Beauty · tiger", "Beauty · tigress-add", "Beauty · tigress-concat"),
        t.rows().stream().map(MetricsChart::label).toList());
    assertTrue(!MetricsChart.color(0).equals(MetricsChart.color(1)));
    assertTrue(!MetricsChart.color(0).equals(MetricsChart.color(10)), "past the palette, a darker shade");
  }

  @Test
  void aMetricNoRunReportsIsOneClearError() throws Exception {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> MetricsChart.write(table(study(), "Cov@10,BrandCov@10"), tmp.resolve("x.png")));
    // The table refuses it before anything is drawn, naming the key and the keys the runs have.
    assertTrue(e.getMessage().contains("brand_coverage@10"), e.getMessage());
    assertTrue(!Files.exists(tmp.resolve("x.png")), "nothing is written when the figure cannot be drawn");
  }
}
