package io.genrec.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.genrec.config.ConfigException;
import io.genrec.config.WarmStartConfig;
import io.genrec.nn.Init;
import io.genrec.nn.Param;
import io.genrec.nn.Params;
import io.genrec.nn.TfRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.Graph;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;

/** Warm start from a checkpoint: selection, renames, exact copies, the mismatch report, finding the checkpoint. */
class WarmStartTest {
  @TempDir Path dir;

  /** Variables by name and shape, built with {@code seed}; returns each one's value after {@code then}. */
  private static Map<String, float[]> build(long seed, Map<String, Shape> variables, java.util.function.BiConsumer<Session, Params> then) {
    try (Graph g = new Graph()) {
      Params p = new Params(Ops.create(g), seed, true);
      variables.forEach((name, shape) -> p.variable(name, shape, Init.truncatedNormal(1f), true));
      p.state("optimizer/step", p.tf().constant(0L));
      try (Session s = TfRun.session(g)) {
        then.accept(s, p);
        Map<String, float[]> values = new LinkedHashMap<>();
        for (Param param : p.trainable()) values.put(param.name(), TfRun.eval(s, param.value()));
        return values;
      }
    }
  }

  /** A checkpoint holding enc/a [2,3], enc/b [3] and head/w [3,2] (and a step counter), at dir/src/ckpt. */
  private Map<String, float[]> saveSource() throws Exception {
    Path src = Files.createDirectories(dir.resolve("src"));
    Map<String, Shape> vars = new LinkedHashMap<>();
    vars.put("enc/a", Shape.of(2, 3));
    vars.put("enc/b", Shape.of(3));
    vars.put("head/w", Shape.of(3, 2));
    return build(1, vars, (s, p) -> s.save(src.resolve("ckpt").toString()));
  }

  private static Map<String, Shape> target() {
    Map<String, Shape> vars = new LinkedHashMap<>();
    vars.put("encoder/a", Shape.of(2, 3));
    vars.put("encoder/b", Shape.of(3));
    vars.put("head/w", Shape.of(3, 2));
    vars.put("extra/x", Shape.of(4));
    return vars;
  }

  @Test
  void copiesTheSelectedVariablesExactlyUnderTheirNewNamesAndLeavesTheRestAsInitialised() throws Exception {
    Map<String, float[]> source = saveSource();
    Map<String, float[]> seeded = build(2, target(), (s, p) -> {});
    WarmStartConfig cfg = new WarmStartConfig(dir.resolve("src").toString(), List.of(".*"), List.of("extra/.*"),
        Map.of("enc/", "encoder/"));
    WarmStart.Report[] report = new WarmStart.Report[1];
    Map<String, float[]> warm = build(2, target(), (s, p) -> report[0] = WarmStart.apply(cfg, s, p));
    assertArrayEquals(source.get("enc/a"), warm.get("encoder/a"), 0f);
    assertArrayEquals(source.get("enc/b"), warm.get("encoder/b"), 0f);
    assertArrayEquals(source.get("head/w"), warm.get("head/w"), 0f);
    assertArrayEquals(seeded.get("extra/x"), warm.get("extra/x"), 0f, "excluded: keeps its seeded value");
    assertFalse(Arrays.equals(seeded.get("head/w"), warm.get("head/w")), "the seeds differ, so the copy shows");
    assertEquals(List.of("encoder/a", "encoder/b", "head/w"), report[0].loaded());
    assertEquals(List.of("extra/x"), report[0].kept());
    assertEquals(dir.resolve("src").resolve("ckpt").toString(), report[0].prefix());

    WarmStartConfig headOnly = new WarmStartConfig(dir.resolve("src").resolve("ckpt").toString(), List.of("head/.*"),
        List.of(), Map.of());
    Map<String, float[]> head = build(2, target(), (s, p) -> WarmStart.apply(headOnly, s, p));
    assertArrayEquals(source.get("head/w"), head.get("head/w"), 0f);
    assertArrayEquals(seeded.get("encoder/a"), head.get("encoder/a"), 0f, "not included: keeps its seeded value");
  }

