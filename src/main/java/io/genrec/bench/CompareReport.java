package io.genrec.bench;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonStreamParser;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The performance table of issue 18 from the outputs of one {@code tools/bench/compare.sh} run: per row
 * the median over rounds of our figure and of the PyTorch reference's, their ratio and the goal.
 * The script writes each round's outputs into one directory under fixed names ({@code tiger-R.json},
 * {@code sasrec-R.json}, {@code steps-R.json}, {@code torch-tiger-R.txt}, {@code torch-sasrec-R.txt});
 * a missing reference file is a skipped reference ("not run"), never a zero.
 *
 * <p>Usage: CompareReport DIR
 */
public final class CompareReport {
  private static final Pattern TORCH_TIGER = Pattern.compile("= ([0-9.]+) examples/s");
  private static final Pattern TORCH_SASREC = Pattern.compile("epoch \\(175 steps\\) ([0-9.]+) s");

  private CompareReport() {}

  public static void main(String[] args) {
    if (args.length != 1) {
      System.err.println("usage: CompareReport DIR");
      System.exit(2);
    }
    System.out.print(render(Path.of(args[0])));
  }

  /** The Markdown table for the outputs in {@code dir}. */
  public static String render(Path dir) {
    List<JsonObject> tiger = jsonRounds(dir, "tiger");
    List<JsonObject> sasrec = jsonRounds(dir, "sasrec");
    List<JsonObject> steps = jsonRounds(dir, "steps");
    double[] torchTiger = textRounds(dir, "torch-tiger", TORCH_TIGER);
    double[] torchSasrec = textRounds(dir, "torch-sasrec", TORCH_SASREC);
    StringBuilder out = new StringBuilder();
    out.append("| work | PyTorch reference | genrec-tf | genrec-tf / PyTorch | goal |\n");
    out.append("|---|---|---|---|---|\n");
    if (!tiger.isEmpty()) {
      double ours = median(field(tiger, "train_examples_per_second_longest_histories", dir));
      row(out, "TIGER training, reference size, examples/s", torchTiger, ours, true, "≥ 150");
      row(out, "TIGER serving, one user, p50 ms", null, median(field(tiger, "serving_one_user_ms_median", dir)),
          false, "≤ 5");
      row(out, "TIGER serving, one user, p95 ms", null, median(field(tiger, "serving_one_user_ms_p95", dir)),
          false, "≤ 7");
      row(out, "TIGER serving, 256 users per call, s", null,
          median(field(tiger, "serving_batch_ms_median", dir)) / 1000, false, "≤ 0.7");
    }
    List<JsonObject> bce = new ArrayList<>();
    List<JsonObject> softmax = new ArrayList<>();
    for (JsonObject o : sasrec) {
      String loss = o.has("loss") ? o.get("loss").getAsString() : "";
      // SasRecBench names the model config as its record prints, loss included.
      (loss.toLowerCase(Locale.ROOT).contains("loss=softmax") ? softmax : bce).add(o);
    }
    if (!bce.isEmpty()) {
      row(out, "SASRec BCE epoch on Beauty, s", torchSasrec, median(field(bce, "seconds_per_epoch", dir)), false,
          "≤ 10");
    }
    if (!softmax.isEmpty()) {
      row(out, "SASRec full-softmax epoch on Beauty, s", null, median(field(softmax, "seconds_per_epoch", dir)),
          false, "≤ 8");
    }
    // Memory beside speed (PyTorch's TIGER step used 2.9 GB here); older outputs did not record it.
    if (!tiger.isEmpty() && tiger.stream().allMatch(o -> o.has("peak_rss_mib"))) {
      out.append(String.format(Locale.ROOT, "| peak RSS, TIGER reference size (train + export + serve), MiB | 2,900 "
          + "(PyTorch step) | %.0f | — | — |\n", median(field(tiger, "peak_rss_mib", dir))));
    }
    if (!bce.isEmpty() && sasrec.stream().allMatch(o -> o.has("peak_rss_mib"))) {
      out.append(String.format(Locale.ROOT, "| peak RSS, SASRec Beauty (train + full-catalog eval), MiB | — | %.0f | — | — |\n",
          median(field(bce, "peak_rss_mib", dir))));
    }
    for (JsonObject o : steps) {
      for (JsonElement e : o.getAsJsonArray("configs")) {
        JsonObject c = e.getAsJsonObject();
        String label = c.get("config").getAsString();
        out.append(String.format(Locale.ROOT, "| step of %s: %.1f examples/s, %.1f ms | — | %.2f× the first config's step | — | %s |\n",
            label, c.get("examples_per_second").getAsDouble(), c.get("ms_per_step").getAsDouble(),
            c.get("step_time_vs_first").getAsDouble(), label.contains("diger") ? "≤ 1.3×" : "—"));
      }
    }
    out.append(String.format(Locale.ROOT, "%nmatmul probe of this run: %s GFLOP/s%n", matmul(tiger, steps)));
    return out.toString();
  }

