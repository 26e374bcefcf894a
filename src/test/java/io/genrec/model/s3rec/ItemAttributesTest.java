package io.genrec.model.s3rec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.genrec.config.ConfigException;
import io.genrec.config.ConfigReader;
import io.genrec.data.DataFormatException;
import io.genrec.data.IdMap;
import io.genrec.model.catalog.ModelCatalog;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.Graph;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/** The item-to-attributes file, the attribute targets built from it, and the config checks around it. */
class ItemAttributesTest {
  @TempDir Path dir;

  private static final IdMap ITEMS = IdMap.of(List.of("10", "20", "30"));

  private Path file(String text) throws Exception {
    return Files.writeString(dir.resolve("attrs.json"), text);
  }

  @Test
  void readsAttributesByOriginalIdSortedAndDistinctSkippingItemsOutsideTheCatalog() throws Exception {
    ItemAttributes a = ItemAttributes.read(file("{\"20\": [4, 1, 4], \"10\": [2], \"99\": [7]}"), ITEMS);
    assertArrayEquals(new int[] {2}, a.of(ITEMS.index("10")));
    assertArrayEquals(new int[] {1, 4}, a.of(ITEMS.index("20")));
    assertArrayEquals(new int[0], a.of(ITEMS.index("30")), "an item the file does not list has none");
    assertEquals(5, a.count(), "the largest catalog attribute id + 1; 99's 7 is not the catalog's");
    assertEquals(2, a.mostPerItem());
  }

  @Test
  void labelsAreTheMultiHotRowsOfTheItemsAttributes() throws Exception {
    ItemAttributes a = ItemAttributes.read(file("{\"10\": [2], \"20\": [4, 1]}"), ITEMS);
    try (Graph g = new Graph(); Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      AttributeLabels labels = new AttributeLabels(tf, a, 5);
      int twenty = ITEMS.index("20");
      try (Result r = s.runner().fetch(labels.of(tf, tf.constant(new int[] {twenty, 0, ITEMS.index("10"), 4})))
          .run()) {
        TFloat32 t = (TFloat32) r.get(0);
        float[][] want = {{0, 1, 0, 0, 1}, {0, 0, 0, 0, 0}, {0, 0, 1, 0, 0}, {0, 0, 0, 0, 0}};
        for (int i = 0; i < want.length; i++) {
          for (int j = 0; j < 5; j++) assertEquals(want[i][j], t.getFloat(i, j), "row " + i + " column " + j);
        }
      }
    }
  }

  @Test
  void badFilesAreOneErrorNamingTheFile() throws Exception {
    for (String bad : List.of("{\"10\": [1,", "[1, 2]", "{\"10\": 3}", "{\"10\": [1.5]}", "{\"10\": [-1]}",
        "{\"10\": [\"a\"]}", "{\"77\": [1]}", "")) {
      Path f = file(bad);
      DataFormatException e = assertThrows(DataFormatException.class, () -> ItemAttributes.read(f, ITEMS), bad);
      assertTrue(e.getMessage().startsWith(f.toString()), e.getMessage());
    }
    Path latin1 = Files.write(dir.resolve("latin1.json"), new byte[] {'{', '"', (byte) 0xe9, '"', ':', '[', '1', ']', '}'});
    assertTrue(assertThrows(DataFormatException.class, () -> ItemAttributes.read(latin1, ITEMS)).getMessage()
        .contains("not UTF-8"));
  }

  private static String pretrain(String modelKeys) {
    return """
        {"data": {"path": "x.txt"}, "model": {"name": "s3rec", "objective": "pretrain" %s}}""".formatted(modelKeys);
  }

  private static ConfigException configError(String json) {
    return assertThrows(ConfigException.class,
        () -> new ConfigReader(ModelCatalog.INSTANCE).resolve(ConfigReader.gson().fromJson(json,
            com.google.gson.JsonObject.class)));
  }

  @Test
  void theConfigNamesTheKeyOfAMissingFileANegativeWeightOrAnUnknownObjective() throws Exception {
    Path attrs = file("{\"10\": [1]}");
    String ok = ", \"attributes\": \"" + attrs.toString().replace("\\", "/") + "\"";
    assertTrue(configError(pretrain("")).getMessage().startsWith("model.attributes: is required"));
    assertTrue(configError(pretrain(", \"attributes\": \"" + dir.resolve("none.json").toString().replace("\\", "/")
        + "\"")).getMessage().contains("no such file"));
    assertTrue(configError(pretrain(ok + ", \"weights\": {\"aap\": -0.1}")).getMessage()
        .startsWith("model.weights.aap = -0.1: must be >= 0"));
    assertTrue(configError(pretrain(ok + ", \"weights\": {\"aap\": 0, \"mip\": 0, \"map\": 0, \"sp\": 0}"))
        .getMessage().contains("every weight is 0"));
    assertTrue(configError(pretrain(ok + ", \"weights\": {\"cl\": 1}")).getMessage()
        .startsWith("model.weights.cl: unknown key"));
    assertTrue(configError(pretrain(ok + ", \"mask_probability\": 1")).getMessage()
        .startsWith("model.mask_probability = 1: must be in [0, 1)"));
    assertTrue(configError(pretrain(ok + ", \"loss\": \"bpr\"")).getMessage().contains("model.loss"));
    new ConfigReader(ModelCatalog.INSTANCE).resolve(ConfigReader.gson().fromJson(pretrain(ok),
        com.google.gson.JsonObject.class));
  }
}
