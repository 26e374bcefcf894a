package io.genrec.model.diger;

import io.genrec.train.FreshJvm;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import io.genrec.config.ConfigReader;
import io.genrec.config.RunConfig;
import io.genrec.data.Datasets;
import io.genrec.data.EvalCase;
import io.genrec.data.History;
import io.genrec.data.SplitDataset;
import io.genrec.experiment.RunDirectory;
import io.genrec.experiment.TrainingRun;
import io.genrec.model.catalog.ModelCatalog;
import io.genrec.model.tiger.TigerServeProbe;
import io.genrec.train.Trainer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.Result;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TInt32;

/**
 * DIGER through {@link TrainingRun} on the tiny fixture: in every assignment mode a run stopped after
 * epoch 1 resumes to epoch 2 with its IDs, usage averages and σ, tests and exports; a fresh JVM serves
 * the export exactly as the in-process beam search ranks.
 */
class DigerRunTest {
  @TempDir static Path shared;
  static DigerFixture fixture;

  @BeforeAll
  static void fixture() throws Exception {
    fixture = DigerFixture.create(shared);
  }

  private RunConfig config(String mode, int epochs, boolean export) {
    return fixture.config(shared.resolve("exports-" + mode), ", \"assignment\": \"" + mode + "\"", epochs, export);
  }

  @Test
  void everyModeTrainsResumesAfterAStopAndExports() throws Exception {
    for (String mode : List.of("frozen", "ste", "gumbel", "frqud", "sdud")) {
      Path runDir = Files.createDirectories(shared.resolve("run-" + mode));
      new TrainingRun().execute(config(mode, 1, false), new RunDirectory(runDir));
      Path last = runDir.resolve("checkpoints").resolve("last");
      assertTrue(Files.exists(last.resolve(Diger.IDS_FILE)), mode + ": IDs saved with the checkpoint");
      String usageAfterOne = mode.equals("frqud") ? Files.readString(last.resolve(Diger.USAGE_FILE)) : null;

      RunDirectory run = new RunDirectory(runDir);
      new TrainingRun().execute(config(mode, 2, true), run);
      assertEquals(2, run.epochLines().size(), mode);
      JsonObject second = ConfigReader.gson().fromJson(run.epochLines().get(1), JsonObject.class);
      assertEquals(2, second.get("epoch").getAsInt());
      if (!mode.equals("frozen")) {
        JsonObject stats = second.getAsJsonObject("model");
        assertTrue(stats.has("codes_used_0") && stats.has("changed_items") && stats.has("collision_rate"),
            mode + ": ID statistics in epochs.jsonl: " + second);
      }
      if (mode.equals("frqud")) {
        assertTrue(second.has("gumbel_share"), second.toString());
        assertTrue(!usageAfterOne.equals(Files.readString(last.resolve(Diger.USAGE_FILE))),
            "the resumed run kept updating the usage averages it restored");
      }
      if (mode.equals("sdud")) assertTrue(second.has("sigma_0"), second.toString());
      assertTrue(Files.exists(run.directory().resolve("metrics.json")), mode + ": tested");
      JsonObject metrics = ConfigReader.gson().fromJson(Files.readString(run.directory().resolve("metrics.json")),
          JsonObject.class);
      DigerIds best = DigerIds.load(run.checkpointDir().resolve("best").resolve(Diger.IDS_FILE),
          40, 4, 16);
      assertEquals(best.stats().get("codes_used_0"), metrics.getAsJsonObject("model").get("codes_used_0").getAsDouble(),
          mode + ": metrics.json reports the best checkpoint's IDs: " + metrics.get("model"));
      assertTrue(Files.exists(run.savedModelDir().resolve("saved_model.pb")), mode + ": exported");
    }
  }

