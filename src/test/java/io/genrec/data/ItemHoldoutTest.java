package io.genrec.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonParser;
import io.genrec.config.ConfigException;
import io.genrec.config.ConfigReader;
import io.genrec.model.catalog.ModelCatalog;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ItemHoldoutTest {
  @TempDir Path dir;

  /** 60 users over items 101..130, each walking 3..8 items from a different start. */
  private SequenceDataset data() throws Exception {
    StringBuilder sb = new StringBuilder();
    for (int u = 1; u <= 60; u++) {
      sb.append("u").append(u);
      for (int i = 0; i < 3 + u % 6; i++) sb.append(' ').append(101 + (u * 7 + i) % 30);
      sb.append('\n');
    }
    Path file = dir.resolve("walk.txt");
    Files.writeString(file, sb.toString());
    return DatasetLoader.load(file, LoadOptions.defaults());
  }

  private static Set<String> originals(SequenceDataset data, int[] items) {
    Set<String> out = new HashSet<>();
    for (int item : items) out.add(data.items().original(item));
    return out;
  }

  @Test
  void aSeededShareIsHeldOutOfTrainingValidationAndTheCatalog() throws Exception {
    SequenceDataset data = data();
    ItemHoldout.Result held = ItemHoldout.apply(data, new LeaveOneOutSplit(), 0.1, 5);
    assertEquals(3, held.heldOut().size(), "10% of 30 items");
    assertEquals(held.heldOut(), ItemHoldout.apply(data, new LeaveOneOutSplit(), 0.1, 5).heldOut(), "seeded");
    assertNotEquals(held.heldOut(), ItemHoldout.apply(data, new LeaveOneOutSplit(), 0.1, 6).heldOut());

    SplitDataset split = held.split();
    Set<String> out = new HashSet<>(held.heldOut());
    assertEquals(27, split.data().items().size());
    for (String id : out) assertFalse(split.data().items().contains(id), id + " left the catalog");
    for (int[] train : split.train()) assertTrue(originals(split.data(), train).stream().noneMatch(out::contains));
    for (List<EvalCase> cases : List.of(split.valid(), split.test())) {
      for (EvalCase c : cases) {
        assertTrue(originals(split.data(), c.history()).stream().noneMatch(out::contains));
        assertTrue(originals(split.data(), c.targets()).stream().noneMatch(out::contains));
      }
    }
  }

  @Test
  void testCasesWithAHeldOutTargetGoAsideAndTheOthersKeepTheirTargets() throws Exception {
    SequenceDataset data = data();
    ItemHoldout.Result held = ItemHoldout.apply(data, new LeaveOneOutSplit(), 0.2, 1);
    Set<String> out = new HashSet<>(held.heldOut());
    Map<String, String> fullTarget = new HashMap<>();
    Map<String, List<String>> fullHistory = new HashMap<>();
    for (EvalCase c : new LeaveOneOutSplit().split(data).test()) {
      fullTarget.put(data.users().original(c.user()), data.items().original(c.targets()[0]));
      fullHistory.put(data.users().original(c.user()),
          Arrays.stream(c.history()).mapToObj(i -> data.items().original(i)).toList());
    }
    long expectedCold = fullTarget.values().stream().filter(out::contains).count();
    assertTrue(expectedCold > 0, "some test target is held out");
    assertEquals(expectedCold, held.coldStart().size());
    for (ItemHoldout.ColdStartCase c : held.coldStart()) {
      assertEquals(fullTarget.get(c.user()), c.target());
      assertTrue(out.contains(c.target()));
      assertEquals(fullHistory.get(c.user()), c.history(), "the whole history, in original ids");
    }
    SplitDataset split = held.split();
    assertEquals(fullTarget.size() - expectedCold, split.test().size());
    for (EvalCase c : split.test()) {
      String user = split.data().users().original(c.user());
      assertEquals(fullTarget.get(user), split.data().items().original(c.targets()[0]), "user " + user);
    }

    held.write(dir);
    List<String> cases = Files.readAllLines(dir.resolve(ItemHoldout.CASES_FILE));
    assertEquals("user_id\thistory\ttarget", cases.get(0));
    assertEquals(held.coldStart().size() + 1, cases.size());
    assertEquals(held.heldOut().size() + 1, Files.readAllLines(dir.resolve(ItemHoldout.ITEMS_FILE)).size());
  }

  @Test
  void theConfigKeyIsCheckedWhenTheConfigLoads() {
    String base = """
        {"data": {"path": "x.txt", "split": "%s", "holdout_items": {"share": %s, "seed": 3}},
         "model": {"name": "sasrec"}}""";
    ConfigReader reader = new ConfigReader(ModelCatalog.INSTANCE);
    var ok = reader.resolve(JsonParser.parseString(base.formatted("leave_one_out", "0.05")).getAsJsonObject());
    assertEquals(0.05, ok.config().data().holdoutItems().share());
    assertEquals(3, ok.config().data().holdoutItems().seed());
    ConfigException big = assertThrows(ConfigException.class,
        () -> reader.resolve(JsonParser.parseString(base.formatted("leave_one_out", "0.7")).getAsJsonObject()));
    assertTrue(big.getMessage().contains("data.holdout_items.share = 0.7"), big.getMessage());
    ConfigException given = assertThrows(ConfigException.class,
        () -> reader.resolve(JsonParser.parseString(base.formatted("given", "0.05")).getAsJsonObject()));
    assertTrue(given.getMessage().contains("data.holdout_items: needs split leave_one_out or time"), given.getMessage());
    assertEquals(null, reader.resolve(JsonParser.parseString("{\"data\": {\"path\": \"x.txt\"}, \"model\": {\"name\": \"sasrec\"}}")
        .getAsJsonObject()).config().data().holdoutItems(), "off by default");
  }
}