  @Test
  void everyMismatchIsReportedAtOnceWithBothShapesAndNothingIsAssigned() throws Exception {
    saveSource();
    Map<String, Shape> vars = new LinkedHashMap<>();
    vars.put("encoder/a", Shape.of(2, 3));
    vars.put("head/w", Shape.of(4, 2));
    vars.put("new/v", Shape.of(5));
    Map<String, float[]> seeded = build(3, vars, (s, p) -> {});
    WarmStartConfig cfg = new WarmStartConfig(dir.resolve("src").toString(), List.of(".*"), List.of("nothing/.*"),
        Map.of("enc/", "encoder/", "dec/", "decoder/"));
    Map<String, float[]> after = build(3, vars, (s, p) -> {
      ConfigException e = assertThrows(ConfigException.class, () -> WarmStart.apply(cfg, s, p));
      String m = e.getMessage();
      assertTrue(m.startsWith("model.init_from = " + dir.resolve("src").resolve("ckpt") + ": nothing was loaded,"
          + " 4 problems"), m);
      assertTrue(m.contains("\n  - head/w: shape [3, 2] in the checkpoint, [4, 2] in this model"), m);
      assertTrue(m.contains("\n  - new/v: not in the checkpoint (shape in this model [5])"), m);
      assertTrue(m.contains("\n  - exclude[0] \"nothing/.*\" matches no variable of this model"), m);
      assertTrue(m.contains("\n  - rename \"dec/\" -> \"decoder/\": no loaded variable of this model starts with"
          + " \"decoder/\""), m);
      assertFalse(m.contains("encoder/a"), "a variable that matches is no problem: " + m);
    });
    for (String name : vars.keySet()) assertArrayEquals(seeded.get(name), after.get(name), 0f, name + " untouched");
  }

  @Test
  void aFreshVariableKeepsItsInitialisationAndIsNoProblemWhenTheCheckpointLacksIt() throws Exception {
    Map<String, float[]> source = saveSource();
    Map<String, float[]> seeded = build(2, target(), (s, p) -> {});
    WarmStartConfig cfg = new WarmStartConfig(dir.resolve("src").toString(), List.of(".*"), List.of(),
        Map.of("enc/", "encoder/"));
    WarmStart.Report[] report = new WarmStart.Report[1];
    Map<String, float[]> warm = build(2, target(),
        (s, p) -> report[0] = WarmStart.apply(cfg, s, p, java.util.Set.of("extra/x", "head/w")));
    assertArrayEquals(source.get("enc/a"), warm.get("encoder/a"), 0f);
    assertArrayEquals(seeded.get("extra/x"), warm.get("extra/x"), 0f, "not in the checkpoint: kept, no problem");
    assertArrayEquals(seeded.get("head/w"), warm.get("head/w"), 0f, "in the checkpoint, yet kept");
    assertEquals(List.of("encoder/a", "encoder/b"), report[0].loaded());
    assertEquals(List.of("head/w", "extra/x"), report[0].kept());
  }

  @Test
  void aRenamedVariableTheCheckpointLacksNamesBothNames() throws Exception {
    saveSource();
    Map<String, Shape> vars = Map.of("encoder/c", Shape.of(2));
    WarmStartConfig cfg = new WarmStartConfig(dir.resolve("src").toString(), List.of(".*"), List.of(),
        Map.of("enc/", "encoder/"));
    build(4, vars, (s, p) -> {
      ConfigException e = assertThrows(ConfigException.class, () -> WarmStart.apply(cfg, s, p));
      assertTrue(e.getMessage().contains("encoder/c (saved as enc/c): not in the checkpoint (shape in this model [2])"),
          e.getMessage());
    });
  }

  @Test
  void aRunDirectoryResolvesToItsBestCheckpointThenItsLast() throws Exception {
    Path run = dir.resolve("run");
    Path last = Files.createDirectories(run.resolve("checkpoints").resolve(Trainer.LAST));
    Files.createFile(last.resolve("ckpt.index"));
    assertEquals(Optional.of(last.resolve("ckpt").toString()), CheckpointReader.locate(run), "no best yet: last");
    Path best = Files.createDirectories(run.resolve("checkpoints").resolve(Trainer.BEST));
    Files.createFile(best.resolve("ckpt.index"));
    assertEquals(Optional.of(best.resolve("ckpt").toString()), CheckpointReader.locate(run));
    assertEquals(Optional.of(best.resolve("ckpt").toString()), CheckpointReader.locate(run.resolve("checkpoints")));
    assertEquals(Optional.of(last.resolve("ckpt").toString()), CheckpointReader.locate(last), "a checkpoint directory");
    assertEquals(Optional.of(last.resolve("ckpt").toString()), CheckpointReader.locate(last.resolve("ckpt")),
        "a prefix, as DiffSASRec's init_from took it");
    assertEquals(Optional.empty(), CheckpointReader.locate(dir.resolve("nowhere")));

    WarmStartConfig missing = WarmStartConfig.from(dir.resolve("nowhere").toString());
    build(5, Map.of("w", Shape.of(1)), (s, p) -> {
      ConfigException e = assertThrows(ConfigException.class, () -> WarmStart.apply(missing, s, p));
      assertTrue(e.getMessage().startsWith("model.init_from.path = \"" + dir.resolve("nowhere") + "\": no checkpoint"
          + " there (looked for " + dir.resolve("nowhere").resolve("checkpoints").resolve("best").resolve("ckpt.index")),
          e.getMessage());
    });
  }
}
