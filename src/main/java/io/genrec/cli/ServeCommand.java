package io.genrec.cli;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.JsonSyntaxException;
import io.genrec.serve.ServingModel;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;

/**
 * {@code genrec serve --model DIR [--history 12,55,301] [--k 10]}: answers top-K from a SavedModel
 * alone. Without --history it reads one JSON object per line on stdin ({"history":[...], "k":10})
 * and writes one per line ({"top_k_ids":[...], "top_k_scores":[...]}).
 */
public final class ServeCommand implements Command {
  @Override
  public String name() {
    return "serve";
  }

  @Override
  public String summary() {
    return "top-K items for a history from an exported SavedModel (one --history, or JSON lines on stdin)";
  }

  @Override
  public Options options() {
    Options o = new Options();
    o.addOption(Option.builder().longOpt("model").hasArg().argName("DIR").required()
        .desc("SavedModel directory (savedmodels/<run-name> or a run's savedmodel/)").build());
    o.addOption(Option.builder().longOpt("history").hasArg().argName("IDS")
        .desc("comma-separated original item ids, oldest first").build());
    o.addOption(Option.builder().longOpt("k").hasArg().argName("K").desc("items to return (default 10)").build());
    o.addOption(Option.builder().longOpt("intra-op-threads").hasArg().argName("N")
        .desc("threads inside one TensorFlow op (default: the machine's cores; 0 = TensorFlow's choice)").build());
    o.addOption(Option.builder().longOpt("inter-op-threads").hasArg().argName("N")
        .desc("TensorFlow ops run side by side (default 1, the fastest for one request here; 0 = TensorFlow's choice)")
        .build());
    return o;
  }

  @Override
  public int run(CommandLine line) throws Exception {
    int k = parseAtLeast(line.getOptionValue("k", "10"), "--k", 1, "a positive integer");
    int intra = parseAtLeast(line.getOptionValue("intra-op-threads", String.valueOf(ServingModel.defaultIntraOpThreads())),
        "--intra-op-threads", 0, "a thread count >= 0");
    int inter = parseAtLeast(line.getOptionValue("inter-op-threads", String.valueOf(ServingModel.DEFAULT_INTER_OP_THREADS)),
        "--inter-op-threads", 0, "a thread count >= 0");
    try (ServingModel model = new ServingModel(Path.of(line.getOptionValue("model")), intra, inter)) {
      if (line.hasOption("history")) {
        long[] history = parseIds(line.getOptionValue("history"));
        ServingModel.TopK top = model.recommend(new long[][] {history}, k);
        System.out.println("rank\titem\tscore");
        for (int i = 0; i < top.ids()[0].length; i++) {
          System.out.printf(Locale.ROOT, "%d\t%d\t%.6f%n", i + 1, top.ids()[0][i], top.scores()[0][i]);
        }
        return ExitCode.OK;
      }
      return serveLines(model, k, new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)),
          System.out);
    }
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
        JsonObject req = JsonParser.parseString(text).getAsJsonObject();
        JsonElement h = req.get("history");
        if (h == null || !h.isJsonArray()) throw new IllegalArgumentException("expected \"history\": [item ids]");
        JsonArray arr = h.getAsJsonArray();
        long[] history = new long[arr.size()];
        for (int i = 0; i < history.length; i++) history[i] = arr.get(i).getAsLong();
        int k = req.has("k") ? req.get("k").getAsInt() : defaultK;
        if (k <= 0) throw new IllegalArgumentException("\"k\" must be positive, got " + k);
        ServingModel.TopK top = model.recommend(new long[][] {history}, k);
        JsonArray ids = new JsonArray();
        JsonArray scores = new JsonArray();
        for (int i = 0; i < top.ids()[0].length; i++) {
          ids.add(top.ids()[0][i]);
          scores.add(top.scores()[0][i]);
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
