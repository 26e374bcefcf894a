package io.genrec.cli;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.JsonSyntaxException;
import io.genrec.config.ConfigException;
import io.genrec.config.ConfigReader;
import io.genrec.config.Overrides;
import io.genrec.config.Precision;
import io.genrec.experiment.RunDirectory;
import io.genrec.serve.ServingModel;
import io.genrec.serve.http.HttpServing;
import io.genrec.serve.http.HttpServingConfig;
import io.genrec.serve.http.ModelRoot;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;
import java.util.concurrent.CountDownLatch;
import java.util.function.Supplier;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;

/**
 * {@code genrec serve --model DIR [--history 12,55,301] [--k 10]}: answers top-K from a SavedModel
 * alone. Without --history it reads one JSON object per line on stdin ({"history":[...], "k":10})
 * and writes one per line ({"top_k_ids":[...], "top_k_scores":[...]}).
 *
 * <p>{@code genrec serve --model DIR|--models BASE --port N}: TensorFlow Serving's REST API instead
 * ({@link HttpServing}), until the process is stopped (SIGTERM/SIGINT shut it down cleanly).
 */
public final class ServeCommand implements Command {
  private static final int DEFAULT_K = 10;

  @Override
  public String name() {
    return "serve";
  }

  @Override
  public String summary() {
    return "top-K items from exported SavedModels: one --history, JSON lines on stdin, or TF Serving's REST API (--port)";
  }

  @Override
  public Options options() {
    Options o = new Options();
    o.addOption(Option.builder().longOpt("model").hasArg().argName("DIR")
        .desc("SavedModel directory (savedmodels/<run-name> or a run's savedmodel/), or with --port also a"
            + " directory of numbered versions").build());
    o.addOption(Option.builder().longOpt("models").hasArg().argName("BASE")
        .desc("with --port: serve every BASE/NAME/VERSION/ (TF Serving's layout; genrec export --layout tfserving)")
        .build());
    o.addOption(Option.builder().longOpt("model-name").hasArg().argName("NAME")
        .desc("with --port --model: the name in /v1/models/NAME (default: the directory's name)").build());
    o.addOption(Option.builder().longOpt("port").hasArg().argName("N")
        .desc("serve TF Serving's REST API on this port (0 = any free one) instead of answering once").build());
    o.addOption(Option.builder().longOpt("host").hasArg().argName("ADDR")
        .desc("with --port: address to bind (default 127.0.0.1; 0.0.0.0 for every interface)").build());
    o.addOption(Option.builder().longOpt("config").hasArg().argName("FILE")
        .desc("with --port: JSON server config (host, port, http_threads, poll_seconds, batching.{max_batch_size,"
            + " batch_timeout_micros, max_queued_requests, num_batch_threads}, limits.{max_history, max_k,"
            + " max_instances, max_body_bytes})").build());
    o.addOption(Option.builder().longOpt("set").hasArg().argName("KEY=VALUE")
        .desc("with --port: override a server config key, e.g. --set batching.max_batch_size=1 (repeatable)").build());
    o.addOption(Option.builder().longOpt("history").hasArg().argName("IDS")
        .desc("comma-separated original item ids, oldest first").build());
    o.addOption(Option.builder().longOpt("k").hasArg().argName("K")
        .desc("items to return (default 10, or the model's most if fewer)").build());
    o.addOption(Option.builder().longOpt("intra-op-threads").hasArg().argName("N")
        .desc("threads inside one TensorFlow op (default: the machine's cores; 0 = TensorFlow's choice)").build());
    o.addOption(Option.builder().longOpt("inter-op-threads").hasArg().argName("N")
        .desc("TensorFlow ops run side by side (default 1, the fastest for one request here; 0 = TensorFlow's choice)")
        .build());
    o.addOption(Option.builder().longOpt("precision").hasArg().argName("P")
        .desc("float32 (default) or bf16: oneDNN runs the matmuls in bfloat16 (AMX / AVX-512 BF16), sooner on CPUs"
            + " that have it; near-tied items may swap places").build());
    return o;
  }

