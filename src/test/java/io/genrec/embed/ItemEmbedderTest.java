package io.genrec.embed;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.genrec.data.ItemMetadata;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ItemEmbedderTest {
  @TempDir Path dir;

  /** Text length and first character code: enough to see which text went to which row. */
  private static final class FakeEncoder implements TextEncoder {
    final List<String> seen = new ArrayList<>();

    @Override
    public String name() {
      return "fake";
    }

    @Override
    public int dim() {
      return 2;
    }

    @Override
    public float[][] encode(List<String> texts) {
      seen.addAll(texts);
      float[][] out = new float[texts.size()][];
      for (int i = 0; i < out.length; i++) out[i] = new float[] {texts.get(i).length(), texts.get(i).charAt(0)};
      return out;
    }

    @Override
    public void close() {}
  }

  private ItemMetadata metadata() throws IOException {
    Path file = dir.resolve("items.tsv");
    Files.writeString(
        file,
        "s3rec_item_id\tasin\ttitle\tbrand\tcategories\tprice\n"
            + "1\tA1\tLip Balm\tBurt\t'Beauty', 'Lips'\t3.5\n"
            + "2\tA2\t\"Quoted\ttitle\"\t\t'Beauty'\t\n"
            + "3\tA3\t\t\t\t\n",
        StandardCharsets.UTF_8);
    return ItemMetadata.loadTsv(file);
  }

  @Test
  void writesRowsInTheGivenItemOrderWithSidecar() throws IOException {
    FakeEncoder encoder = new FakeEncoder();
    Path out = dir.resolve("emb").resolve("item_text.npy");
    ItemEmbedder.Result result =
        ItemEmbedder.run(metadata(), List.of("2", "1"), ItemTextTemplate.defaultTemplate(), encoder, out);
    assertEquals(List.of("Quoted title | Beauty", "Lip Balm | Burt | Beauty, Lips"), encoder.seen);
    float[][] loaded = EmbeddingFile.load(out, 2);
    assertArrayEquals(new float[] {0, 0}, loaded[0]);
    assertArrayEquals(new float[] {21, 'Q'}, loaded[1]);
    assertArrayEquals(result.embeddings(), loaded);
    assertEquals(dir.resolve("emb").resolve("item_text.json"), result.sidecar());
    JsonObject sidecar = JsonParser.parseString(Files.readString(result.sidecar())).getAsJsonObject();
    assertEquals("fake", sidecar.get("model").getAsString());
    assertEquals(ItemTextTemplate.DEFAULT, sidecar.get("template").getAsString());
    assertEquals(2, sidecar.get("items").getAsInt());
    assertEquals(2, sidecar.get("dim").getAsInt());
    assertTrue(sidecar.has("seconds"));
  }

  @Test
  void itemsWithoutMetadataOrTextAreNamed() throws IOException {
    ItemMetadata metadata = metadata();
    IllegalArgumentException missing =
        assertThrows(
            IllegalArgumentException.class,
            () -> ItemEmbedder.texts(metadata, List.of("1", "44", "45"), ItemTextTemplate.defaultTemplate()));
    assertTrue(missing.getMessage().contains("2 of 3 items have no metadata, e.g. 44, 45"), missing.getMessage());
    assertTrue(missing.getMessage().contains("items.tsv"), missing.getMessage());
    IllegalArgumentException blank =
        assertThrows(
            IllegalArgumentException.class,
            () -> ItemEmbedder.texts(metadata, List.of("1", "3"), ItemTextTemplate.parse("{title} {brand}")));
    assertTrue(blank.getMessage().contains("blank text for 1 of 2 items, e.g. 3"), blank.getMessage());
    assertEquals(List.of("3"), ItemEmbedder.texts(metadata, List.of("3"), ItemTextTemplate.parse("{title}{id}")));
  }
}