  @Test
  void aFreshJvmServesTheExportExactlyAsTheInProcessSearchRanks() throws Exception {
    String mode = "gumbel";
    RunConfig cfg = config(mode, 2, true);
    RunDirectory run = new RunDirectory(Files.createDirectories(shared.resolve("serve-" + mode)));
    new TrainingRun().execute(cfg, run);
    SplitDataset split = Datasets.split(Datasets.load(cfg.data()), cfg.data());
    List<EvalCase> cases = split.test().subList(0, 10);
    Diger model = (Diger) ModelCatalog.create(cfg, split, true);
    int k = 5;
    int[][] expected = new int[cases.size()][k];
    try (Trainer trainer = new Trainer(model, cfg.train(), cfg.seed(), model::buildValidationHead)) {
      trainer.restoreBest(run.checkpointDir());
      model.beforeRanking(trainer.session());
      int h = model.historyLength();
      int[] hist = new int[cases.size() * h];
      for (int i = 0; i < cases.size(); i++) {
        int[] t = History.truncate(cases.get(i).history(), h);
        System.arraycopy(t, 0, hist, i * h + h - t.length, t.length);
      }
      try (TInt32 ht = TInt32.tensorOf(Shape.of(cases.size(), h), DataBuffers.of(hist, false, false));
          TInt32 et = TInt32.tensorOf(Shape.of(cases.size(), 1), DataBuffers.of(new int[cases.size()], false, false));
          TInt32 kt = TInt32.scalarOf(k);
          Result r = trainer.session().runner().feed(trainer.head().history(), ht).feed(trainer.head().exclude(), et)
              .feed(trainer.head().k(), kt).fetch(trainer.head().ids()).run()) {
        for (int i = 0; i < cases.size(); i++) {
          for (int j = 0; j < k; j++) expected[i][j] = ((TInt32) r.get(0)).getInt(i, j);
        }
      }
    }
    int[][] best = DigerIds.load(run.checkpointDir().resolve("best").resolve(Diger.IDS_FILE),
        split.data().items().size(), 4, 16).table();
    List<String> served = probe(run.savedModelDir(), k, cases, split);
    assertEquals(cases.size(), served.size());
    for (int i = 0; i < cases.size(); i++) {
      String[] parts = served.get(i).split(" \\| ");
      String[] ids = parts[0].trim().split(" ");
      String[] codes = parts[2].trim().split(" ");
      for (int j = 0; j < k; j++) {
        int item = expected[i][j];
        assertTrue(item > 0, "a real item");
        assertEquals(split.data().items().original(item), ids[j], "case " + i + " rank " + j);
        StringBuilder want = new StringBuilder();
        for (int l = 0; l < best[item].length; l++) want.append(l == 0 ? "" : ".").append(best[item][l]);
        assertEquals(want.toString(), codes[j], "top_k_codes are the best epoch's IDs");
      }
    }
    assertArrayEquals(best, model.semanticIds(), "the restored model ranks with the best epoch's IDs");

    // The second signature codes content embeddings through the trained tokenizer: a catalog item's
    // own embedding gives its prefix, and the collision code a newcomer would take is its group's size.
    float[][] embeddings = io.genrec.embed.EmbeddingFile.load(fixture.embeddings, split.data().items().size());
    int[] items = {1, 7, 20, 33};
    float[] flat = new float[items.length * embeddings[0].length];
    for (int i = 0; i < items.length; i++) {
      System.arraycopy(embeddings[items[i]], 0, flat, i * embeddings[0].length, embeddings[0].length);
    }
    try (org.tensorflow.SavedModelBundle bundle = org.tensorflow.SavedModelBundle.load(run.savedModelDir().toString(), "serve");
        org.tensorflow.types.TFloat32 in = org.tensorflow.types.TFloat32.tensorOf(
            Shape.of(items.length, embeddings[0].length), DataBuffers.of(flat, true, false));
        Result r = bundle.function(Diger.ITEM_SIGNATURE).call(java.util.Map.of(Diger.ITEM_EMBEDDING, in))) {
      org.tensorflow.types.TInt64 prefix = (org.tensorflow.types.TInt64) r.get(Diger.ID_PREFIX).orElseThrow();
      org.tensorflow.types.TInt64 collision = (org.tensorflow.types.TInt64) r.get(Diger.COLLISION_CODE).orElseThrow();
      for (int i = 0; i < items.length; i++) {
        int group = 0;
        for (int other = 1; other < best.length; other++) {
          if (best[other][0] == best[items[i]][0] && best[other][1] == best[items[i]][1]) group++;
        }
        for (int l = 0; l < 2; l++) assertEquals(best[items[i]][l], prefix.getLong(i, l), "item " + items[i] + " level " + l);
        assertEquals(group, collision.getLong(i), "item " + items[i] + ": items under its prefix");
      }
    }
  }

  private static List<String> probe(Path savedModel, int k, List<EvalCase> cases, SplitDataset split) throws Exception {
    List<String> args = new ArrayList<>(List.of(savedModel.toString(), Integer.toString(k), "-"));
    args.addAll(TigerServeProbe.histories(cases, split));
    return FreshJvm.run(TigerServeProbe.class, args);
  }
}