  @Override
  public int run(CommandLine line) throws Exception {
    if (line.hasOption("port")) return serveHttp(line);
    for (String flag : new String[] {"models", "model-name", "host", "config", "set"}) {
      if (line.hasOption(flag)) throw new UsageException("--" + flag + " is for HTTP serving: add --port N");
    }
    if (!line.hasOption("model")) throw new UsageException("give --model DIR (or --models BASE --port N)");
    int askedK = line.hasOption("k") ? parseAtLeast(line.getOptionValue("k"), "--k", 1, "a positive integer") : 0;
    int intra = parseAtLeast(line.getOptionValue("intra-op-threads", String.valueOf(ServingModel.defaultIntraOpThreads())),
        "--intra-op-threads", 0, "a thread count >= 0");
    int inter = parseAtLeast(line.getOptionValue("inter-op-threads", String.valueOf(ServingModel.DEFAULT_INTER_OP_THREADS)),
        "--inter-op-threads", 0, "a thread count >= 0");
    Precision precision = line.hasOption("precision") ? parsePrecision(line.getOptionValue("precision"))
        : Precision.FLOAT32;
    try (ServingModel model = new ServingModel(Path.of(line.getOptionValue("model")), intra, inter, precision)) {
      if (askedK > model.maxK()) {
        throw new UsageException("--k " + askedK + ": this model returns at most " + model.maxK() + " items per call"
            + " (TIGER: its beam)");
      }
      int k = askedK > 0 ? askedK : Math.min(DEFAULT_K, model.maxK());
      if (line.hasOption("history")) {
        ServingModel.TopIds top;
        if (model.stringIds()) {
          String[] history = Arrays.stream(line.getOptionValue("history").split(",")).map(String::strip).toArray(String[]::new);
          top = model.recommend(new String[][] {history}, k);
        } else {
          top = model.recommend(new String[][] {Arrays.stream(parseIds(line.getOptionValue("history")))
              .mapToObj(Long::toString).toArray(String[]::new)}, k);
        }
        int n = rankable(top);
        if (n < k) throw new UsageException(tooFew("--k", k, n));
        System.out.println("rank\titem\tscore");
        for (int i = 0; i < n; i++) {
          System.out.printf(Locale.ROOT, "%d\t%s\t%.6f%n", i + 1, top.ids()[0][i], top.scores()[0][i]);
        }
        return ExitCode.OK;
      }
      return serveLines(model, k, new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)),
          System.out);
    }
  }

  /** Serves over HTTP until the JVM is asked to stop. */
  private static int serveHttp(CommandLine line) throws Exception {
    CountDownLatch stopped = new CountDownLatch(1);
    HttpServing server = startHttp(line);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      server.close();
      stopped.countDown();
    }, "genrec-serve-shutdown"));
    StringJoiner models = new StringJoiner(", ");
    for (Map.Entry<String, Long> m : server.served().entrySet()) models.add(m.getKey() + " (version " + m.getValue() + ")");
    String url = "http://" + server.address().getHostString() + ":" + server.address().getPort();
    System.out.println("genrec serve: listening on " + url + " for " + models + "; e.g. GET " + url + "/v1/models/"
        + server.served().keySet().iterator().next() + "/metadata");
    System.out.flush();
    stopped.await();
    return ExitCode.OK;
  }

  /** Starts the HTTP server a command line asks for (tests call this, then close it). */
  static HttpServing startHttp(CommandLine line) throws Exception {
    if (line.hasOption("history")) throw new UsageException("--history answers once: leave out --port");
    if (line.hasOption("k")) throw new UsageException("--k is for one answer; over HTTP each request gives its own k");
    if (line.hasOption("model") == line.hasOption("models")) {
      throw new UsageException("give one of --model DIR and --models BASE");
    }
    ModelRoot root;
    if (line.hasOption("models")) {
      if (line.hasOption("model-name")) throw new UsageException("--model-name goes with --model; --models names"
          + " each model by its directory");
      root = modelRoot(() -> ModelRoot.base(Path.of(line.getOptionValue("models"))));
    } else {
      Path dir = Path.of(line.getOptionValue("model")).toAbsolutePath().normalize();
      String name = line.getOptionValue("model-name", defaultName(dir));
      root = modelRoot(() -> ModelRoot.single(name, dir));
    }
    return HttpServing.start(httpConfig(line), root);
  }

  private static Precision parsePrecision(String value) {
    try {
      return Precision.parse("--precision", value);
    } catch (ConfigException e) {
      throw new UsageException(e.getMessage());
    }
  }

  /** The directory's name; for a run's savedmodel/, the run's. */
  static String defaultName(Path dir) {
    Path name = dir.getFileName();
    if (name != null && name.toString().equals(RunDirectory.SAVEDMODEL) && dir.getParent() != null) {
      name = dir.getParent().getFileName();
    }
    return name == null ? "default" : name.toString();
  }

  private static ModelRoot modelRoot(Supplier<ModelRoot> make) {
    try {
      return make.get();
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage());
    }
  }

  /** Defaults, then --config FILE, then --set, then the flags. */
  static HttpServingConfig httpConfig(CommandLine line) {
    JsonObject json = line.hasOption("config") ? ConfigReader.parseFile(Path.of(line.getOptionValue("config")))
        : new JsonObject();
    Overrides.applyAll(json, ConfigCommand.overrides(line));
    String[][] flags = {{"port", "port"}, {"host", "host"}, {"intra-op-threads", "intra_op_threads"},
        {"inter-op-threads", "inter_op_threads"}, {"precision", "precision"}};
    for (String[] f : flags) {
      if (line.hasOption(f[0])) json.add(f[1], Overrides.parse(f[1] + "=" + line.getOptionValue(f[0])).value());
    }
    return HttpServingConfig.read(json);
  }

  /** Answers each request line; a bad line gets an error object naming its line, and the rest go on. */
  static int serveLines(ServingModel model, int defaultK, BufferedReader in, PrintStream out) throws Exception {
    int lineNo = 0;
    int failures = 0;
    for (String text = in.readLine(); text != null; text = in.readLine()) {
      lineNo++;
      if (text.isBlank()) continue;
      JsonObject reply = new JsonObject();
      try {
        JsonElement parsed;
        try {
          parsed = JsonParser.parseString(text);
        } catch (JsonSyntaxException e) {
          throw new IllegalArgumentException("not JSON (" + io.genrec.config.ConfigReader.plain(e.getMessage())
              .replaceFirst("^[\\w.]+Exception: ", "")
              + "); expected one object per line, e.g. {\"history\": [1, 2], \"k\": 10}", e);
        }
        if (!parsed.isJsonObject()) {
          throw new IllegalArgumentException("found " + (text.length() > 40 ? text.substring(0, 40) + "..." : text)
              + ", expected a JSON object, e.g. {\"history\": [1, 2], \"k\": 10}");
        }
        JsonObject req = parsed.getAsJsonObject();
        JsonElement h = req.get("history");
        if (h == null || !h.isJsonArray()) throw new IllegalArgumentException("expected \"history\": [item ids]");
        JsonArray arr = h.getAsJsonArray();
        int k = defaultK;
        if (req.has("k")) {
          JsonElement kv = req.get("k");
          if (!kv.isJsonPrimitive() || !kv.getAsJsonPrimitive().isNumber()
              || kv.getAsDouble() != Math.rint(kv.getAsDouble()) || Math.abs(kv.getAsDouble()) > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("\"k\": found " + kv + ", expected a positive integer");
          }
          k = kv.getAsInt();
        }
        if (k <= 0) throw new IllegalArgumentException("\"k\" must be positive, got " + k);
        JsonArray ids = new JsonArray();
        JsonArray scores = new JsonArray();
        if (model.stringIds()) {
          // Ids as the dataset spells them; a JSON number is taken as its text.
          String[] history = new String[arr.size()];
          for (int i = 0; i < history.length; i++) history[i] = arr.get(i).getAsString();
          ServingModel.TopIds top = model.recommend(new String[][] {history}, k);
          int n = rankable(top);
          if (n < k) throw new IllegalArgumentException(tooFew("\"k\"", k, n));
          for (int i = 0; i < n; i++) {
            ids.add(top.ids()[0][i]);
            scores.add(top.scores()[0][i]);
          }
        } else {
          long[] history = new long[arr.size()];
          for (int i = 0; i < history.length; i++) {
            JsonElement id = arr.get(i);
            try {
              history[i] = id.getAsJsonPrimitive().getAsBigDecimal().longValueExact();
            } catch (ArithmeticException | IllegalStateException | NumberFormatException | UnsupportedOperationException e) {
              throw new IllegalArgumentException("history[" + i + "]: found " + id + ", expected an integer item id", e);
            }
          }
          ServingModel.TopK top = model.recommend(new long[][] {history}, k);
          int n = rankable(top);
          if (n < k) throw new IllegalArgumentException(tooFew("\"k\"", k, n));
          for (int i = 0; i < n; i++) {
            ids.add(top.ids()[0][i]);
            scores.add(top.scores()[0][i]);
          }
        }
        if (req.has("id")) reply.add("id", req.get("id"));
        reply.add("top_k_ids", ids);
        reply.add("top_k_scores", scores);
      } catch (JsonSyntaxException | IllegalStateException | IllegalArgumentException
          | UnsupportedOperationException e) {
        failures++;
        reply = new JsonObject();
        reply.addProperty("error", "stdin line " + lineNo + ": " + e.getMessage());
      }
      out.println(reply);
      out.flush();
    }
    return failures == 0 ? ExitCode.OK : ExitCode.FAILURE;
  }

  /**
   * How many of row 0's results are real items: a model asked for more than it can rank fills the
   * rest with the padding id (or a filtered history item) scored -Infinity, which is no item, and
   * a bare -Infinity is not JSON either.
   */
  static int rankable(ServingModel.TopK top) {
    float[] scores = top.scores()[0];
    int n = 0;
    while (n < scores.length && Float.isFinite(scores[n]) && top.ids()[0][n] != 0) n++;
    return n;
  }

  /** As {@link #rankable(ServingModel.TopK)} for ids as text (padding is "" or "0"). */
  static int rankable(ServingModel.TopIds top) {
    float[] scores = top.scores()[0];
    String[] ids = top.ids()[0];
    int n = 0;
    while (n < scores.length && Float.isFinite(scores[n]) && !ids[n].isEmpty() && !ids[n].equals("0")) n++;
    return n;
  }

  private static String tooFew(String what, int k, int n) {
    return what + " " + k + ": only " + n + " items can be ranked for this history (the catalog, less the history's"
        + " items when the model filters them); ask for at most " + n;
  }

  static long[] parseIds(String csv) {
    String[] parts = csv.split(",");
    long[] ids = new long[parts.length];
    for (int i = 0; i < parts.length; i++) {
      try {
        ids[i] = Long.parseLong(parts[i].trim());
      } catch (NumberFormatException e) {
        throw new UsageException("--history: '" + parts[i].trim() + "' is not an integer item id");
      }
    }
    return ids;
  }

  private static int parseAtLeast(String s, String flag, int min, String expected) {
    try {
      int n = Integer.parseInt(s);
      if (n >= min) return n;
    } catch (NumberFormatException e) {
      throw new UsageException(flag + " " + s + ": expected " + expected);
    }
    throw new UsageException(flag + " " + s + ": expected " + expected);
  }
}
