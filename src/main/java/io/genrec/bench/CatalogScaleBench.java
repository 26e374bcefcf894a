package io.genrec.bench;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.genrec.config.ConfigReader;
import io.genrec.config.RunConfig;
import io.genrec.data.AtomicFile;
import io.genrec.data.Datasets;
import io.genrec.data.EvalCase;
import io.genrec.data.FileTrees;
import io.genrec.data.SplitDataset;
import io.genrec.model.SequentialRecommender;
import io.genrec.model.catalog.ModelCatalog;
import io.genrec.serve.ItemIdTable;
import io.genrec.serve.SavedModelExport;
import io.genrec.serve.ServingModel;
import io.genrec.train.FeedBatch;
import io.genrec.train.Trainer;
import java.io.BufferedWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.VectorGraphicsEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Serving cost against catalog size: TIGER (reference size, beam 20) on random semantic IDs and SASRec
 * (d 50, 2 blocks) scoring the whole catalog, on synthetic catalogs of each size, after a few training
 * steps (so no weight keeps a constant TensorFlow could fold away; see {@link BriefTrainingExport}).
 * Generative retrieval's promise is a flat cost while full-catalog scoring grows with the catalog.
 *
 * <p>Usage: CatalogScaleBench [--sizes 10000,100000,1000000] [--calls 30] [--batch 256] [--out DIR].
 * Prints one JSON object per model and size; with --out also writes them (scale.jsonl) and the chart
 * (catalog-scale.png, .svg).
 */
public final class CatalogScaleBench {
  private static final int K = 20;
  private static final int STEPS = 3;
  private static final int ITEMS_PER_USER = 6;

