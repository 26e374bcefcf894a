package io.genrec.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.genrec.config.ConfigException;
import io.genrec.config.ConfigReader;
import io.genrec.config.RunConfig;
import io.genrec.data.Datasets;
import io.genrec.data.EvalCase;
import io.genrec.data.SplitDataset;
import io.genrec.eval.CatalogEvaluator;
import io.genrec.experiment.RunDirectory;
import io.genrec.experiment.TrainingRun;
import io.genrec.model.SequentialRecommender;
import io.genrec.model.catalog.ModelCatalog;
import io.genrec.serve.ServingModel;
import io.genrec.serve.http.HttpServing;
import io.genrec.train.TinyRuns;
import io.genrec.train.Trainer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.HttpURLConnection;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.DefaultParser;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code genrec export --layout tfserving} then {@code genrec serve --models BASE --port 0} over a
 * tiny trained SASRec on 127.0.0.1: every endpoint with good and bad requests, answers equal to the
 * in-process evaluator's (batched or not), a new version picked up without a restart, and a clean
 * shutdown.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ServeHttpTest {
  @TempDir static Path dir;
  static Path base;
  static Path runDir;
  static HttpServing server;
  static String url;
  /** The in-process evaluator's top 10 (original ids) and the in-process SavedModel's scores, per test user. */
  static List<long[]> histories = new ArrayList<>();
  static List<long[]> expectedIds = new ArrayList<>();
  static List<float[]> expectedScores = new ArrayList<>();
  static final int K = 10;

  @BeforeAll
  static void trainExportAndServe() throws Exception {
    Path data = TinyRuns.writeSequences(dir, 50, 25, 2);
    // The run directory genrec run would leave: its config.json is what genrec export reads.
    String json = """
        {"experiment": "tiny", "seed": 7,
         "data": {"path": "%s", "max_length": 8},
         "model": {"name": "sasrec", "hidden": 16, "num_blocks": 1, "num_heads": 2, "dropout": 0.1},
         "train": {"epochs": 1, "batch_size": 16, "lr": 0.01, "patience": 0, "progress": false},
         "eval": {"ks": [5, 10], "batch_size": 32},
         "export": {"dir": "%s"}}
        """.formatted(slash(data), slash(dir.resolve("exports")));
    RunDirectory run = new RunDirectory(Files.createDirectories(dir.resolve("run")));
    Files.writeString(run.file(RunDirectory.CONFIG), json);
    RunConfig cfg = new ConfigReader(ModelCatalog.INSTANCE).read(run.file(RunDirectory.CONFIG), List.of()).config();
    new TrainingRun().execute(cfg, run);
    runDir = run.path();
    base = dir.resolve("models");
    assertEquals(ExitCode.OK, Main.run(new String[] {"export", runDir.toString(), "--layout", "tfserving",
        "--out", base.toString(), "--name", "sasrec"}));
    assertTrue(Files.isRegularFile(base.resolve("sasrec/1/saved_model.pb")));

    SplitDataset split = Datasets.split(Datasets.load(cfg.data()), cfg.data());
    List<EvalCase> cases = split.test().subList(0, 10);
    SequentialRecommender model = ModelCatalog.create(cfg, split, true);
    try (Trainer trainer = new Trainer(model, cfg.train(), cfg.seed(), model::buildValidationHead)) {
      trainer.restoreBest(run.checkpointDir());
      int[][] top = new CatalogEvaluator(trainer.session(), trainer.head(), model.historyLength(), 32,
          cfg.eval().filterHistory()).rank(cases, K);
      for (int i = 0; i < cases.size(); i++) {
        long[] h = new long[cases.get(i).history().length];
        for (int j = 0; j < h.length; j++) h[j] = Long.parseLong(split.data().items().original(cases.get(i).history()[j]));
        histories.add(h);
        long[] ids = new long[top[i].length];
        for (int j = 0; j < ids.length; j++) ids[j] = Long.parseLong(split.data().items().original(top[i][j]));
        expectedIds.add(ids);
      }
    }
    try (ServingModel alone = new ServingModel(base.resolve("sasrec/1"))) {
      for (long[] h : histories) expectedScores.add(alone.recommend(new long[][] {h}, K).scores()[0]);
    }
    server = ServeCommand.startHttp(parse("--models", base.toString(), "--port", "0", "--intra-op-threads", "1",
        "--set", "poll_seconds=0.2", "--set", "batching.batch_timeout_micros=50000",
        "--set", "limits.max_history=64", "--set", "limits.max_k=50", "--set", "limits.max_body_bytes=20000"));
    url = "http://127.0.0.1:" + server.address().getPort();
  }

  static String slash(Path p) {
    return p.toString().replace("\\", "/");
  }

  @AfterAll
  static void stop() {
    if (server != null) server.close();
  }

  static CommandLine parse(String... args) throws Exception {
    return new DefaultParser().parse(new ServeCommand().options(), args);
  }

  record Reply(int status, String body, String contentType) {
    JsonObject json() {
      return JsonParser.parseString(body).getAsJsonObject();
    }

    String error() {
      return json().get("error").getAsString();
    }
  }

  static Reply call(String method, String path, String body) throws IOException {
    HttpURLConnection c = (HttpURLConnection) URI.create(url + path).toURL().openConnection();
    c.setRequestMethod(method);
    c.setConnectTimeout(10_000);
    c.setReadTimeout(60_000);
    if (body != null) {
      c.setDoOutput(true);
      c.setRequestProperty("Content-Type", "application/json");
      try (OutputStream out = c.getOutputStream()) {
        out.write(body.getBytes(StandardCharsets.UTF_8));
      }
    }
    int status = c.getResponseCode();
    try (InputStream in = status >= 400 ? c.getErrorStream() : c.getInputStream()) {
      return new Reply(status, in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8),
          c.getContentType());
    }
  }

  static String instance(int user, Integer k) {
    StringBuilder sb = new StringBuilder("{\"history\": [");
    long[] h = histories.get(user);
    for (int j = 0; j < h.length; j++) sb.append(j == 0 ? "" : ", ").append(h[j]);
    return sb.append("]").append(k == null ? "" : ", \"k\": " + k).append("}").toString();
  }

  static long[] longs(JsonElement array) {
    JsonArray a = array.getAsJsonArray();
    long[] out = new long[a.size()];
    for (int i = 0; i < out.length; i++) out[i] = a.get(i).getAsLong();
    return out;
  }

  /** User {@code user}'s answer must be the evaluator's first {@code k} ids with the in-process scores. */
  static void assertAnswer(int user, int k, JsonElement ids, JsonElement scores) {
    long[] want = java.util.Arrays.copyOf(expectedIds.get(user), Math.min(k, expectedIds.get(user).length));
    assertArrayEquals(want, longs(ids), "user " + user);
    JsonArray s = scores.getAsJsonArray();
    assertEquals(want.length, s.size());
    for (int j = 0; j < want.length; j++) {
      assertEquals(expectedScores.get(user)[j], s.get(j).getAsFloat(), 1e-5f, "user " + user + " rank " + j);
    }
  }

  @Test
  @Order(1)
  void statusAndMetadataDescribeTheModelAsTfServingDoes() throws Exception {
    Reply status = call("GET", "/v1/models/sasrec", null);
    assertEquals(200, status.status());
    assertEquals("{\"model_version_status\":[{\"version\":\"1\",\"state\":\"AVAILABLE\","
        + "\"status\":{\"error_code\":\"OK\",\"error_message\":\"\"}}]}", status.body());
    assertEquals(200, call("GET", "/v1/models/sasrec/versions/1", null).status());
    assertEquals(404, call("GET", "/v1/models/sasrec/versions/2", null).status());
    Reply unknown = call("GET", "/v1/models/nope", null);
    assertEquals(404, unknown.status());
    assertEquals("Servable not found for request: Latest(nope)", unknown.error());

    Reply meta = call("GET", "/v1/models/sasrec/metadata", null);
    assertEquals(200, meta.status());
    JsonObject m = meta.json();
    assertEquals("sasrec", m.getAsJsonObject("model_spec").get("name").getAsString());
    assertEquals("1", m.getAsJsonObject("model_spec").get("version").getAsString());
    JsonObject sig = m.getAsJsonObject("metadata").getAsJsonObject("signature_def").getAsJsonObject("signature_def")
        .getAsJsonObject("serving_default");
    assertEquals("tensorflow/serving/predict", sig.get("method_name").getAsString());
    JsonObject history = sig.getAsJsonObject("inputs").getAsJsonObject("history");
    assertEquals("DT_INT64", history.get("dtype").getAsString());
    assertEquals("history:0", history.get("name").getAsString());
    assertEquals("[{\"size\":\"-1\",\"name\":\"\"},{\"size\":\"-1\",\"name\":\"\"}]",
        history.getAsJsonObject("tensor_shape").get("dim").toString());
    JsonObject k = sig.getAsJsonObject("inputs").getAsJsonObject("k");
    assertEquals("DT_INT32", k.get("dtype").getAsString());
    assertEquals(0, k.getAsJsonObject("tensor_shape").getAsJsonArray("dim").size());
    assertEquals(Set.of("top_k_ids", "top_k_scores"), sig.getAsJsonObject("outputs").keySet());
    assertEquals("DT_FLOAT", sig.getAsJsonObject("outputs").getAsJsonObject("top_k_scores").get("dtype").getAsString());
    assertEquals(200, call("GET", "/v1/models/sasrec/versions/1/metadata", null).status());
  }

  @Test
  @Order(2)
  void predictionsInBothFormatsEqualTheInProcessEvaluator() throws Exception {
    StringBuilder rows = new StringBuilder("{\"instances\": [");
    StringBuilder columns = new StringBuilder("{\"inputs\": {\"k\": " + K + ", \"history\": [");
    for (int u = 0; u < histories.size(); u++) {
      rows.append(u == 0 ? "" : ", ").append(instance(u, 1 + u % 5));
      columns.append(u == 0 ? "" : ", ").append(JsonParser.parseString(instance(u, null)).getAsJsonObject().get("history"));
    }
    Reply row = call("POST", "/v1/models/sasrec:predict", rows.append("]}").toString());
    assertEquals(200, row.status(), row.body());
    assertEquals("application/json", row.contentType());
    JsonArray predictions = row.json().getAsJsonArray("predictions");
    assertEquals(histories.size(), predictions.size());
    for (int u = 0; u < histories.size(); u++) {
      JsonObject p = predictions.get(u).getAsJsonObject();
      assertAnswer(u, 1 + u % 5, p.get("top_k_ids"), p.get("top_k_scores"));
    }

    Reply col = call("POST", "/v1/models/sasrec/versions/1:predict", columns.append("]}}").toString());
    assertEquals(200, col.status(), col.body());
    JsonObject outputs = col.json().getAsJsonObject("outputs");
    for (int u = 0; u < histories.size(); u++) {
      assertAnswer(u, K, outputs.getAsJsonArray("top_k_ids").get(u), outputs.getAsJsonArray("top_k_scores").get(u));
    }

    // No k: the export's default (export.k = 10).
    Reply dflt = call("POST", "/v1/models/sasrec:predict", "{\"instances\": [" + instance(3, null) + "]}");
    JsonObject p = dflt.json().getAsJsonArray("predictions").get(0).getAsJsonObject();
    assertAnswer(3, 10, p.get("top_k_ids"), p.get("top_k_scores"));
  }

  @Test
  @Order(3)
  void concurrentUsersAreBatchedAndGetWhatTheyWouldAlone() throws Exception {
    double batchesBefore = metric("genrec_batch_size_count{model=\"sasrec\"}");
    int n = histories.size();
    ExecutorService pool = Executors.newFixedThreadPool(n);
    CountDownLatch go = new CountDownLatch(1);
    try {
      List<Future<Reply>> replies = new ArrayList<>();
      for (int u = 0; u < n; u++) {
        String body = "{\"instances\": [" + instance(u, K) + "]}";
        replies.add(pool.submit(() -> {
          go.await();
          return call("POST", "/v1/models/sasrec:predict", body);
        }));
      }
      go.countDown();
      for (int u = 0; u < n; u++) {
        Reply r = replies.get(u).get(60, TimeUnit.SECONDS);
        assertEquals(200, r.status(), r.body());
        JsonObject p = r.json().getAsJsonArray("predictions").get(0).getAsJsonObject();
        assertAnswer(u, K, p.get("top_k_ids"), p.get("top_k_scores"));
      }
    } finally {
      pool.shutdownNow();
    }
    double batches = metric("genrec_batch_size_count{model=\"sasrec\"}") - batchesBefore;
    assertTrue(batches >= 1 && batches < n, n + " concurrent one-user requests ran in " + batches
        + " session calls: none shared one (batching.batch_timeout_micros = 50 ms)");
  }

  @Test
  @Order(4)
  void badRequestsGetOneClearError() throws Exception {
    String predict = "/v1/models/sasrec:predict";
    assertError(call("POST", predict, "{\"instances\": [1, 2"), 400, "not valid JSON");
    assertError(call("POST", predict, "{\"instances\": [{\"history\": [101], \"k\": 51}]}"), 400, "limits.max_k");
    StringBuilder longHistory = new StringBuilder("{\"instances\": [[");
    for (int i = 0; i < 65; i++) longHistory.append(i == 0 ? "" : ",").append(101 + i % 25);
    assertError(call("POST", predict, longHistory.append("]]}").toString()), 400, "limits.max_history");
    assertError(call("POST", predict, "{\"instances\": [[101]], \"pad\": \"" + "x".repeat(30_000) + "\"}"), 400,
        "limits.max_body_bytes");
    assertError(call("POST", predict, "{\"instances\": [{\"history\": [101], \"user_id\": 3}]}"), 400,
        "not an input of signature \"serving_default\"");
    assertError(call("POST", "/v1/models/nope:predict", "{\"instances\": [[101]]}"), 404,
        "Servable not found for request: Latest(nope)");
    assertError(call("POST", "/v1/models/sasrec/versions/7:predict", "{\"instances\": [[101]]}"), 404,
        "Specific(sasrec, 7)");
    assertError(call("POST", "/v1/models/sasrec:classify", "{\"examples\": []}"), 400, "use :predict");
    assertError(call("GET", predict, null), 405, "use POST");
    assertError(call("POST", "/v1/models/sasrec", "{}"), 405, "use GET");
    assertError(call("GET", "/v2/whatever", null), 404, "no such endpoint");
    // Still serving after all that.
    assertEquals(200, call("POST", predict, "{\"instances\": [[101, 102]]}").status());
  }

  static void assertError(Reply r, int status, String phrase) {
    assertEquals(status, r.status(), r.body());
    assertEquals("application/json", r.contentType());
    assertTrue(r.error().contains(phrase), "expected \"" + phrase + "\" in: " + r.error());
  }

  @Test
  @Order(5)
  void metricsAreInPrometheusTextFormat() throws Exception {
    Reply r = call("GET", "/metrics", null);
    assertEquals(200, r.status());
    assertTrue(r.contentType().startsWith("text/plain; version=0.0.4"), r.contentType());
    assertTrue(metric("genrec_http_requests_total{model=\"sasrec\",route=\"predict\",code=\"200\"}") >= 3);
    assertTrue(metric("genrec_http_request_errors_total{model=\"sasrec\",route=\"predict\",code=\"400\"}") >= 4);
    assertEquals(2, metric("genrec_http_request_errors_total{model=\"\",route=\"predict\",code=\"404\"}"),
        "unknown model and unknown version (not labelled with a name the server does not serve)");
    assertTrue(metric("genrec_http_request_duration_seconds_count{model=\"sasrec\",route=\"predict\"}") >= 3);
    assertTrue(metric("genrec_batch_size_bucket{model=\"sasrec\",le=\"+Inf\"}") >= 3);
    assertEquals(1, metric("genrec_model_version{model=\"sasrec\"}"));
    assertTrue(r.body().contains("# TYPE genrec_http_request_duration_seconds histogram"));
  }

  static double metric(String series) throws IOException {
    String text = call("GET", "/metrics", null).body();
    Matcher m = Pattern.compile("(?m)^" + Pattern.quote(series) + " (\\S+)$").matcher(text);
    return m.find() ? Double.parseDouble(m.group(1)) : 0;
  }

  @Test
  @Order(6)
  void aNewVersionIsServedWithoutARestart() throws Exception {
    assertEquals(ExitCode.OK, Main.run(new String[] {"export", runDir.toString(), "--layout", "tfserving",
        "--out", base.toString(), "--name", "sasrec"}), "the next version: 2");
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (!call("GET", "/v1/models/sasrec", null).body().contains("\"version\":\"2\",\"state\":\"AVAILABLE\"")) {
      assertTrue(System.nanoTime() < deadline, "version 2 not served within 120 s");
      Thread.sleep(100);
    }
    Reply r = call("POST", "/v1/models/sasrec/versions/2:predict", "{\"instances\": [" + instance(0, K) + "]}");
    assertEquals(200, r.status(), r.body());
    JsonObject p = r.json().getAsJsonArray("predictions").get(0).getAsJsonObject();
    assertAnswer(0, K, p.get("top_k_ids"), p.get("top_k_scores"));
    assertEquals(404, call("POST", "/v1/models/sasrec/versions/1:predict", "{\"instances\": [[101]]}").status(),
        "version 1 retired");
    assertEquals(2, metric("genrec_model_version{model=\"sasrec\"}"));
    // An explicit version that exists is refused, never overwritten.
    assertEquals(ExitCode.FAILURE, Main.run(new String[] {"export", runDir.toString(), "--layout", "tfserving",
        "--out", base.toString(), "--name", "sasrec", "--version", "2"}));
  }

  @Test
  @Order(7)
  void shutsDownCleanly() throws Exception {
    int port = server.address().getPort();
    server.close();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    List<String> left;
    do {
      left = Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
          .filter(n -> n.startsWith("genrec-http-") || n.startsWith("genrec-batch-") || n.equals("genrec-model-poll")
              || n.startsWith("HTTP-Dispatcher"))
          .toList();
      if (!left.isEmpty()) Thread.sleep(20);
    } while (!left.isEmpty() && System.nanoTime() < deadline);
    assertEquals(List.of(), left, "threads left running");
    assertThrows(ConnectException.class, () -> new Socket("127.0.0.1", port).close());
  }

  @Test
  void usageAndConfigErrorsAreCaughtBeforeAnythingLoads() throws Exception {
    assertEquals(ExitCode.USAGE, Main.run(new String[] {"serve", "--models", dir.toString()}), "--models needs --port");
    assertThrows(UsageException.class, () -> ServeCommand.startHttp(parse("--port", "0")));
    assertThrows(UsageException.class, () -> ServeCommand.startHttp(parse("--port", "0", "--model", dir.toString(),
        "--models", dir.toString())));
    assertThrows(UsageException.class, () -> ServeCommand.startHttp(parse("--port", "0", "--models",
        dir.resolve("missing").toString())));
    ConfigException typo = assertThrows(ConfigException.class, () -> ServeCommand.httpConfig(parse("--port", "0",
        "--set", "batching.max_batch_sise=4")));
    assertTrue(typo.getMessage().contains("batching.max_batch_size"), typo.getMessage());
    ConfigException port = assertThrows(ConfigException.class, () -> ServeCommand.httpConfig(parse("--port", "70000")));
    assertTrue(port.getMessage().contains("port = 70000"), port.getMessage());
    assertEquals(1, ServeCommand.httpConfig(parse("--port", "0", "--set", "batching.max_batch_size=1"))
        .batching().maxBatchSize());
    assertEquals(io.genrec.config.Precision.BF16, ServeCommand.httpConfig(parse("--port", "0", "--precision", "bf16"))
        .precision());
    assertEquals(io.genrec.config.Precision.FLOAT32, ServeCommand.httpConfig(parse("--port", "0")).precision());
    ConfigException precision = assertThrows(ConfigException.class, () -> ServeCommand.httpConfig(parse("--port", "0",
        "--set", "precision=half")));
    assertTrue(precision.getMessage().contains("precision"), precision.getMessage());
    assertEquals(ExitCode.USAGE, Main.run(new String[] {"export", dir.resolve("run").toString(), "--layout", "zip"}));
    assertEquals("sasrec-tiny-abc123", ServeCommand.defaultName(Path.of("/runs/tiny/sasrec-tiny-abc123/savedmodel")));
    assertEquals("mine", ServeCommand.defaultName(Path.of("savedmodels/mine")));
  }
}
