package io.genrec.data;

import static io.genrec.data.Fixtures.assertFault;
import static io.genrec.data.Fixtures.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.genrec.embed.ItemTextTemplate;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Amazon2023MetadataTest {
  @TempDir Path dir;

  static final String FULL = "{\"main_category\": \"All Beauty\", \"title\": \"Rose Oil\", \"average_rating\": 4.1,"
      + " \"rating_number\": 12, \"features\": [\"Pure\", \" \", \"Cold pressed\"], \"description\": [\"For skin.\"],"
      + " \"price\": 12.5, \"images\": [{\"large\": \"x\"}], \"videos\": [], \"store\": \"Shiny Leaf\","
      + " \"categories\": [\"Beauty\", \"Oils\"], \"details\": {\"Brand\": \"Other\", \"Item Form\": \"Oil\","
      + " \"Size\": {\"w\": 1}}, \"parent_asin\": \"B01\", \"bought_together\": null}\n";
  /** Most fields null or absent, as for many listings of the release; the brand only in details. */
  static final String SPARSE = "{\"title\": null, \"price\": \"None\", \"store\": null, \"features\": [],"
      + " \"details\": {\"Brand\": \"JPNK\"}, \"parent_asin\": \"B02\"}\n";

  @Test
  void readsEveryTextFieldStoreAsBrandAndMissingFieldsAsUnknown() throws Exception {
    Path file = write(dir, "meta_Tiny.jsonl", FULL + "\n" + SPARSE);
    ItemMetadata meta = ItemMetadata.load(file);
    assertEquals(2, meta.size());
    ItemRecord full = meta.get("B01").orElseThrow();
    assertEquals("Rose Oil", full.title());
    assertEquals("Shiny Leaf", full.brand());
    assertEquals(List.of("Beauty", "Oils"), full.categories());
    assertEquals(List.of("Pure", "Cold pressed"), full.features());
    assertEquals(List.of("For skin."), full.description());
    assertEquals(12.5, full.price().getAsDouble());
    assertEquals(List.of("Brand", "Item Form", "Size"), List.copyOf(full.details().keySet()));
    ItemRecord sparse = meta.get("B02").orElseThrow();
    assertEquals("JPNK", sparse.brand());
    assertEquals("", sparse.title());
    assertTrue(sparse.price().isEmpty());
    assertEquals(Map.of("Brand", "JPNK"), sparse.details());

    ItemTextTemplate template = ItemTextTemplate.parse("{title} | {brand} | {features} | {description} | {price} | {details}");
    assertEquals("Rose Oil | Shiny Leaf | Pure Cold pressed | For skin. | 12.5 | Brand: Other; Item Form: Oil;"
        + " Size: {\"w\":1}", template.render(full));
    assertEquals("JPNK | Brand: JPNK", template.render(sparse));
  }

  @Test
  void gzipReadsTheSameAsPlain() throws Exception {
    Path gz = dir.resolve("meta_Tiny.jsonl.gz");
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
      out.write((FULL + SPARSE).getBytes(StandardCharsets.UTF_8));
    }
    Path plain = write(dir, "meta_Tiny.jsonl", FULL + SPARSE);
    assertEquals(ItemMetadata.load(plain).records(), ItemMetadata.load(gz).records());
  }

  @Test
  void faultsNameFileAndLine() throws Exception {
    Path noId = write(dir, "a.jsonl", FULL + "{\"title\": \"x\"}\n");
    assertTrue(assertFault(noId, 2, () -> ItemMetadata.load(noId)).getMessage().contains("parent_asin"));
    Path twice = write(dir, "b.jsonl", FULL + FULL);
    assertFault(twice, 2, () -> ItemMetadata.load(twice));
    Path badList = write(dir, "c.jsonl", "{\"parent_asin\": \"B\", \"features\": \"one string\"}\n");
    assertTrue(assertFault(badList, 1, () -> ItemMetadata.load(badList)).getMessage().contains("'features'"));
    Path cut = write(dir, "d.jsonl", SPARSE + "{\"parent_asin\": \"B03\", \"title\": \"unterminated\n");
    assertFault(cut, 2, () -> ItemMetadata.load(cut));
  }

  @Test
  void pandasSubsetCsvReadsBrandFromTheDetailsDictLiteral() throws Exception {
    Path file = write(dir, "meta_subset.csv", ",index,title,description,price,details,parent_asin\n"
        + "0,44,\"Oil, 16 oz\",,19.99,\"{'Brand': 'Shiny Leaf', 'Scent': \"\"Kid's\"\"}\",B01\n"
        + "1,45,Comb,Soft.,,\"{'Material': 'Plastic'}\",B02\n");
    ItemMetadata meta = ItemMetadata.load(file);
    ItemRecord oil = meta.get("B01").orElseThrow();
    assertEquals("Shiny Leaf", oil.brand());
    assertEquals("Oil, 16 oz", oil.title());
    assertEquals(19.99, oil.price().getAsDouble());
    assertEquals(Map.of("Brand", "Shiny Leaf", "Scent", "Kid's"), oil.details());
    assertEquals("", meta.get("B02").orElseThrow().brand());
    assertEquals(List.of("Soft."), meta.get("B02").orElseThrow().description());

    Path broken = write(dir, "broken.csv", ",title,details,parent_asin\n0,A,\"{'Brand': 'X'\",B01\n");
    assertTrue(assertFault(broken, 2, () -> ItemMetadata.load(broken)).getMessage().contains("details"));
  }

  @Test
  void realAllBeautySubsetHasEveryItemOfTheBenchmark() throws Exception {
    ItemMetadata meta = ItemMetadata.load(Fixtures.realData("amazon2023-all-beauty-5core/derived/All_Beauty_meta_subset.csv"));
    SequenceDataset data = DatasetLoader.load(Fixtures.SHARED_DATA.resolve("amazon2023-all-beauty-5core/All_Beauty"),
        LoadOptions.defaults());
    assertEquals(356, meta.size());
    for (String asin : data.items().originals()) assertTrue(meta.get(asin).isPresent(), asin);
    assertEquals(282, meta.records().stream().filter(r -> !r.brand().isEmpty()).count());
  }
}
