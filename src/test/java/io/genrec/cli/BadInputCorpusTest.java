package io.genrec.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad inputs a new user makes, each run through {@link Main#run} in a directory of its own: the
 * command must fail (non-zero exit), say in one message where (file, line or key) and what, print
 * no Java stack trace, and leave every file that was there before byte for byte as it was. None of
 * the cases trains a model, so the corpus runs in seconds.
 */
class BadInputCorpusTest {
  @TempDir Path root;

  /**
   * @param kind the class of fault (config, data, table, plot, export, tokenize, serve, usage)
   * @param files relative path → content written before the command ({@code {d}} is the case's directory)
   * @param args the command line ({@code {d}} as above)
   * @param expected text the message must contain (after {@code {d}} substitution)
   */
  record Case(String kind, String name, Map<String, byte[]> files, List<String> args, List<String> expected) {}

  private static final String SEQS = "u1 1 2 3 4\nu2 2 3 4 5\nu3 3 4 5 6\nu4 1 3 5 7\n";

  private static String config(String data, String extra) {
    return "{\"experiment\": \"c\", \"seed\": 1, \"data\": {\"path\": \"{d}/" + data + "\", \"max_length\": 8},"
        + " \"model\": {\"name\": \"sasrec\", \"hidden\": 8, \"num_blocks\": 1, \"num_heads\": 1},"
        + " \"train\": {\"epochs\": 1, \"progress\": false}, \"export\": {\"dir\": \"{d}/exports\"}" + extra + "}";
  }

  private static final class Corpus {
    final List<Case> cases = new ArrayList<>();
    private String kind;
    private String name;
    private final Map<String, byte[]> files = new LinkedHashMap<>();

    Corpus kind(String k) {
      kind = k;
      return this;
    }

    Corpus name(String n) {
      name = n;
      files.clear();
      return this;
    }

    Corpus file(String path, String text) {
      files.put(path, text.getBytes(StandardCharsets.UTF_8));
      return this;
    }

    Corpus bytes(String path, byte[] content) {
      files.put(path, content);
      return this;
    }

    /** A finished run with the given metrics.json text. */
    Corpus finishedRun(String dir, String model, String metrics) {
      file(dir + "/config.json", "{\"experiment\": \"c\", \"seed\": 1, \"data\": {\"path\": \"x/toy.txt\"},"
          + " \"model\": {\"name\": \"" + model + "\"}, \"train\": {\"lr\": 0.001}}");
      file(dir + "/metrics.json", metrics);
      return file(dir + "/DONE", "now\n");
    }

    Corpus fails(String args, String... expected) {
      cases.add(new Case(kind, name, new LinkedHashMap<>(files), List.of(args.split(" ")), List.of(expected)));
      return this;
    }
  }

  static List<Case> corpus() {
    Corpus c = new Corpus();
    String good = config("seqs.txt", "");

    c.kind("config");
    c.name("a key given twice").file("seqs.txt", SEQS)
        .file("a.json", "{\"experiment\": \"c\",\n \"seed\": 1,\n \"seed\": 2}")
        .fails("run {d}/a.json --runs-dir {d}/runs", "{d}/a.json:3", "\"seed\" appears twice");
    c.name("max_length beyond memory").file("seqs.txt", SEQS)
        .file("a.json", good.replace("\"max_length\": 8", "\"max_length\": 2000000000"))
        .fails("run {d}/a.json --runs-dir {d}/runs", "data.max_length = 2000000000", "at most 65536");
    c.name("malformed JSON").file("a.json", "{\"experiment\": \"c\",\n \"data\": {\"path\": }\n}")
        .fails("run {d}/a.json --runs-dir {d}/runs", "{d}/a.json", "malformed JSON", "line 2");
    c.name("Latin-1 config").bytes("a.json", "{\"experiment\": \"caf\u00e9\"}".getBytes(StandardCharsets.ISO_8859_1))
        .fails("run {d}/a.json --runs-dir {d}/runs", "{d}/a.json: not UTF-8 text");
    c.name("text after the object").file("a.json", good + " }")
        .fails("run {d}/a.json --runs-dir {d}/runs", "{d}/a.json");
    c.name("missing config file").fails("run {d}/none.json --runs-dir {d}/runs", "{d}/none.json", "no such config file");
    c.name("mistyped key").file("a.json", good.replace("\"train\": {", "\"trian\": {"))
        .fails("run {d}/a.json --runs-dir {d}/runs", "trian", "train");
    c.name("wrong type").file("a.json", good.replace("\"epochs\": 1", "\"epochs\": \"ten\""))
        .fails("run {d}/a.json --runs-dir {d}/runs", "train.epochs");
    c.name("negative max_length").file("a.json", good.replace("\"max_length\": 8", "\"max_length\": -3"))
        .fails("run {d}/a.json --runs-dir {d}/runs", "data.max_length");
    c.name("unknown dataset name").file("a.json", good.replace("\"path\": \"{d}/seqs.txt\"", "\"dataset\": \"beuaty\""))
        .fails("run {d}/a.json --runs-dir {d}/runs", "data.dataset = \"beuaty\": not a catalogued dataset", "beauty");
    c.name("absolute path inside a named dataset")
        .file("a.json", good.replace("\"path\": \"{d}/seqs.txt\"", "\"dataset\": \"beauty\", \"path\": \"{d}/seqs.txt\""))
        .fails("run {d}/a.json --runs-dir {d}/runs", "data.path = \"{d}/seqs.txt\"", "leave data.dataset unset");
    c.name("named dataset found nowhere")
        .file("a.json", good.replace("\"path\": \"{d}/seqs.txt\"", "\"dataset\": \"amazon2023-raw-books\""))
        .fails("run {d}/a.json --runs-dir {d}/runs", "data.dataset = \"amazon2023-raw-books\": not found",
            "tools/genrec data get amazon2023-raw-books");
    c.name("unknown model").file("a.json", good.replace("\"sasrec\"", "\"sasrek\""))
        .fails("run {d}/a.json --runs-dir {d}/runs", "sasrek", "sasrec");
    c.name("a list where an object goes").file("a.json", "[1, 2]")
        .fails("run {d}/a.json --runs-dir {d}/runs", "{d}/a.json", "JSON object");

    for (String[] bad : new String[][] {
        {"\"batch_size\": 0", "train.batch_size"}, {"\"lr\": -1", "train.lr"}, {"\"dropout\": 2", "model.dropout"},
        {"\"num_heads\": 3", "model.num_heads"}, {"\"hidden\": 0", "model.hidden"}, {"\"epochs\": 0", "train.epochs"},
        {"\"patience\": -1", "train.patience"}, {"\"seed\": \"x\"", "seed"}, {"\"split\": \"random\"", "data.split"},
        {"\"format\": \"parquet\"", "data.format"}, {"\"k\": 0", "export.k"}, {"\"ks\": []", "eval.ks"}}) {
      String key = bad[0].substring(1, bad[0].indexOf('"', 1));
      String section = bad[1].contains(".") ? bad[1].substring(0, bad[1].indexOf('.')) : "";
      String cfg = good.contains("\"" + key + "\":") ? good.replaceFirst("\"" + key + "\": [^,}]*", bad[0])
          : section.isEmpty() ? good.replace("\"seed\": 1", bad[0])
          : section.equals("eval") ? good.replace("\"export\"", "\"eval\": {" + bad[0] + "}, \"export\"")
          : good.replace("\"" + section + "\": {", "\"" + section + "\": {" + bad[0] + ", ");
      c.name("bad value " + key).file("a.json", cfg).fails("run {d}/a.json --runs-dir {d}/runs", bad[1]);
    }
    c.name("bad --set key").file("a.json", good).fails("run {d}/a.json --runs-dir {d}/runs --set train.lrr=0.1", "train.lrr");
    c.name("bad --set value").file("a.json", good)
        .fails("run {d}/a.json --runs-dir {d}/runs --set train.epochs=many", "train.epochs");

    c.kind("data");
    c.name("gzip bytes as a sequence file").bytes("seqs.txt", new byte[] {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, 3})
        .fails("data stats {d}/seqs.txt", "{d}/seqs.txt", "not UTF-8");
    c.name("Latin-1 item ids").bytes("seqs.txt", "u1 caf\u00e9 b c\n".getBytes(StandardCharsets.ISO_8859_1))
        .fails("data stats {d}/seqs.txt", "{d}/seqs.txt", "iconv");
    c.name("CSV without the item column").file("d.csv", "user_id,thing,timestamp\nu,i,1\n")
        .fails("data stats {d}/d.csv", "{d}/d.csv");
    c.name("empty RecBole file").file("d.inter", "").fails("data stats {d}/d.inter", "{d}/d.inter:1", "empty file");
    c.name("RecBole field twice").file("d.inter", "user_id:token\titem_id:token\titem_id:token\nu\ti\ti\n")
        .fails("data stats {d}/d.inter", "{d}/d.inter:1", "twice");
    c.name("unknown RecBole field type").file("d.inter", "user_id:token\titem_id:tokn\nu\ti\n")
        .fails("data stats {d}/d.inter", "{d}/d.inter:1", "tokn", "token, token_seq, float, float_seq");
    c.name("RecBole header without item_id").file("d.inter", "user_id:token\tthing:token\nu\ti\n")
        .fails("data stats {d}/d.inter", "{d}/d.inter:1", "item_id");
    c.name("RecBole row of the wrong width").file("d.inter", "user_id:token\titem_id:token\nu\ti\nu\n")
        .fails("data stats {d}/d.inter", "{d}/d.inter:3");
    c.name("missing data file").fails("data stats {d}/nothing.txt", "{d}/nothing.txt");
    c.name("no user has enough items for the split").file("seqs.txt", "u1 1 2\nu2 3 4\nu3 5\n")
        .file("a.json", good)
        .fails("run {d}/a.json --runs-dir {d}/runs", "{d}/seqs.txt", "at least 3 items", "longest history 2");
    c.name("run over a missing data file").file("a.json", good)
        .fails("run {d}/a.json --runs-dir {d}/runs", "{d}/seqs.txt", "no such file");

    c.kind("table");
    c.name("group key no run has").finishedRun("runs/r1", "sasrec", "{\"test\": {\"recall@10\": 0.1, \"ndcg@10\": 0.05}}")
        .fails("table {d}/runs --metrics R@10 --group dataset,trian.lr", "--group trian.lr", "train.lr");
    c.name("unknown baseline").finishedRun("runs/r1", "sasrec", "{\"test\": {\"recall@10\": 0.1, \"ndcg@10\": 0.05}}")
        .fails("table {d}/runs --metrics R@10 --baseline sasrek", "--baseline sasrek", "sasrec");
    c.name("truncated metrics.json of a DONE run").finishedRun("runs/r1", "sasrec", "{\"test\": {\"recall@1")
        .fails("table {d}/runs --metrics R@10", "{d}/runs/r1/metrics.json", "does not parse");
    c.name("a metric no run reports").finishedRun("runs/r1", "sasrec", "{\"test\": {\"recall@10\": 0.1}}")
        .fails("table {d}/runs --metrics MRR@20", "{d}/runs/r1/metrics.json", "mrr@20");
    c.name("no finished runs").file("runs/r1/config.json", "{}")
        .fails("table {d}/runs", "no finished runs");
    c.name("unknown format").finishedRun("runs/r1", "sasrec", "{\"test\": {\"recall@10\": 0.1}}")
        .fails("table {d}/runs --metrics R@10 --format xlsx", "--format xlsx", "md, latex or csv");
    c.name("not a directory").fails("table {d}/nowhere", "{d}/nowhere");

    c.kind("plot");
    c.name("unknown metric").file("run/epochs.jsonl", "{\"epoch\": 1, \"loss\": 2.0, \"valid\": {\"ndcg@10\": 0.1}}\n")
        .fails("plot {d}/run --metric ndcg@01 --out {d}/fig.png", "{d}/run/epochs.jsonl", "ndcg@01", "ndcg@10");
    c.name("no epochs").file("run/config.json", "{}")
        .fails("plot {d}/run --out {d}/fig.png", "{d}/run/epochs.jsonl", "missing or empty");

    c.kind("export");
    c.name("--out holding someone's files").file("run/config.json", good).file("seqs.txt", SEQS)
        .file("out/thesis.tex", "years of work")
        .fails("export {d}/run --out {d}/out", "{d}/out", "thesis.tex", "--force");
    c.name("--out is a file").file("run/config.json", good).file("out", "a file")
        .fails("export {d}/run --out {d}/out", "{d}/out", "is a file");
    c.name("not a run directory").fails("export {d} --out {d}/out", "not a run directory");
    c.name("no checkpoint").file("run/config.json", good).file("seqs.txt", SEQS)
        .fails("export {d}/run --out {d}/out", "{d}/run/checkpoints", "no best checkpoint");
    c.name("unknown layout").file("run/config.json", good)
        .fails("export {d}/run --layout zip", "--layout zip", "savedmodel or tfserving");

    c.kind("serve");
    c.name("not a SavedModel").file("m/readme.txt", "hello").fails("serve --model {d}/m --history 1,2", "{d}/m");
    c.name("k zero").file("m/readme.txt", "hello").fails("serve --model {d}/m --history 1 --k 0", "--k 0");
    c.name("no model").fails("serve --history 1,2", "give --model DIR");
    c.name("HTTP flag without --port").fails("serve --model {d}/m --host 0.0.0.0", "--host is for HTTP serving");

    c.kind("usage");
    c.name("unknown command").fails("trian", "unknown command 'trian'");
    c.name("unknown option").fails("table {d} --grup model", "grup");
    c.kind("semantic-ids");
    String tiger = good.replace("\"name\": \"sasrec\", \"hidden\": 8, \"num_blocks\": 1, \"num_heads\": 1",
        "\"name\": \"tiger\", \"semantic_ids\": {\"source\": \"file\", \"path\": \"{d}/ids.json\"}, \"d_model\": 8,"
        + " \"num_heads\": 1, \"head_dim\": 8, \"ff_dim\": 8, \"encoder_layers\": 1, \"decoder_layers\": 1, \"beam\": 4")
        .replace("\"export\": {\"dir\": \"{d}/exports\"}", "\"export\": {\"dir\": \"{d}/exports\", \"k\": 2}, \"eval\": {\"ks\": [2]}");
    String ids = "{\"1\": [\"<a_1>\", \"<b_1>\"], \"2\": [\"<a_1>\", \"<b_2>\"], \"3\": [\"<a_2>\", \"<b_1>\"],"
        + " \"4\": [\"<a_2>\", \"<b_2>\"], \"5\": [\"<a_3>\", \"<b_1>\"], \"6\": [\"<a_3>\", \"<b_2>\"], \"7\": [\"<a_0>\", \"<b_0>\"]}";
    c.name("ID file missing").file("seqs.txt", SEQS).file("a.json", tiger)
        .fails("run {d}/a.json --runs-dir {d}/runs", "{d}/ids.json");
    c.name("ID file truncated").file("seqs.txt", SEQS).file("a.json", tiger).file("ids.json", ids.substring(0, 40))
        .fails("run {d}/a.json --runs-dir {d}/runs", "{d}/ids.json");
    c.name("ID file binary").file("seqs.txt", SEQS).file("a.json", tiger)
        .bytes("ids.json", new byte[] {0x1f, (byte) 0x8b, 8, 0, (byte) 0xff, (byte) 0xfe, 0, 3})
        .fails("run {d}/a.json --runs-dir {d}/runs", "{d}/ids.json");
    c.name("ID file a list").file("seqs.txt", SEQS).file("a.json", tiger).file("ids.json", "[1, 2, 3]")
        .fails("run {d}/a.json --runs-dir {d}/runs", "{d}/ids.json");
    c.name("ID file wrong arity").file("seqs.txt", SEQS).file("a.json", tiger)
        .file("ids.json", ids.replace("\"2\": [\"<a_1>\", \"<b_2>\"]", "\"2\": [\"<a_1>\"]"))
        .fails("run {d}/a.json --runs-dir {d}/runs", "{d}/ids.json");
    c.name("ID file negative code").file("seqs.txt", SEQS).file("a.json", tiger)
        .file("ids.json", ids.replace("<b_2>\"], \"3\"", "<b_-2>\"], \"3\""))
        .fails("run {d}/a.json --runs-dir {d}/runs", "{d}/ids.json");
    c.name("ID file huge code").file("seqs.txt", SEQS).file("a.json", tiger)
        .file("ids.json", ids.replace("<b_2>\"], \"3\"", "<b_50000000>\"], \"3\""))
        .fails("run {d}/a.json --runs-dir {d}/runs", "{d}/ids.json");
    c.name("ID file codes not numbered").file("seqs.txt", SEQS).file("a.json", tiger)
        .file("ids.json", ids.replace("<b_2>\"], \"3\"", "<b_x>\"], \"3\""))
        .fails("run {d}/a.json --runs-dir {d}/runs", "{d}/ids.json");
    c.name("ID file duplicate item").file("seqs.txt", SEQS).file("a.json", tiger)
        .file("ids.json", ids.replace("\"3\": [\"<a_2>\", \"<b_1>\"],", "\"3\": [\"<a_2>\", \"<b_1>\"], \"3\": [\"<a_2>\", \"<b_0>\"],"))
        .fails("run {d}/a.json --runs-dir {d}/runs", "{d}/ids.json");
    c.name("ID file missing an item").file("seqs.txt", SEQS).file("a.json", tiger)
        .file("ids.json", ids.replace(", \"7\": [\"<a_0>\", \"<b_0>\"]", ""))
        .fails("run {d}/a.json --runs-dir {d}/runs", "{d}/ids.json");

    c.kind("arguments");
    c.name("sweep over a missing directory").fails("sweep {d}/nowhere", "{d}/nowhere");
    c.name("sweep --shard out of range").file("cfg/a.json", good).file("seqs.txt", SEQS)
        .fails("sweep {d}/cfg --shard 3/2 --runs-dir {d}/runs", "shard 3/2", "1 <= i <= n");
    c.name("sweep --shard not a fraction").file("cfg/a.json", good).file("seqs.txt", SEQS)
        .fails("sweep {d}/cfg --shard two --runs-dir {d}/runs", "--shard");
    c.name("sweep --stage zero").file("cfg/a.json", good).file("seqs.txt", SEQS)
        .fails("sweep {d}/cfg --stage 0 --runs-dir {d}/runs", "--stage");
    c.name("sweep --partition without --emit-slurm").file("cfg/a.json", good).file("seqs.txt", SEQS)
        .fails("sweep {d}/cfg --partition gpu --runs-dir {d}/runs", "--partition", "--emit-slurm");
    c.name("sweep grid over an unknown key").file("cfg/a.json", good.replace("\"seed\": 1", "\"seed\": 1, \"sweep\": {\"train.lrr\": [1, 2]}"))
        .file("seqs.txt", SEQS).fails("sweep {d}/cfg --dry-run --runs-dir {d}/runs", "train.lrr");
    c.name("export --version zero").file("run/config.json", good)
        .fails("export {d}/run --layout tfserving --name m --version 0 --out {d}/out", "--version 0");
    c.name("export --name with a slash").file("run/config.json", good)
        .fails("export {d}/run --layout tfserving --name a/b --version 1 --out {d}/out", "--name a/b");
    c.name("export --name without tfserving").file("run/config.json", good)
        .fails("export {d}/run --name m --out {d}/out", "--name");
    c.name("table --metrics unknown").finishedRun("runs/r1", "sasrec", "{\"test\": {\"recall@10\": 0.1}}")
        .fails("table {d}/runs --metrics Q@10", "--metrics");
    c.name("plot a missing run").fails("plot {d}/nowhere --out {d}/fig.png", "{d}/nowhere");
    c.name("run with no config").fails("run", "CONFIG");
    c.name("config show of a missing file").fails("config show {d}/none.json", "{d}/none.json");
    c.name("embed without --out").file("items.tsv", "item_id\ttitle\n1\ta\n").fails("embed --items {d}/items.tsv", "--out");
    c.name("embed --out not .npy").file("items.tsv", "item_id\ttitle\n1\ta\n")
        .fails("embed --items {d}/items.tsv --out {d}/x.txt", "--out {d}/x.txt");
    c.name("embed missing items file").fails("embed --items {d}/none.tsv --out {d}/x.npy", "{d}/none.tsv");
    c.name("data stats --format unknown").file("seqs.txt", SEQS).fails("data stats {d}/seqs.txt --format xml", "--format xml");

    c.kind("npy");
    String tok = "{\"items_embeddings\": [\"{d}/x.npy\"], \"data\": {\"path\": \"{d}/seqs.txt\"},"
        + " \"tokenizer\": \"rq-kmeans\", \"params\": {\"levels\": 2, \"codebook_size\": 2}, \"seed\": 1,"
        + " \"out\": \"{d}/tok\"}";
    byte[] rows7 = new byte[7 * 4 * 4];
    for (int i = 0; i < 28; i++) java.nio.ByteBuffer.wrap(rows7).order(java.nio.ByteOrder.LITTLE_ENDIAN).putFloat(4 * i, i * 0.1f);
    String[][] npys = {
        {"not an npy file", null, "found no NumPy magic"},
        {"truncated data", "{'descr': '<f4', 'fortran_order': False, 'shape': (7, 4), }", "truncated data"},
        {"int64 values", "{'descr': '<i8', 'fortran_order': False, 'shape': (7, 4), }", "unsupported dtype '<i8'"},
        {"a 1-D array", "{'descr': '<f4', 'fortran_order': False, 'shape': (28,), }", "1-D array"},
        {"Fortran order", "{'descr': '<f4', 'fortran_order': True, 'shape': (7, 4), }", "fortran_order True"},
        {"too few rows", "{'descr': '<f4', 'fortran_order': False, 'shape': (5, 4), }", "shape [5, 4]"},
        {"big-endian floats", "{'descr': '>f4', 'fortran_order': False, 'shape': (7, 4), }", "'>f4'"},
        {"header without a shape", "{'descr': '<f4', 'fortran_order': False, 'shap': (7, 4), }", "shape"},
        {"NaN rows", "{'descr': '<f4', 'fortran_order': False, 'shape': (7, 4), }", "NaN"}};
    String sevenItems = "u1 1 2 3 4\nu2 4 5 6 7\nu3 1 3 5 7\n";
    for (String[] n : npys) {
      byte[] body = n[0].equals("truncated data") ? java.util.Arrays.copyOf(rows7, 50)
          : n[0].equals("too few rows") ? java.util.Arrays.copyOf(rows7, 80)
          : n[0].equals("int64 values") ? new byte[7 * 4 * 8]
          : n[0].equals("NaN rows") ? nanRows(28) : rows7;
      byte[] file = n[1] == null ? "hello, not an array".getBytes(StandardCharsets.UTF_8) : npy(n[1], body);
      c.name(n[0]).file("seqs.txt", sevenItems).file("tok.json", tok).bytes("x.npy", file)
          .fails("tokenize {d}/tok.json", "{d}/x.npy", n[2]);
    }
    c.kind("tokenize");
    c.name("unknown tokenizer").file("seqs.txt", sevenItems).file("tok.json", tok.replace("rq-kmeans", "rq-kmeanz"))
        .fails("tokenize {d}/tok.json", "{d}/tok.json", "rq-kmeanz", "rq-vae");
    c.name("no embedding files").file("seqs.txt", sevenItems)
        .file("tok.json", tok.replace("[\"{d}/x.npy\"]", "[]")).fails("tokenize {d}/tok.json", "{d}/tok.json", "items_embeddings");
    c.name("more codes than items").file("seqs.txt", sevenItems).bytes("x.npy", npy(npys[1][1], rows7))
        .file("tok.json", tok.replace("\"codebook_size\": 2", "\"codebook_size\": 20"))
        .fails("tokenize {d}/tok.json", "{d}/tok.json", "codebook_size = 20", "at most 7");
    c.name("zero levels").file("seqs.txt", sevenItems).bytes("x.npy", npy(npys[1][1], rows7))
        .file("tok.json", tok.replace("\"levels\": 2", "\"levels\": 0")).fails("tokenize {d}/tok.json", "{d}/tok.json", "levels");

    c.kind("item metadata");
    c.name("title as the first column").file("items.tsv", "title\tbrand\nA\tB\n")
        .fails("embed --items {d}/items.tsv --out {d}/e.npy", "{d}/items.tsv:1", "first column", "item id");
    c.name("an item twice").file("items.tsv", "item_id\ttitle\n1\tA\n1\tB\n")
        .fails("embed --items {d}/items.tsv --out {d}/e.npy", "{d}/items.tsv:3", "again");
    c.name("empty item file").file("items.tsv", "")
        .fails("embed --items {d}/items.tsv --out {d}/e.npy", "{d}/items.tsv:1", "empty file");
    c.name("Latin-1 titles").bytes("items.tsv", "item_id\ttitle\n1\tA\n2\tcaf\u00e9\n".getBytes(StandardCharsets.ISO_8859_1))
        .fails("embed --items {d}/items.tsv --out {d}/e.npy", "{d}/items.tsv:3", "not UTF-8");
    c.name("a row wider than the header").file("items.tsv", "item_id\ttitle\n1\tA\tX\n")
        .fails("embed --items {d}/items.tsv --out {d}/e.npy", "{d}/items.tsv:2", "3 columns");
    c.name("every text blank").file("items.tsv", "item_id\ttitle\n1\t\n2\t\n")
        .fails("embed --items {d}/items.tsv --out {d}/e.npy", "blank text for 2 of 2 items");
    c.name("template with an unknown field").file("items.tsv", "item_id\ttitle\n1\tA\n")
        .fails("embed --items {d}/items.tsv --template {nope} --out {d}/e.npy", "{nope}", "{title}");
    c.name("bad price").file("items.tsv", "item_id\ttitle\tprice\n1\tA\tcheap\n")
        .fails("embed --items {d}/items.tsv --out {d}/e.npy", "{d}/items.tsv:2", "price 'cheap'");

    c.kind("csv");
    c.name("Latin-1 CSV interactions").bytes("i.csv",
            "user_id,item_id,timestamp\nu1,1,1\nu1,2,2\nu1,3,3\nu2,caf\u00e9,4\n".getBytes(StandardCharsets.ISO_8859_1))
        .file("a.json", good.replace("seqs.txt\"", "i.csv\", \"format\": \"csv\""))
        .fails("run {d}/a.json --runs-dir {d}/runs", "{d}/i.csv:5", "not UTF-8");

    c.kind("serve");
    c.name("history not numbers").file("m/readme.txt", "hello").fails("serve --model {d}/m --history 1,x", "{d}/m", "no saved_model.pb");
    c.name("negative thread count").file("m/readme.txt", "hello")
        .fails("serve --model {d}/m --history 1 --intra-op-threads -1", "--intra-op-threads");
    c.name("--k with --port").file("m/readme.txt", "hello").fails("serve --models {d}/m --port 8501 --k 3", "--k is for one answer");
    c.name("--history with --port").fails("serve --models {d}/m --port 8501 --history 1", "--history", "leave out --port");
    c.name("truncated saved_model.pb").bytes("m/saved_model.pb", new byte[] {0x08, 0x01, 0x12, 0x40, 0x0a})
        .fails("serve --model {d}/m --history 1,2", "{d}/m");
    c.name("saved_model.pb of text").file("m/saved_model.pb", "not a protobuf at all\n").file("m/variables/x", "")
        .fails("serve --model {d}/m --history 1,2", "{d}/m");
    return c.cases;
  }

  /** A version-1 .npy file: the magic, the header padded to a multiple of 64 bytes, then {@code body}. */
  private static byte[] npy(String header, byte[] body) {
    int total = 10 + header.length() + 1;
    String padded = header + " ".repeat((64 - total % 64) % 64) + "\n";
    java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(10 + padded.length() + body.length)
        .order(java.nio.ByteOrder.LITTLE_ENDIAN);
    b.put((byte) 0x93).put("NUMPY".getBytes(StandardCharsets.US_ASCII)).put((byte) 1).put((byte) 0);
    b.putShort((short) padded.length()).put(padded.getBytes(StandardCharsets.ISO_8859_1)).put(body);
    return b.array();
  }

  private static byte[] nanRows(int values) {
    java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(4 * values).order(java.nio.ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i < values; i++) b.putFloat(Float.NaN);
    return b.array();
  }

  @TestFactory
  Stream<DynamicTest> everyBadInputFailsOnceClearlyAndChangesNothing() {
    return corpus().stream().map(c -> DynamicTest.dynamicTest(c.kind() + ": " + c.name(), () -> check(c)));
  }

  private void check(Case c) throws Exception {
    Path dir = Files.createTempDirectory(root, "case");
    String d = dir.toString();
    for (Map.Entry<String, byte[]> f : c.files().entrySet()) {
      Path p = dir.resolve(f.getKey());
      Files.createDirectories(p.getParent());
      String text = new String(f.getValue(), StandardCharsets.ISO_8859_1);
      Files.write(p, text.contains("{d}") ? text.replace("{d}", d).getBytes(StandardCharsets.ISO_8859_1) : f.getValue());
    }
    Map<Path, byte[]> before = snapshot(dir);
    String[] args = c.args().stream().map(a -> a.replace("{d}", d)).toArray(String[]::new);

    CapturedMain run = CapturedMain.run(args);
    int code = run.code();
    String text = run.text();
    assertNotEquals(0, code, text);
    for (String e : c.expected()) assertTrue(text.contains(e.replace("{d}", d)), "expected '" + e + "' in: " + text);
    assertFalse(text.contains("\tat ") || text.matches("(?s).*\\b(java|com|org)\\.[a-z]+\\.[A-Za-z.]*Exception.*"),
        "no stack trace or Java class names: " + text);
    String first = text.lines().filter(l -> l.startsWith("genrec")).findFirst().orElse("");
    assertTrue(text.indexOf(first) == text.lastIndexOf(first) || first.startsWith("Try"), "printed once: " + text);
    Map<Path, byte[]> after = snapshot(dir);
    for (Map.Entry<Path, byte[]> f : before.entrySet()) {
      assertTrue(after.containsKey(f.getKey()), f.getKey() + " was deleted");
      assertArrayEquals(f.getValue(), after.get(f.getKey()), f.getKey() + " was changed");
    }
  }

  private static Map<Path, byte[]> snapshot(Path dir) throws Exception {
    Map<Path, byte[]> files = new TreeMap<>();
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : (Iterable<Path>) walk.filter(Files::isRegularFile)::iterator) files.put(p, Files.readAllBytes(p));
    }
    return files;
  }
}
