package io.genrec.embed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.genrec.data.ItemRecord;
import java.util.List;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

class ItemTextTemplateTest {
  private static final ItemRecord FULL =
      new ItemRecord("7", "OPI Nail\tLacquer\n0.5 oz", "OPI", List.of("Beauty", "Nails"), OptionalDouble.of(12.0));
  private static final ItemRecord NO_BRAND =
      new ItemRecord("8", "Shampoo", "", List.of("Beauty", "Hair Care"), OptionalDouble.of(3.04));

  @Test
  void rendersFieldsAndCollapsesWhitespace() {
    ItemTextTemplate template = ItemTextTemplate.defaultTemplate();
    assertEquals("OPI Nail Lacquer 0.5 oz | OPI | Beauty, Nails", template.render(FULL));
    assertEquals(
        "item 7 costs 12 {usd}", ItemTextTemplate.parse("item {id} costs {price} {{usd}}").render(FULL));
    assertEquals("3.04", ItemTextTemplate.parse("{price}").render(NO_BRAND));
  }

  @Test
  void emptyFieldsLeaveNoDanglingSeparators() {
    ItemTextTemplate template = ItemTextTemplate.parse("Title: {title} | {brand} | {categories}.");
    assertEquals("Title: Shampoo | Beauty, Hair Care.", template.render(NO_BRAND));
    ItemRecord onlyCategories = new ItemRecord("9", "", "", List.of("Beauty"), OptionalDouble.empty());
    assertEquals("Title: Beauty.", template.render(onlyCategories));
    ItemRecord nothing = new ItemRecord("9", "", "", List.of(), OptionalDouble.empty());
    assertEquals("", ItemTextTemplate.parse("{title} {brand}").render(nothing));
  }

  @Test
  void unknownFieldListsTheKnownOnes() {
    IllegalArgumentException error =
        assertThrows(IllegalArgumentException.class, () -> ItemTextTemplate.parse("{title} {descripton}"));
    assertTrue(error.getMessage().contains("unknown field {descripton}"), error.getMessage());
    assertTrue(error.getMessage().contains("{id}, {title}, {brand}, {categories}, {price}"), error.getMessage());
    assertThrows(IllegalArgumentException.class, () -> ItemTextTemplate.parse("{title"));
    assertThrows(IllegalArgumentException.class, () -> ItemTextTemplate.parse("title}"));
    assertThrows(IllegalArgumentException.class, () -> ItemTextTemplate.parse("no fields"));
  }
}
