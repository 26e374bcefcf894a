package io.genrec.experiment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;

class TrainingCurvesTest {
  @TempDir Path tmp;

  private Path run(String name, int epochs, int evalEvery) {
    RunDirectory dir = new RunDirectory(tmp.resolve(name));
    for (int e = 1; e <= epochs; e++) {
      JsonObject line = new JsonObject();
      line.addProperty("epoch", e);
      line.addProperty("loss", 4.0 / e);
      if (e % evalEvery == 0) {
        JsonObject valid = new JsonObject();
        valid.addProperty("ndcg@10", 0.05 * e);
        valid.addProperty("recall@10", 0.1 * e);
        line.add("valid", valid);
      }
      line.addProperty("seconds", 1.5);
      dir.epoch(line);
    }
    return dir.path();
  }

  @Test
  void readsLossAndTheChosenValidationMetricPerEpoch() {
    TrainingCurves.Curve c = TrainingCurves.read(run("sasrec-toy-abc123", 4, 2), "recall@10");
    assertEquals("sasrec-toy-abc123", c.label());
    assertEquals(4, c.loss().size());
    assertArrayEquals(new double[] {2, 2.0}, c.loss().get(1));
    assertEquals(2, c.valid().size(), "validation every second epoch");
    assertArrayEquals(new double[] {4, 0.4}, c.valid().get(1), 1e-12);
  }

  @Test
  void writesAPngAndAnSvgWithBothPanelsForSeveralRuns() throws Exception {
    Path a = run("sasrec-toy-aaaaaa", 5, 1);
    Path b = run("gru4rec-toy-bbbbbb", 3, 1);
    Path png = tmp.resolve("out/curves.png");
    List<Path> written = TrainingCurves.write(
        List.of(TrainingCurves.read(a, "ndcg@10"), TrainingCurves.read(b, "ndcg@10")), "ndcg@10", png);
    assertEquals(List.of(png, tmp.resolve("out/curves.svg")), written);

    byte[] bytes = Files.readAllBytes(png);
    assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G'}, Arrays.copyOf(bytes, 4));
    var image = javax.imageio.ImageIO.read(png.toFile());
    assertEquals(2 * TrainingCurves.PANEL_WIDTH, image.getWidth(), "two panels side by side");

    String svg = Files.readString(tmp.resolve("out/curves.svg"));
    DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
    f.setNamespaceAware(true);
    f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
    Document doc = f.newDocumentBuilder().parse(tmp.resolve("out/curves.svg").toFile());
    assertEquals("svg", doc.getDocumentElement().getLocalName());
    assertEquals(2, doc.getDocumentElement().getElementsByTagNameNS("http://www.w3.org/2000/svg", "svg").getLength());
    assertTrue(svg.contains("x=\"" + TrainingCurves.PANEL_WIDTH + "\""), "second panel placed to the right");
    assertTrue(svg.contains("url(#p2-"), "second panel's clip paths renamed apart from the first's");
  }

  @Test
  void aRunWithoutEpochsIsReportedByPath() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> TrainingCurves.read(tmp.resolve("empty"), "ndcg@10"));
    assertTrue(e.getMessage().contains("epochs.jsonl"), e.getMessage());
  }
}
