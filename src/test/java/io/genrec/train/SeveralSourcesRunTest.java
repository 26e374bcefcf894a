package io.genrec.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.genrec.config.ConfigReader;
import io.genrec.config.RunConfig;
import io.genrec.data.DataSource;
import io.genrec.data.Datasets;
import io.genrec.data.EvalCase;
import io.genrec.data.SourceIdFile;
import io.genrec.data.SplitDataset;
import io.genrec.experiment.RunDirectory;
import io.genrec.experiment.TrainingRun;
import io.genrec.model.catalog.ModelCatalog;
import io.genrec.serve.ItemIdTable;
import io.genrec.serve.ServingModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A tiny SASRec over two datasets: per-source metrics, ids kept apart, early stopping on one source, export. */
class SeveralSourcesRunTest {
  @TempDir Path dir;

  /** TinyRuns-style walks over items {@code firstId..}; users are named {@code prefix1..}. */
  static Path walks(Path file, String prefix, int users, int items, int firstId, long seed) throws Exception {
    Random rng = new Random(seed);
    StringBuilder sb = new StringBuilder();
    for (int u = 1; u <= users; u++) {
      int start = rng.nextInt(items);
      sb.append(prefix).append(u);
      for (int i = 0, len = 4 + rng.nextInt(5); i < len; i++) sb.append(' ').append(firstId + (start + i) % items);
      sb.append('\n');
    }
    Files.createDirectories(file.getParent());
    Files.writeString(file, sb.toString());
    return file;
  }

  private RunConfig config(Path a, Path b, String extra) {
    JsonObject o = JsonParser.parseString("""
        {"experiment": "tiny", "seed": 3,
         "data": {"max_length": 8, "sources": [{"name": "shop", "path": "%s"}, {"name": "outdoor", "path": "%s"}]},
         "model": {"name": "sasrec", "hidden": 16, "num_blocks": 1, "num_heads": 2, "dropout": 0.1},
         "train": {"epochs": 2, "batch_size": 16, "lr": 0.01, "patience": 0, "progress": false},
         "eval": {"ks": [5, 10], "batch_size": 32, "early_stop_source": "outdoor"},
         "export": {"dir": "%s"}}
        """.formatted(a, b, dir.resolve("exports"))).getAsJsonObject();
    JsonObject more = JsonParser.parseString(extra).getAsJsonObject();
    more.entrySet().forEach(e -> o.add(e.getKey(), e.getValue()));
    return new ConfigReader(ModelCatalog.INSTANCE).resolve(o).config();
  }

  @Test
  void twoSourcesTrainTogetherAndReportMetricsPerSource() throws Exception {
    Path a = walks(dir.resolve("a/shop.txt"), "s", 50, 20, 101, 1);
    Path b = walks(dir.resolve("b/outdoor.txt"), "o", 40, 15, 501, 2);
    RunConfig cfg = config(a, b, "{}");
    RunDirectory run = new RunDirectory(Files.createDirectories(dir.resolve("run")));
    new TrainingRun().execute(cfg, run);

    SplitDataset split = Datasets.loadSplit(cfg.data());
    DataSource shop = split.sources().get(0);
    DataSource outdoor = split.sources().get(1);
    assertEquals(List.of(1, 20, 21, 15), List.of(shop.firstItem(), shop.itemCount(), outdoor.firstItem(), outdoor.itemCount()));

    JsonObject metrics = JsonParser.parseString(Files.readString(run.file(RunDirectory.METRICS))).getAsJsonObject();
    for (String part : List.of("valid", "test")) {
      JsonObject all = metrics.getAsJsonObject(part);
      JsonObject by = metrics.getAsJsonObject(part + "_by_source");
      assertEquals(Set.of("shop", "outdoor"), by.keySet(), part);
      List<EvalCase> cases = part.equals("valid") ? split.valid() : split.test();
      long nShop = cases.stream().filter(c -> c.source() == 0).count();
      long nOutdoor = cases.size() - nShop;
      assertTrue(nShop > 0 && nOutdoor > 0);
      // Per-user means over all cases are the case-weighted means of the per-source ones.
      for (String key : List.of("recall@10", "ndcg@10", "mrr@5")) {
        double s = by.getAsJsonObject("shop").get(key).getAsDouble();
        double o = by.getAsJsonObject("outdoor").get(key).getAsDouble();
        assertEquals((s * nShop + o * nOutdoor) / cases.size(), all.get(key).getAsDouble(), 1e-9, part + " " + key);
      }
    }
    assertEquals(split.test().size(), metrics.get("test_users").getAsInt());

    // Each epoch logs both sources; the best epoch is the one with the best outdoor ndcg@10.
    List<String> epochs = run.epochLines();
    assertEquals(2, epochs.size());
    int best = -1;
    double bestValue = Double.NEGATIVE_INFINITY;
    for (String line : epochs) {
      JsonObject e = JsonParser.parseString(line).getAsJsonObject();
      JsonObject by = e.getAsJsonObject("valid_by_source");
      assertEquals(Set.of("shop", "outdoor"), by.keySet());
      double v = by.getAsJsonObject("outdoor").get("ndcg@10").getAsDouble();
      if (v > bestValue) {
        bestValue = v;
        best = e.get("epoch").getAsInt();
      }
    }
    assertEquals(best, metrics.get("best_epoch").getAsInt());

    // item_ids.tsv maps every dense id back to its source's own id.
    List<SourceIdFile.Entry> ids = SourceIdFile.load(run.file(SourceIdFile.ITEMS));
    assertEquals(35, ids.size());
    for (int dense = 1; dense <= ids.size(); dense++) {
      DataSource s = dense <= 20 ? shop : outdoor;
      assertEquals(new SourceIdFile.Entry(s.name(), s.originalItem(dense)), ids.get(dense - 1));
    }

    // The export speaks the sources' own ids: everything it returns is an item of one of them.
    Set<Long> known = new HashSet<>();
    for (SourceIdFile.Entry e : ids) known.add(Long.parseLong(e.original()));
    EvalCase c = split.test().stream().filter(x -> x.source() == 1).findFirst().orElseThrow();
    long[] history = new long[c.history().length];
    for (int i = 0; i < history.length; i++) history[i] = Long.parseLong(outdoor.originalItem(c.history()[i]));
    try (ServingModel served = new ServingModel(run.savedModelDir())) {
      long[] top = served.recommend(new long[][] {history}, 10).ids()[0];
      assertEquals(10, top.length);
      for (long id : top) assertTrue(known.contains(id), "served id " + id);
    }
  }

  @Test
  void sourcesSharingItemIdsCannotBeExportedTogether() throws Exception {
    Path a = walks(dir.resolve("a/shop.txt"), "s", 10, 6, 101, 1);
    Path b = walks(dir.resolve("b/outdoor.txt"), "o", 10, 6, 103, 2);
    SplitDataset split = Datasets.loadSplit(config(a, b, "{}").data());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ItemIdTable.of(split.sources()));
    assertTrue(e.getMessage().contains("is in sources shop and outdoor"), e.getMessage());
  }
}
