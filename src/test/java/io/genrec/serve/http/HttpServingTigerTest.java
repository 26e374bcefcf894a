package io.genrec.serve.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.genrec.config.ConfigReader;
import io.genrec.config.RunConfig;
import io.genrec.data.Datasets;
import io.genrec.data.EvalCase;
import io.genrec.data.SplitDataset;
import io.genrec.eval.CatalogEvaluator;
import io.genrec.eval.RankingHead;
import io.genrec.model.catalog.ModelCatalog;
import io.genrec.model.tiger.Tiger;
import io.genrec.serve.ItemIdTable;
import io.genrec.serve.SavedModelExport;
import io.genrec.serve.ServingModel;
import io.genrec.train.TinyRuns;
import io.genrec.train.Trainer;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Tensor;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;

/**
 * A tiny TIGER (initial weights: beam search costs and ranks the same whatever they are) served from
 * a bare SavedModel directory: both signatures in the metadata, top_k_codes in every prediction, the
 * in-process evaluator's items for unknown users, and a batch mixing users with and without
 * user_id answering each as serving_extended alone would.
 */
class HttpServingTigerTest {
  @TempDir Path dir;

  record Reply(int status, String body) {
    JsonObject json() {
      return JsonParser.parseString(body).getAsJsonObject();
    }
  }

