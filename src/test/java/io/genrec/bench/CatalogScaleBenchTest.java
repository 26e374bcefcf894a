package io.genrec.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CatalogScaleBenchTest {
  @TempDir Path dir;

  @Test
  void theSyntheticCatalogHasEveryItemInSomeHistoryAndUniqueSemanticIds() throws Exception {
    int n = 20_000;
    Path data = CatalogScaleBench.writeSequences(dir.resolve("d.txt"), n, new Random(1));
    Set<Integer> seen = new HashSet<>();
    for (String line : Files.readAllLines(data)) {
      String[] f = line.split(" ");
      for (int i = 1; i < f.length - 1; i++) seen.add(Integer.parseInt(f[i]));
    }
    assertEquals(n, seen.size(), "every item appears in a history");
    List<String> ids = Files.readAllLines(CatalogScaleBench.writeSemanticIds(dir.resolve("s.tsv"), n, new Random(2)));
    assertEquals("item_id\tcodes", ids.get(0));
    Set<String> codes = new HashSet<>();
    for (String line : ids.subList(1, ids.size())) assertTrue(codes.add(line.split("\t")[1]), "duplicate ID " + line);
    assertEquals(n, codes.size());
  }

  @Test
  void theChartIsWrittenAsPngAndSvg() throws Exception {
    List<JsonObject> rows = new java.util.ArrayList<>();
    for (String model : List.of("tiger", "sasrec")) {
      for (int n : new int[] {10_000, 100_000}) {
        JsonObject r = new JsonObject();
        r.addProperty("model", model);
        r.addProperty("catalog_items", n);
        r.addProperty("one_user_ms_median", model.equals("tiger") ? 7.0 : n / 10_000.0);
        r.addProperty("batch_ms_median", model.equals("tiger") ? 900.0 : n / 100.0);
        r.addProperty("batch", 256);
        rows.add(r);
      }
    }
    Path png = dir.resolve("c.png");
    Path svg = dir.resolve("c.svg");
    CatalogScaleBench.chart(rows, png, svg);
    byte[] head = java.util.Arrays.copyOf(Files.readAllBytes(png), 4);
    assertEquals((byte) 0x89, head[0]);
    assertEquals("PNG", new String(head, 1, 3, java.nio.charset.StandardCharsets.US_ASCII));
    String text = Files.readString(svg);
    // XChart draws text as outlines: the lines and markers are paths.
    assertTrue(text.contains("<svg") && text.contains("<path"), "an SVG drawing");
  }
}
