package io.genrec.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ItemMetadataTest {
  private static final String HEADER = "s3rec_item_id\tasin\ttitle\tbrand\tcategories\tprice\tsales_rank\n";

  @TempDir Path dir;

  @Test
  void tsvWithQuotedTabsAndNewlines() throws IOException {
    Path file =
        Fixtures.write(
            dir, "items.tsv",
            HEADER
                + "1\tB01\tNail Lacquer\tOPI\t'Beauty', 'Makeup', 'Nails'\t12.0\t344222.0\n"
                + "2\tB02\t\"- \t TAB TITLE\"\tBrand\t'Beauty', 'Fragrance', \"Women's\"\t\t\n"
                + "3\tB03\t\"Two\nLines\"\t\t\t7.5\t1.0\n"
                + "4\tB04\t\"say \"\"hi\"\"\"\tX\tBeauty, Skin Care\t0.93\t\n");
    ItemMetadata items = ItemMetadata.load(file);

    assertEquals(4, items.size());
    assertEquals(
        new ItemRecord("1", "Nail Lacquer", "OPI", List.of("Beauty", "Makeup", "Nails"), OptionalDouble.of(12.0)),
        items.get("1").orElseThrow());
    ItemRecord tab = items.get("2").orElseThrow();
    assertEquals("- \t TAB TITLE", tab.title());
    assertEquals(List.of("Beauty", "Fragrance", "Women's"), tab.categories());
    assertEquals(OptionalDouble.empty(), tab.price());
    assertEquals("Two\nLines", items.get("3").orElseThrow().title());
    assertEquals(List.of(), items.get("3").orElseThrow().categories());
    assertEquals("say \"hi\"", items.get("4").orElseThrow().title());
    assertEquals(List.of("Beauty", "Skin Care"), items.get("4").orElseThrow().categories());
    assertFalse(items.get("5").isPresent());
  }

  @Test
  void malformedTsvNamesFileAndLine() throws IOException {
    // the record on lines 3-4 holds a quoted newline, so the short row is line 5
    Path width = Fixtures.write(dir, "width.tsv", HEADER + "1\ta\tt\tb\tc\t1\t2\n2\ta\t\"t\nu\"\tb\tc\t1\t2\n3\ta\tt\n");
    Fixtures.assertFault(width, 5, () -> ItemMetadata.load(width));

    Path price = Fixtures.write(dir, "price.tsv", HEADER + "1\ta\tt\tb\tc\tcheap\t2\n");
    Fixtures.assertFault(price, 2, () -> ItemMetadata.load(price));

    Path twice = Fixtures.write(dir, "twice.tsv", HEADER + "1\ta\tt\tb\tc\t1\t2\n1\ta\tt\tb\tc\t1\t2\n");
    Fixtures.assertFault(twice, 3, () -> ItemMetadata.load(twice));

    Path unclosed = Fixtures.write(dir, "unclosed.tsv", HEADER + "1\ta\t\"open\tb\tc\t1\t2\n");
    Fixtures.assertFault(unclosed, 2, () -> ItemMetadata.load(unclosed));

    Fixtures.assertFault(price, 1, () -> ItemMetadata.loadTsv(price, "item_code"));

    Path empty = Fixtures.write(dir, "empty.tsv", "");
    Fixtures.assertFault(empty, 1, () -> ItemMetadata.load(empty));
  }

  @Test
  void jsonObjectKeyedByIdOrArrayOfObjects() throws IOException {
    Path keyed =
        Fixtures.write(
            dir, "keyed.json",
            "{\"B01\": {\"title\": \"Lipstick\", \"brand\": \"Acme\","
                + " \"categories\": [[\"Beauty\", \"Makeup\"], [\"Beauty\", \"Lips\"]], \"price\": 4.5},"
                + " \"B02\": {\"title\": \"Soap\", \"price\": \"$1,200.00\", \"categories\": \"'Bath', 'Soap'\"}}");
    ItemMetadata items = ItemMetadata.load(keyed);
    assertEquals(
        new ItemRecord("B01", "Lipstick", "Acme", List.of("Beauty", "Makeup", "Lips"), OptionalDouble.of(4.5)),
        items.get("B01").orElseThrow());
    assertEquals(OptionalDouble.of(1200.0), items.get("B02").orElseThrow().price());
    assertEquals(List.of("Bath", "Soap"), items.get("B02").orElseThrow().categories());
    assertEquals("", items.get("B02").orElseThrow().brand());

    Path array =
        Fixtures.write(dir, "array.json", "[{\"item_id\": 7, \"title\": \"A\"}, {\"id\": \"8\", \"price\": null}]");
    ItemMetadata listed = ItemMetadata.load(array);
    assertEquals(List.of("7", "8"), listed.records().stream().map(ItemRecord::id).toList());
    assertEquals(OptionalDouble.empty(), listed.get("8").orElseThrow().price());
  }

  @Test
  void malformedJsonIsReported() throws IOException {
    Path syntax = Fixtures.write(dir, "syntax.json", "{\n\"a\": {\"title\": \"x\",\n}\n");
    DataFormatException e = Fixtures.assertFault(syntax, 3, () -> ItemMetadata.load(syntax));
    assertTrue(e.getMessage().contains("malformed JSON"), e.getMessage());

    Path noId = Fixtures.write(dir, "noid.json", "[{\"title\": \"x\"}]");
    e = Fixtures.assertFault(noId, 0, () -> ItemMetadata.load(noId));
    assertTrue(e.getMessage().contains("$[0]"), e.getMessage());

    Path scalar = Fixtures.write(dir, "scalar.json", "42");
    Fixtures.assertFault(scalar, 1, () -> ItemMetadata.load(scalar));
  }

  @Test
  void beautyItemsParseIncludingQuotedRows() throws IOException {
    ItemMetadata items =
        ItemMetadata.load(Fixtures.realData("amazon2014-beauty-item-metadata/derived/Beauty_items.tsv"));
    assertEquals(12101, items.size());
    assertEquals("OPI", items.get("1").orElseThrow().brand());
    assertEquals(List.of("Beauty", "Makeup", "Nails", "Nail Polish"), items.get("1").orElseThrow().categories());
    assertEquals(OptionalDouble.of(12.0), items.get("1").orElseThrow().price());
    // the rows with quoted tabs and the quoted newline
    assertEquals("- \t DESIGNER SKIN ANGEL KIWI PEAR MOISTURIZING BODY LOTION 20 OZ", items.get("8956").orElseThrow().title());
    assertEquals("Designer Skin", items.get("8956").orElseThrow().brand());
    assertTrue(items.get("11296").orElseThrow().title().startsWith("350BUY \t 1200pcs"));
    assertEquals("TheraNeem Cream - Original Organix South 2 oz Cream \nVanilla", items.get("9373").orElseThrow().title());
    assertEquals(OptionalDouble.of(11.28), items.get("9373").orElseThrow().price());
    ItemMetadata byAsin =
        ItemMetadata.loadTsv(Fixtures.realData("amazon2014-beauty-item-metadata/derived/Beauty_items.tsv"), "asin");
    assertEquals("OPI", byAsin.get("B004756YJA").orElseThrow().brand());
    for (int id = 1; id <= 12101; id++) assertTrue(items.get(Integer.toString(id)).isPresent(), "item " + id);
    long titled = items.records().stream().filter(r -> !r.title().isEmpty()).count();
    assertEquals(12094, titled); // SOURCE.md: 12,094 with title
  }
}
