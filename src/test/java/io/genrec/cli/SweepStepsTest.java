package io.genrec.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import io.genrec.config.ConfigException;
import io.genrec.config.ConfigReader;
import io.genrec.embed.TextEncoder;
import io.genrec.experiment.PlannedRun;
import io.genrec.experiment.RunBodies;
import io.genrec.experiment.Provenance;
import io.genrec.experiment.SweepPlan;
import io.genrec.model.catalog.ModelCatalog;
import io.genrec.train.TinyRuns;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.apache.commons.cli.DefaultParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * TIGRESS's chain as one sweep, at toy size: a SASRec run, its item table and the items' text
 * embedded, both fused and tokenized, TIGER trained on those IDs. Steps run in need order, each
 * once; a rerun does nothing; a step whose output was removed runs again.
 */
class SweepStepsTest {
  @TempDir Path dir;
  private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
  private final PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8);
  private int textEncodings;

  /** A 4-dimensional "text" vector from the text's characters. */
  private final class CharEncoder implements TextEncoder {
    @Override
    public String name() {
      return "chars";
    }

    @Override
    public int dim() {
      return 4;
    }

    @Override
    public float[][] encode(List<String> texts) {
      textEncodings++;
      float[][] rows = new float[texts.size()][4];
      for (int i = 0; i < texts.size(); i++) {
        String t = texts.get(i);
        for (int j = 0; j < t.length(); j++) rows[i][j % 4] += t.charAt(j) * (j + 1) % 17;
      }
      return rows;
    }

    @Override
    public void close() {}
  }

  private String slash(Path p) {
    return p.toString().replace('\\', '/');
  }

  private Path write(Path file, String json) throws Exception {
    Files.createDirectories(file.getParent());
    Files.writeString(file, json);
    return file;
  }

  private Path studyConfigs(Path data, Path items) throws Exception {
    Path configs = dir.resolve("configs");
    Path tok = dir.resolve("tok");
    write(configs.resolve("sasrec.json"), """
        {"experiment": "base", "seed": 7, "data": {"path": "%s", "max_length": 8},
         "model": {"name": "sasrec", "hidden": 8, "num_blocks": 1, "num_heads": 2, "dropout": 0.1},
         "train": {"epochs": 2, "batch_size": 16, "lr": 0.01, "patience": 0, "progress": false},
         "eval": {"ks": [5], "batch_size": 32}, "export": {"enabled": false}}
        """.formatted(slash(data)));
    Path study = configs.resolve("study");
    write(study.resolve("embed-text.json"), """
        {"embed": {"items": "%s", "template": "{title}", "model": "chars", "data": "%s", "out": "%s"}}
        """.formatted(slash(items), slash(data), slash(tok.resolve("text.npy"))));
    write(study.resolve("embed-sasrec.json"), """
        {"needs": {"config": "../sasrec.json", "as": "embed.from_run"},
         "embed": {"data": "%s", "out": "%s"}}
        """.formatted(slash(data), slash(tok.resolve("sasrec.npy"))));
    write(study.resolve("tokenize-concat.json"), """
        {"needs": ["embed-text.json", "embed-sasrec.json"],
         "items_embeddings": ["%s", "%s"], "fusion": "concat", "data": {"path": "%s"},
         "tokenizer": "rq-kmeans", "params": {"levels": 2, "codebook_size": 4}, "seed": 3, "out": "%s"}
        """.formatted(slash(tok.resolve("text.npy")), slash(tok.resolve("sasrec.npy")), slash(data),
        slash(tok.resolve("concat"))));
    write(study.resolve("tiger.json"), """
        {"experiment": "study", "seed": 7, "needs": "tokenize-concat.json",
         "data": {"path": "%s", "max_length": 6},
         "model": {"name": "tiger", "semantic_ids": {"source": "file", "path": "%s"}, "user_buckets": 0,
                   "d_model": 16, "num_heads": 2, "head_dim": 8, "ff_dim": 32, "encoder_layers": 1,
                   "decoder_layers": 1, "dropout": 0.1, "beam": 8},
         "train": {"epochs": 2, "batch_size": 16, "lr": 0.01, "patience": 0, "progress": false},
         "eval": {"ks": [5], "batch_size": 32}, "export": {"enabled": false}}
        """.formatted(slash(data), slash(tok.resolve("concat").resolve("semantic_ids.tsv"))));
    return study;
  }

  private SweepCommand sweep() {
    PreparationSteps steps = new PreparationSteps(new TokenizeCommand(out), new EmbedCommand(name -> {
      if (!name.equals("chars")) throw new IllegalArgumentException("unknown text encoder '" + name + "'");
      return new CharEncoder();
    }, out));
    Provenance.Sources sources = new Provenance.Sources(() -> "test-tf", () -> new Provenance.Git("abc", false),
        () -> "host", Map.of(), Clock.systemUTC());
    return new SweepCommand(ModelCatalog.INSTANCE, RunBodies::training, () -> steps, sources, Map.of(), out);
  }

  private int run(Command cmd, String... args) throws Exception {
    return cmd.run(new DefaultParser().parse(cmd.options(), args));
  }

  @Test
  void oneSweepRunsTheRunEmbedsTokenizesAndTrainsOnTheIdsInNeedOrder() throws Exception {
    Path data = TinyRuns.writeSequences(dir, 60, 30, 3);
    StringBuilder meta = new StringBuilder("item_id\ttitle\n");
    for (int i = 101; i <= 130; i++) meta.append(i).append("\titem number ").append(i * 7 % 31).append('\n');
    Path items = write(dir.resolve("items.tsv"), meta.toString());
    Path study = studyConfigs(data, items);
    Path runs = dir.resolve("runs");

    SweepPlan plan = SweepPlan.read(study, List.of(), new ConfigReader(ModelCatalog.INSTANCE), runs);
    List<String> order = plan.runs().stream().map(r -> r.source().getFileName().toString()).toList();
    assertEquals(5, order.size(), order.toString());
    assertTrue(order.indexOf("sasrec.json") < order.indexOf("embed-sasrec.json"), order.toString());
    assertTrue(order.indexOf("embed-sasrec.json") < order.indexOf("tokenize-concat.json"), order.toString());
    assertTrue(order.indexOf("embed-text.json") < order.indexOf("tokenize-concat.json"), order.toString());
    assertEquals("tiger.json", order.get(4));
    assertEquals(4, plan.stageCount(), "run, embed, tokenize, TIGER");
    PlannedRun embedRun = plan.runs().get(order.indexOf("embed-sasrec.json"));
    PlannedRun sasrec = plan.runs().get(order.indexOf("sasrec.json"));
    assertEquals(slash(sasrec.directory().path()),
        embedRun.step().json().getAsJsonObject("embed").get("from_run").getAsString(), "the run's directory, set in");
    assertTrue(embedRun.directory().path().startsWith(runs.resolve(SweepPlan.STEPS_EXPERIMENT)));

    assertEquals(0, run(sweep(), study.toString(), "--runs-dir", runs.toString()), printed.toString());
    for (PlannedRun r : plan.runs()) assertTrue(r.isDone(), r.source() + " done");
    assertTrue(Files.isRegularFile(dir.resolve("tok/concat/semantic_ids.tsv")));
    JsonObject tigerMetrics = ConfigReader.parseFile(plan.runs().get(4).directory().file("metrics.json"));
    assertTrue(tigerMetrics.getAsJsonObject("test").has("recall@5"));
    JsonObject tokenizeReport = ConfigReader.parseFile(plan.runs().get(order.indexOf("tokenize-concat.json"))
        .directory().file("metrics.json"));
    assertEquals("tokenize", tokenizeReport.get("step").getAsString());
    assertEquals("rq-kmeans", tokenizeReport.getAsJsonObject("report").get("tokenizer").getAsString(),
        "the tokenizer's own report: " + tokenizeReport);
    assertEquals(1, textEncodings);

    // Again: everything is done, nothing runs.
    printed.reset();
    assertEquals(0, run(sweep(), study.toString(), "--runs-dir", runs.toString()));
    assertTrue(printed.toString().contains("0 done, 5 skipped"), printed.toString());

    // A step's output removed by hand: that step runs again (and only it).
    Files.delete(dir.resolve("tok/text.npy"));
    assertFalse(plan.runs().get(order.indexOf("embed-text.json")).isDone());
    printed.reset();
    assertEquals(0, run(sweep(), study.toString(), "--runs-dir", runs.toString()));
    assertTrue(printed.toString().contains("1 done, 4 skipped"), printed.toString());
    assertEquals(2, textEncodings);
    assertTrue(Files.isRegularFile(dir.resolve("tok/text.npy")));
  }

  @Test
  void aStepNeedThatNamesNoOutputAndABadEmbedKeyFailThePlan() throws Exception {
    Path data = TinyRuns.writeSequences(dir, 20, 30, 3);
    Path items = write(dir.resolve("items.tsv"), "item_id\ttitle\n101\tx\n");
    Path study = studyConfigs(data, items);
    Path runs = dir.resolve("runs");
    ConfigReader reader = new ConfigReader(ModelCatalog.INSTANCE);

    String tiger = Files.readString(study.resolve("tiger.json"));
    Files.writeString(study.resolve("tiger.json"), tiger.replace("concat/semantic_ids.tsv", "other/semantic_ids.tsv"));
    ConfigException e = assertThrows(ConfigException.class, () -> SweepPlan.read(study, List.of(), reader, runs));
    assertTrue(e.getMessage().contains("needs tokenize-concat.json, whose output is ")
        && e.getMessage().contains("but names it nowhere"), e.getMessage());

    // With "as", the step's output is set in: the config need not name it.
    Files.writeString(study.resolve("tiger.json"), tiger.replace("\"needs\": \"tokenize-concat.json\"",
        "\"needs\": {\"config\": \"tokenize-concat.json\", \"as\": \"model.semantic_ids.path\"}")
        .replace("concat/semantic_ids.tsv", "other/semantic_ids.tsv"));
    SweepPlan plan = SweepPlan.read(study, List.of(), reader, runs);
    PlannedRun last = plan.runs().get(plan.runs().size() - 1);
    assertEquals(slash(dir.resolve("tok/concat/semantic_ids.tsv")), last.resolved().json().getAsJsonObject("model")
        .getAsJsonObject("semantic_ids").get("path").getAsString(), "the TIGER run reads the step's IDs");
    assertEquals(slash(dir.resolve("tok/concat/semantic_ids.tsv")),
        last.overrides().getAsJsonObject("needs").get("model.semantic_ids.path").getAsString());

    Files.writeString(study.resolve("embed-text.json"), "{\"embed\": {\"itemz\": \"a\", \"out\": \"b.npy\"}}");
    e = assertThrows(ConfigException.class, () -> SweepPlan.read(study, List.of(), reader, runs));
    assertTrue(e.getMessage().endsWith("embed-text.json: embed.itemz: unknown key (valid keys: [data, from_run, id_column,"
        + " items, model, out, template])"), e.getMessage());
  }
}