  public static void main(String[] args) throws Exception {
    List<Integer> sizes = List.of(10_000, 100_000, 1_000_000);
    int calls = 30;
    int batch = 256;
    Path out = null;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--sizes" -> sizes = Stream.of(args[++i].split(",")).map(String::strip).map(Integer::parseInt).toList();
        case "--calls" -> calls = Integer.parseInt(args[++i]);
        case "--batch" -> batch = Integer.parseInt(args[++i]);
        case "--out" -> out = Path.of(args[++i]);
        default -> throw new IllegalArgumentException("unknown argument " + args[i]
            + "; usage: CatalogScaleBench [--sizes 10000,100000,1000000] [--calls 30] [--batch 256] [--out DIR]");
      }
    }
    for (int n : sizes) {
      if (n < 100) throw new IllegalArgumentException("--sizes: a catalog needs at least 100 items, got " + n);
    }
    List<JsonObject> rows = new ArrayList<>();
    for (int n : sizes) {
      Path work = Files.createTempDirectory("catalog-scale");
      try {
        Path data = writeSequences(work.resolve("data.txt"), n, new Random(n));
        Path ids = writeSemanticIds(work.resolve("semantic_ids.tsv"), n, new Random(n + 1));
        for (String model : List.of("tiger", "sasrec")) {
          JsonObject row = measure(model, config(model, data, ids), n, work.resolve(model), calls, batch);
          System.out.println(row);
          rows.add(row);
        }
      } finally {
        FileTrees.delete(work);
      }
    }
    if (out != null) {
      Files.createDirectories(out);
      StringBuilder lines = new StringBuilder();
      for (JsonObject r : rows) lines.append(r).append('\n');
      AtomicFile.writeText(out.resolve("scale.jsonl"), lines.toString());
      chart(rows, out.resolve("catalog-scale.png"), out.resolve("catalog-scale.svg"));
      System.err.println("wrote " + out.resolve("scale.jsonl") + ", " + out.resolve("catalog-scale.png") + " and .svg");
    }
  }

  /** Users of six consecutive items each, every item in some history, so the split keeps the whole catalog. */
  static Path writeSequences(Path file, int items, Random rng) throws IOException {
    int users = (items + ITEMS_PER_USER - 1) / ITEMS_PER_USER + 1;
    try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      for (int u = 0; u < users; u++) {
        StringBuilder line = new StringBuilder().append(u + 1);
        int start = (u * ITEMS_PER_USER) % items;
        for (int j = 0; j < ITEMS_PER_USER; j++) line.append(' ').append((start + j) % items + 1);
        // A random last item: the test target, so test histories are not all one pattern.
        line.append(' ').append(rng.nextInt(items) + 1);
        w.write(line.append('\n').toString());
      }
    }
    return file;
  }

  /** Three random codes of 256 per item and a collision code numbering the items of each prefix. */
  static Path writeSemanticIds(Path file, int items, Random rng) throws IOException {
    Map<Long, Integer> perPrefix = new HashMap<>();
    try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      w.write("item_id\tcodes\n");
      for (int item = 1; item <= items; item++) {
        int a = rng.nextInt(256);
        int b = rng.nextInt(256);
        int c = rng.nextInt(256);
        int collision = perPrefix.merge(((long) a << 16) | (b << 8) | c, 1, Integer::sum) - 1;
        w.write(item + "\t" + a + " " + b + " " + c + " " + collision + "\n");
      }
    }
    return file;
  }

  private static RunConfig config(String model, Path data, Path ids) {
    String json = model.equals("tiger")
        ? "{\"experiment\": \"scale\", \"data\": {\"path\": \"" + slash(data) + "\", \"max_length\": 20},"
            + " \"model\": {\"name\": \"tiger\", \"semantic_ids\": {\"source\": \"file\", \"path\": \"" + slash(ids) + "\"},"
            + " \"user_buckets\": 0, \"d_model\": 128, \"num_heads\": 4, \"head_dim\": 32, \"ff_dim\": 1024,"
            + " \"encoder_layers\": 4, \"decoder_layers\": 4, \"dropout\": 0.1, \"beam\": 20},"
            + " \"train\": {\"batch_size\": 256, \"progress\": false, \"intra_op_threads\": 2, \"inter_op_threads\": 1},"
            + " \"eval\": {\"ks\": [10, 20]}, \"export\": {\"k\": 20}}"
        : "{\"experiment\": \"scale\", \"data\": {\"path\": \"" + slash(data) + "\", \"max_length\": 50},"
            + " \"model\": {\"name\": \"sasrec\", \"hidden\": 50, \"num_blocks\": 2, \"num_heads\": 1, \"dropout\": 0.2,"
            + " \"loss\": \"bce\"},"
            + " \"train\": {\"batch_size\": 128, \"progress\": false, \"intra_op_threads\": 2, \"inter_op_threads\": 1},"
            + " \"eval\": {\"ks\": [10, 20]}, \"export\": {\"k\": 20}}";
    return new ConfigReader(ModelCatalog.INSTANCE).resolve(JsonParser.parseString(json).getAsJsonObject()).config();
  }

  private static String slash(Path p) {
    return p.toAbsolutePath().toString().replace('\\', '/');
  }

  private static JsonObject measure(String name, RunConfig cfg, int items, Path work, int calls, int batch)
      throws Exception {
    SplitDataset split = Datasets.split(Datasets.load(cfg.data()), cfg.data());
    SequentialRecommender model = ModelCatalog.create(cfg, split, true);
    Files.createDirectories(work);
    String prefix = work.resolve("ckpt").toString();
    try (Trainer trainer = new Trainer(model, cfg.train(), cfg.seed(), model::buildValidationHead)) {
      BenchSteps steps = new BenchSteps(trainer, cfg.train().lr());
      Iterator<FeedBatch> batches = model.batches(1);
      for (int i = 0; i < STEPS && batches.hasNext(); i++) {
        try (FeedBatch b = batches.next()) {
          steps.step(b);
        }
      }
      trainer.session().save(prefix);
    }
    Path saved = work.resolve("savedmodel");
    long e0 = System.nanoTime();
    SavedModelExport.export(ModelCatalog.create(cfg, split, false), new ItemIdTable(split.data().items()), prefix,
        saved, K, cfg.eval().filterHistory(), cfg.seed());
    double exportSeconds = (System.nanoTime() - e0) / 1e9;
    List<long[]> histories = new ArrayList<>();
    for (EvalCase c : split.test()) {
      long[] h = new long[c.history().length];
      for (int i = 0; i < h.length; i++) h[i] = Long.parseLong(split.data().items().original(c.history()[i]));
      histories.add(h);
    }
    JsonObject row = new JsonObject();
    row.addProperty("model", name);
    row.addProperty("catalog_items", items);
    row.addProperty("savedmodel_bytes", FileTrees.size(saved));
    row.addProperty("export_seconds", exportSeconds);
    long l0 = System.nanoTime();
    try (ServingModel serving = new ServingModel(saved)) {
      row.addProperty("load_seconds", (System.nanoTime() - l0) / 1e9);
      String label = name + " @ " + items;
      double[] one = TigerBench.latency(label, serving, histories, 1, calls, K);
      double[] many = TigerBench.latency(label, serving, histories, batch, Math.max(3, calls / 10), K);
      row.addProperty("one_user_ms_median", one[0]);
      row.addProperty("one_user_ms_p95", one[1]);
      row.addProperty("batch", batch);
      row.addProperty("batch_ms_median", many[0]);
      row.addProperty("batch_ms_p95", many[1]);
    }
    return row;
  }

  /** Median latency against catalog size, log-log: one line per model and request size. */
  static void chart(List<JsonObject> rows, Path png, Path svg) throws IOException {
    XYChart chart = new XYChartBuilder().width(720).height(560)
        .title("Serving latency against catalog size (2 cores)").xAxisTitle("items in the catalog")
        .yAxisTitle("median ms per call").build();
    chart.getStyler().setXAxisLogarithmic(true);
    chart.getStyler().setYAxisLogarithmic(true);
    chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
    for (String model : List.of("tiger", "sasrec")) {
      for (String key : List.of("one_user_ms_median", "batch_ms_median")) {
        List<Double> x = new ArrayList<>();
        List<Double> y = new ArrayList<>();
        int batch = 0;
        for (JsonObject r : rows) {
          if (!r.get("model").getAsString().equals(model)) continue;
          x.add(r.get("catalog_items").getAsDouble());
          y.add(r.get(key).getAsDouble());
          batch = r.get("batch").getAsInt();
        }
        if (x.isEmpty()) continue;
        String label = (model.equals("tiger") ? "TIGER (beam 20)" : "SASRec (full catalog)") + ", "
            + (key.startsWith("one") ? "1 user" : batch + " users");
        chart.addSeries(label, x, y).setMarker(SeriesMarkers.CIRCLE);
      }
    }
    ByteArrayOutputStream bitmap = new ByteArrayOutputStream();
    BitmapEncoder.saveBitmap(chart, bitmap, BitmapEncoder.BitmapFormat.PNG);
    AtomicFile.writeBytes(png, bitmap.toByteArray());
    ByteArrayOutputStream vector = new ByteArrayOutputStream();
    VectorGraphicsEncoder.saveVectorGraphic(chart, vector, VectorGraphicsEncoder.VectorGraphicsFormat.SVG);
    AtomicFile.writeBytes(svg, vector.toByteArray());
  }

  /** The rows of a scale.jsonl, for re-rendering the chart. */
  static List<JsonObject> read(Path jsonl) throws IOException {
    List<JsonObject> rows = new ArrayList<>();
    for (String line : Files.readAllLines(jsonl)) {
      if (!line.isBlank()) rows.add(JsonParser.parseString(line).getAsJsonObject());
    }
    return rows;
  }
}
