package io.genrec.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The items a RecBole file holds: targets and UniSRec histories, each once, first appearance first. */
class RecBoleItemsTest {
  @TempDir Path dir;

  @Test
  void historiesAndTargetsEachOnce() throws Exception {
    Path file = Files.writeString(dir.resolve("x.train.inter"),
        "user_id:token\titem_id_list:token_seq\titem_id:token\n0\t5 3\t7\n1\t3\t12\n0\t5\t3\n");
    assertEquals(List.of("5", "3", "7", "12"), List.copyOf(RecBoleItems.occurring(file)));
    Path plain = Files.writeString(dir.resolve("y.inter"), "user_id:token\titem_id:token\nu\ta\nv\tb\nu\ta\n");
    assertEquals(List.of("a", "b"), List.copyOf(RecBoleItems.occurring(plain)));
  }

  @Test
  void aShortRowNamesItsLine() throws Exception {
    Path file = Files.writeString(dir.resolve("x.train.inter"),
        "user_id:token\titem_id_list:token_seq\titem_id:token\n0\t5 3\t7\n1\t3\n");
    DataFormatException e = assertThrows(DataFormatException.class, () -> RecBoleItems.occurring(file));
    assertEquals(file + ":3: found 2 tab-separated fields, expected 3 fields as in the header", e.getMessage());
  }
}
