package io.genrec.experiment;

import com.google.gson.JsonObject;
import io.genrec.config.RunConfig;
import io.genrec.eval.PerUserTable;
import io.genrec.train.RunBody;
import io.genrec.train.RunOutputs;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * A training body without training: epochs, checkpoints, metrics and per-user rows that are pure
 * functions of the config (model, dataset, seed, lr), so tests can recompute every number. It
 * resumes like the real trainer: from checkpoints/last.txt, after keepEpochs.
 */
public final class FakeRunBody implements RunBody {
  private static final Logger LOG = LogManager.getLogger(FakeRunBody.class);
  static final List<String> KEYS = List.of("recall@10", "ndcg@10", "recall@50", "ndcg@50");
  static final int USERS = 60;

  /** Thrown to stand for a kill in the middle of training. */
  public static final class Crash extends RuntimeException {
    Crash(String message) {
      super(message);
    }
  }

  public final Map<Path, Integer> invocations = new ConcurrentHashMap<>();
  /** Epoch at which the run's first invocation crashes, by run dir name; absent: never. */
  public final Map<String, Integer> crashOnceAtEpoch = new ConcurrentHashMap<>();
  /** Run dir names whose every invocation fails before training. */
  public final Set<String> alwaysFail = ConcurrentHashMap.newKeySet();
  /** Epochs each invocation started from (0 = fresh), in call order, by run dir name. */
  public final Map<String, List<Integer>> startedFrom = new ConcurrentHashMap<>();
  /** The run a warm-started run (model.init_from) started from, by run dir name; it was DONE then. */
  public final Map<String, Path> initFrom = new ConcurrentHashMap<>();

  @Override
  public void execute(RunConfig config, RunOutputs outputs) throws Exception {
    Path dir = outputs.checkpointDir().getParent();
    String name = dir.getFileName().toString();
    int call = invocations.merge(dir, 1, Integer::sum);
    LOG.info("fake training {} (call {})", name, call);
    if (alwaysFail.contains(name)) throw new IllegalStateException("fake failure in " + name);
    if (config.initFrom().enabled()) {
      Path from = Path.of(config.initFrom().path());
      if (!new RunDirectory(from).isDone()) {
        throw new IllegalStateException(name + " warm-starts from " + from + ", which is not DONE");
      }
      initFrom.put(name, from);
    }

    Path last = outputs.checkpointDir().resolve("last.txt");
    int from = Files.exists(last) ? Integer.parseInt(Files.readString(last, StandardCharsets.UTF_8).trim()) : 0;
    startedFrom.computeIfAbsent(name, k -> new java.util.concurrent.CopyOnWriteArrayList<>()).add(from);
    outputs.keepEpochs(from);
    int epochs = config.train().epochs();
    for (int e = from + 1; e <= epochs; e++) {
      JsonObject line = new JsonObject();
      line.addProperty("epoch", e);
      line.addProperty("loss", loss(config, e));
      JsonObject valid = new JsonObject();
      valid.addProperty("ndcg@10", validNdcg(config, e));
      line.add("valid", valid);
      line.addProperty("seconds", 0.01);
      outputs.epoch(line);
      Integer crashAt = crashOnceAtEpoch.get(name);
      if (crashAt != null && call == 1 && e == crashAt) {
        // Killed after logging epoch e but before its checkpoint: the resumed run redoes epoch e.
        throw new Crash("simulated crash of " + name + " at epoch " + e);
      }
      Files.writeString(last, Integer.toString(e), StandardCharsets.UTF_8);
    }
    PerUserTable table = perUser(config);
    table.writeCsv(outputs.perUserCsv());
    JsonObject test = new JsonObject();
    for (String k : KEYS) test.addProperty(k, table.mean(k));
    JsonObject validFinal = new JsonObject();
    validFinal.addProperty("ndcg@10", validNdcg(config, epochs));
    JsonObject metrics = new JsonObject();
    metrics.add("valid", validFinal);
    metrics.add("test", test);
    outputs.metrics(metrics);
    Files.createDirectories(outputs.savedModelDir());
    Files.writeString(outputs.savedModelDir().resolve("saved_model.pb"), "fake");
  }

  static double loss(RunConfig c, int epoch) {
    return 5.0 / epoch + c.seed() * 0.01 + c.train().lr();
  }

  static double validNdcg(RunConfig c, int epoch) {
    return 0.1 + 0.01 * epoch + quality(c.model().name(), "ndcg@10") * 0.1 + c.seed() * 1e-4;
  }

  /** Model quality per metric: gru4rec is clearly worse on recall, the same on NDCG. */
  static double quality(String model, String key) {
    boolean recall = key.startsWith("recall");
    return switch (model) {
      case "sasrec" -> recall ? 0.45 : 0.30;
      case "gru4rec" -> recall ? 0.30 : 0.30;
      default -> 0.2;
    };
  }

  static PerUserTable perUser(RunConfig c) {
    int[] users = new int[USERS];
    int[] history = new int[USERS];
    double[][] columns = new double[KEYS.size()][USERS];
    for (int u = 0; u < USERS; u++) {
      users[u] = u;
      history[u] = 3 + u % 7;
      for (int k = 0; k < KEYS.size(); k++) {
        String key = KEYS.get(k);
        long s = c.seed() * 1_000_003L + u * 7919L + key.hashCode() * 31L + c.model().name().hashCode()
            + c.data().displayName().hashCode() * 17L;
        double noise = new Random(s).nextGaussian() * 0.15;
        columns[k][u] = Math.max(0, Math.min(1, quality(c.model().name(), key) + noise + c.train().lr()));
      }
    }
    return new PerUserTable(users, history, KEYS, columns);
  }
}