  static Reply post(String url, String body) throws Exception {
    HttpURLConnection c = (HttpURLConnection) URI.create(url).toURL().openConnection();
    c.setRequestMethod(body == null ? "GET" : "POST");
    c.setReadTimeout(60_000);
    if (body != null) {
      c.setDoOutput(true);
      try (OutputStream out = c.getOutputStream()) {
        out.write(body.getBytes(StandardCharsets.UTF_8));
      }
    }
    int status = c.getResponseCode();
    try (InputStream in = status >= 400 ? c.getErrorStream() : c.getInputStream()) {
      return new Reply(status, new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }
  }

  private RunConfig config(Path data, Path ids) {
    JsonObject o = JsonParser.parseString("""
        {"experiment": "tiny", "seed": 7,
         "data": {"path": "%s", "max_length": 6},
         "model": {"name": "tiger", "semantic_ids": {"source": "file", "path": "%s"}, "user_buckets": 5,
                   "d_model": 16, "num_heads": 2, "head_dim": 8, "ff_dim": 32, "encoder_layers": 1,
                   "decoder_layers": 1, "dropout": 0.1, "beam": 8},
         "train": {"epochs": 1, "batch_size": 16, "lr": 0.01, "patience": 0, "progress": false},
         "eval": {"ks": [5], "batch_size": 32, "beyond_accuracy": false},
         "export": {"k": 5}}
        """.formatted(data.toString().replace("\\", "/"), ids.toString().replace("\\", "/"))).getAsJsonObject();
    return new ConfigReader(ModelCatalog.INSTANCE).resolve(o).config();
  }

  @Test
  void servesTigersSignaturesAsTheInProcessSearchRanks() throws Exception {
    Path data = TinyRuns.writeSequences(dir, 40, 40, 3);
    StringBuilder sids = new StringBuilder("item_id\tcodes\n");
    for (int i = 0; i < 40; i++) sids.append(101 + i).append('\t').append(i % 3).append(' ').append((i / 3) % 4).append('\n');
    Path ids = Files.writeString(dir.resolve("semantic_ids.tsv"), sids.toString());
    RunConfig cfg = config(data, ids);
    SplitDataset split = Datasets.split(Datasets.load(cfg.data()), cfg.data());
    List<EvalCase> cases = split.test().subList(0, 8);
    Tiger model = (Tiger) ModelCatalog.create(cfg, split, true);
    int k = 5;
    int[][] expected;
    Path ckpt = Files.createDirectories(dir.resolve("ckpt")).resolve("initial");
    try (Trainer trainer = new Trainer(model, cfg.train(), cfg.seed(), model::buildValidationHead)) {
      // Unknown users: the head without its user input (the evaluator feeds each user's bucket otherwise).
      RankingHead h = trainer.head();
      RankingHead unknownUsers = new RankingHead(h.history(), h.exclude(), h.k(), h.ids(), h.scores());
      expected = new CatalogEvaluator(trainer.session(), unknownUsers, model.historyLength(), 32, false).rank(cases, k);
      trainer.session().save(ckpt.toString());
    }
    Path saved = dir.resolve("tiger-savedmodel");
    SavedModelExport.export(ModelCatalog.create(cfg, split, false), new ItemIdTable(split.data().items()),
        ckpt.toString(), saved, k, false, cfg.seed());
    List<long[]> histories = new ArrayList<>();
    for (EvalCase c : cases) {
      long[] h = new long[c.history().length];
      for (int j = 0; j < h.length; j++) h[j] = Long.parseLong(split.data().items().original(c.history()[j]));
      histories.add(h);
    }

    HttpServingConfig http = HttpServingConfig.read(JsonParser.parseString(
        "{\"port\": 0, \"intra_op_threads\": 1, \"poll_seconds\": 0, \"batching\": {\"batch_timeout_micros\": 50000}}")
        .getAsJsonObject());
    try (HttpServing server = HttpServing.start(http, ModelRoot.single("tiger", saved))) {
      String url = "http://127.0.0.1:" + server.address().getPort() + "/v1/models/tiger";
      assertEquals(Map.of("tiger", 1L), server.served(), "a bare SavedModel is version 1");
      JsonObject defs = post(url + "/metadata", null).json().getAsJsonObject("metadata")
          .getAsJsonObject("signature_def").getAsJsonObject("signature_def");
      assertEquals(List.of("serving_default", "serving_extended"), List.copyOf(defs.keySet()));
      JsonObject user = defs.getAsJsonObject("serving_extended").getAsJsonObject("inputs").getAsJsonObject("user_id");
      assertEquals("DT_INT64", user.get("dtype").getAsString());
      JsonObject codes = defs.getAsJsonObject("serving_default").getAsJsonObject("outputs").getAsJsonObject("top_k_codes");
      assertEquals(3, codes.getAsJsonObject("tensor_shape").getAsJsonArray("dim").size());

      // Unknown users: what the in-process evaluator's beam search returns, with each item's semantic ID.
      StringBuilder body = new StringBuilder("{\"instances\": [");
      for (int u = 0; u < histories.size(); u++) body.append(u == 0 ? "" : ",").append(instance(histories.get(u), null));
      Reply r = post(url + ":predict", body.append("]}").toString());
      assertEquals(200, r.status(), r.body());
      JsonArray predictions = r.json().getAsJsonArray("predictions");
      for (int u = 0; u < histories.size(); u++) {
        JsonObject p = predictions.get(u).getAsJsonObject();
        JsonArray got = p.getAsJsonArray("top_k_ids");
        assertEquals(expected[u].length, got.size());
        for (int j = 0; j < got.size(); j++) {
          assertEquals(split.data().items().original(expected[u][j]), got.get(j).getAsString(), "user " + u + " rank " + j);
          int[] c = model.semanticIds().codes(expected[u][j]);
          JsonArray gotCodes = p.getAsJsonArray("top_k_codes").get(j).getAsJsonArray();
          assertEquals(c.length, gotCodes.size());
          for (int l = 0; l < c.length; l++) assertEquals(c[l], gotCodes.get(l).getAsInt());
        }
      }

      Reply wrongSignature = post(url + ":predict", "{\"instances\": [{\"history\": [101], \"user_id\": 3}]}");
      assertEquals(400, wrongSignature.status());
      assertTrue(wrongSignature.body().contains("serving_extended"), wrongSignature.body());

      // k above the beam (8): the export's max_k turns it away instead of returning fewer items.
      Reply aboveBeam = post(url + ":predict", "{\"instances\": [{\"history\": [101], \"k\": 9}]}");
      assertEquals(400, aboveBeam.status());
      assertTrue(aboveBeam.body().contains("at most 8"), aboveBeam.body());

      // A batch mixing users with and without user_id: each as serving_extended answers it alone.
      Map<Integer, float[]> alone = new HashMap<>();
      Map<Integer, long[]> aloneIds = new HashMap<>();
      try (SavedModelBundle b = ServingModel.load(saved, 1, 1)) {
        for (int u = 0; u < histories.size(); u++) {
          Map<String, Tensor> in = new HashMap<>();
          in.put("history", ServingModel.historyTensor(new long[][] {histories.get(u)}));
          in.put("k", TInt32.scalarOf(k));
          in.put("user_id", TInt64.vectorOf(userOf(u)));
          try (Result res = b.function("serving_extended").call(in)) {
            TInt64 top = (TInt64) res.get("top_k_ids").orElseThrow();
            TFloat32 scores = (TFloat32) res.get("top_k_scores").orElseThrow();
            int width = (int) top.shape().get(1);
            long[] ids2 = new long[width];
            float[] s = new float[width];
            for (int j = 0; j < width; j++) {
              ids2[j] = top.getLong(0, j);
              s[j] = scores.getFloat(0, j);
            }
            aloneIds.put(u, ids2);
            alone.put(u, s);
          } finally {
            in.values().forEach(Tensor::close);
          }
        }
      }
      ExecutorService pool = Executors.newFixedThreadPool(histories.size());
      CountDownLatch go = new CountDownLatch(1);
      try {
        List<Future<Reply>> replies = new ArrayList<>();
        for (int u = 0; u < histories.size(); u++) {
          String one = "{\"signature_name\": \"serving_extended\", \"instances\": [" + instance(histories.get(u),
              userOf(u) >= 0 ? userOf(u) : null) + "]}";
          replies.add(pool.submit(() -> {
            go.await();
            return post(url + ":predict", one);
          }));
        }
        go.countDown();
        for (int u = 0; u < histories.size(); u++) {
          Reply one = replies.get(u).get(60, TimeUnit.SECONDS);
          assertEquals(200, one.status(), one.body());
          JsonObject p = one.json().getAsJsonArray("predictions").get(0).getAsJsonObject();
          for (int j = 0; j < aloneIds.get(u).length; j++) {
            assertEquals(aloneIds.get(u)[j], p.getAsJsonArray("top_k_ids").get(j).getAsLong(), "user " + u);
            assertEquals(alone.get(u)[j], p.getAsJsonArray("top_k_scores").get(j).getAsFloat(), 1e-5f);
          }
        }
      } finally {
        pool.shutdownNow();
      }
      assertTrue(server.metrics().batchSize.count("tiger") < 1 + histories.size(),
          "the concurrent requests shared session calls");
    }
  }

  /** Every other user is known (a bucket of its own), the rest unknown (-1). */
  private static long userOf(int u) {
    return u % 2 == 0 ? 10 + u : -1;
  }

  private static String instance(long[] history, Long user) {
    StringBuilder sb = new StringBuilder("{\"history\": [");
    for (int j = 0; j < history.length; j++) sb.append(j == 0 ? "" : ",").append(history[j]);
    sb.append("]");
    if (user != null) sb.append(", \"user_id\": ").append(user);
    return sb.append("}").toString();
  }
}
