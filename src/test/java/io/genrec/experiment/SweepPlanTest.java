package io.genrec.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.genrec.config.ConfigException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SweepPlanTest {
  @TempDir Path tmp;

  @Test
  void gridIsTheCartesianProductInFileOrderLastKeyFastest() {
    JsonObject sweep = JsonParser.parseString("{\"train.lr\":[0.001,0.0003],\"seed\":[1,2,3]}").getAsJsonObject();
    List<String> points = SweepExpansion.points(sweep).stream().map(JsonObject::toString).toList();
    assertEquals(List.of(
        "{\"train.lr\":0.001,\"seed\":1}", "{\"train.lr\":0.001,\"seed\":2}", "{\"train.lr\":0.001,\"seed\":3}",
        "{\"train.lr\":0.0003,\"seed\":1}", "{\"train.lr\":0.0003,\"seed\":2}", "{\"train.lr\":0.0003,\"seed\":3}"),
        points);
    assertEquals(1, SweepExpansion.points(new JsonObject()).size());
    assertThrows(ConfigException.class, () -> SweepExpansion.points(JsonParser.parseString("{\"seed\":[]}").getAsJsonObject()));
  }

  @Test
  void filesAreFoundRecursivelyInSortedOrderAndEachPointIsResolved() throws Exception {
    Path configs = tmp.resolve("configs");
    TestRuns.config(configs, "b/z.json", "gru4rec", "toy", "");
    TestRuns.config(configs, "a.json", "sasrec", "toy", "\"sweep\":{\"train.lr\":[0.01,0.02],\"seed\":[1,2]}");
    Files.writeString(configs.resolve("notes.txt"), "not a config");
    List<PlannedRun> runs = TestRuns.plan(configs, tmp.resolve("runs"));
    assertEquals(5, runs.size());
    assertEquals(List.of("train.lr=0.01 seed=1", "train.lr=0.01 seed=2", "train.lr=0.02 seed=1",
        "train.lr=0.02 seed=2", "(none)"), runs.stream().map(PlannedRun::describeOverrides).toList());
    assertEquals(0.02, runs.get(3).resolved().config().train().lr());
    assertEquals(2, runs.get(3).resolved().config().seed());
    assertEquals("gru4rec", runs.get(4).resolved().config().model().name());
    assertTrue(runs.get(0).resolved().config().sweep().isEmpty(), "a run carries no sweep");
    assertEquals(5, runs.stream().map(r -> r.directory().path()).distinct().count());
  }

  @Test
  void setAppliesToEveryPointAndPinsASweptKey() throws Exception {
    Path cfg = TestRuns.config(tmp, "a.json", "sasrec", "toy", "\"sweep\":{\"train.lr\":[0.01,0.02],\"seed\":[1,2]}");
    List<PlannedRun> runs = TestRuns.plan(cfg, tmp.resolve("runs"), "seed=9", "train.epochs=2");
    assertEquals(2, runs.size());
    for (PlannedRun r : runs) {
      assertEquals(9, r.resolved().config().seed());
      assertEquals(2, r.resolved().config().train().epochs());
    }
    assertEquals("seed=9 train.epochs=2 train.lr=0.01", runs.get(0).describeOverrides());
  }

  @Test
  void pointsResolvingToTheSameConfigRunOnce() throws Exception {
    Path cfg = TestRuns.config(tmp, "a.json", "sasrec", "toy", "\"sweep\":{\"train.lr\":[0.001,1e-3,0.002]}");
    SweepPlan plan = SweepPlan.read(cfg, List.of(), TestRuns.READER, tmp.resolve("runs"));
    assertEquals(2, plan.runs().size());
    assertEquals(1, plan.duplicates().size());
  }

  @Test
  void aBadPointNamesTheFileAndThePoint() throws Exception {
    Path cfg = TestRuns.config(tmp, "a.json", "sasrec", "toy", "\"sweep\":{\"train.lrr\":[0.1]}");
    ConfigException e = assertThrows(ConfigException.class, () -> TestRuns.plan(cfg, tmp.resolve("runs")));
    assertTrue(e.getMessage().contains("a.json (sweep point {\"train.lrr\":0.1}): train.lrr: unknown key; did you mean train.lr?"),
        e.getMessage());
  }

  @Test
  void tokenizeConfigsInASweptDirectoryArePassedByButANamedOneIsStillReadAsARun() throws Exception {
    Path dir = tmp.resolve("beauty");
    TestRuns.config(dir, "a.json", "sasrec", "toy", "");
    Path tok = dir.resolve("tokenize-rqvae.json");
    Files.writeString(tok, "{\"tokenizer\":\"rq-vae\",\"out\":\"x\"}");
    SweepPlan plan = SweepPlan.read(dir, List.of(), TestRuns.READER, tmp.resolve("runs"));
    assertEquals(1, plan.runs().size());
    assertEquals(List.of(tok), plan.tokenizeConfigs());
    assertThrows(ConfigException.class, () -> SweepPlan.read(tok, List.of(), TestRuns.READER, tmp.resolve("runs")));
    Files.delete(dir.resolve("a.json"));
    ConfigException e = assertThrows(ConfigException.class,
        () -> SweepPlan.read(dir, List.of(), TestRuns.READER, tmp.resolve("runs")));
    assertTrue(e.getMessage().contains("only tokenize or embed steps"), e.getMessage());
  }

  @Test
  void anEmptyDirectoryIsAnError() throws Exception {
    Files.createDirectories(tmp.resolve("empty"));
    assertThrows(ConfigException.class, () -> SweepPlan.configFiles(tmp.resolve("empty")));
    assertThrows(ConfigException.class, () -> SweepPlan.configFiles(tmp.resolve("missing")));
  }
}