  private static void row(StringBuilder out, String work, double[] reference, double ours, boolean higherIsBetter,
      String goal) {
    String ref;
    String ratio;
    if (reference == null) {
      ref = "—";
      ratio = "—";
    } else if (reference.length == 0) {
      ref = "not run";
      ratio = "—";
    } else {
      double r = median(reference);
      ref = format(r);
      // Both as "how many times faster than PyTorch": examples/s divide one way, seconds the other.
      ratio = String.format(Locale.ROOT, "%.2f× as fast", higherIsBetter ? ours / r : r / ours);
    }
    out.append("| ").append(work).append(" | ").append(ref).append(" | ").append(format(ours)).append(" | ")
        .append(ratio).append(" | ").append(goal).append(" |\n");
  }

  private static String format(double v) {
    return String.format(Locale.ROOT, v >= 100 ? "%.0f" : v >= 10 ? "%.1f" : "%.2f", v);
  }

  private static String matmul(List<JsonObject> tiger, List<JsonObject> steps) {
    List<String> values = new ArrayList<>();
    for (JsonObject o : tiger) {
      for (String key : new String[] {"matmul_gflops_before", "matmul_gflops_after"}) {
        if (o.has(key)) values.add(format(o.get(key).getAsDouble()));
      }
    }
    for (JsonObject o : steps) {
      if (o.has("matmul_gflops")) values.add(format(o.get("matmul_gflops").getAsDouble()));
    }
    return values.isEmpty() ? "—" : String.join(", ", values);
  }

  private static double[] field(List<JsonObject> objects, String key, Path dir) {
    double[] v = new double[objects.size()];
    for (int i = 0; i < v.length; i++) {
      if (!objects.get(i).has(key)) {
        throw new IllegalArgumentException(dir + ": a benchmark output has no \"" + key + "\"; "
            + "was it written by a different version of the benchmark?");
      }
      v[i] = objects.get(i).get(key).getAsDouble();
    }
    return v;
  }

  static double median(double[] values) {
    if (values.length == 0) throw new IllegalArgumentException("median of no values");
    double[] s = values.clone();
    Arrays.sort(s);
    int n = s.length;
    return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
  }

  /** Every JSON object in the files {@code PREFIX-R.json}, in round order. */
  private static List<JsonObject> jsonRounds(Path dir, String prefix) {
    List<JsonObject> out = new ArrayList<>();
    for (Path file : rounds(dir, prefix, ".json")) {
      try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
        JsonStreamParser parser = new JsonStreamParser(r);
        while (parser.hasNext()) out.add(parser.next().getAsJsonObject());
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + file, e);
      } catch (JsonParseException | IllegalStateException e) {
        throw new IllegalArgumentException(file + ": not a benchmark's JSON output (" + e.getMessage() + ")", e);
      }
    }
    return out;
  }

  private static double[] textRounds(Path dir, String prefix, Pattern pattern) {
    List<Path> files = rounds(dir, prefix, ".txt");
    double[] v = new double[files.size()];
    for (int i = 0; i < v.length; i++) {
      String text;
      try {
        text = Files.readString(files.get(i), StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + files.get(i), e);
      }
      Matcher m = pattern.matcher(text);
      if (!m.find()) {
        throw new IllegalArgumentException(files.get(i) + ": no line matching \"" + pattern.pattern()
            + "\" (the PyTorch reference script's output); it holds: " + text.strip());
      }
      v[i] = Double.parseDouble(m.group(1));
    }
    return v;
  }

  private static List<Path> rounds(Path dir, String prefix, String suffix) {
    Pattern name = Pattern.compile(Pattern.quote(prefix) + "-([0-9]+)" + Pattern.quote(suffix));
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(p -> name.matcher(p.getFileName().toString()).matches())
          .sorted((a, b) -> Integer.compare(round(name, a), round(name, b))).toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + dir, e);
    }
  }

  private static int round(Pattern name, Path p) {
    Matcher m = name.matcher(p.getFileName().toString());
    if (!m.matches()) throw new IllegalStateException(p.toString());
    return Integer.parseInt(m.group(1));
  }
}
