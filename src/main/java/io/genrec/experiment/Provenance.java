package io.genrec.experiment;

import com.google.gson.JsonArray;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import io.genrec.config.RunConfig;
import io.genrec.data.fetch.DatasetLocator;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * Where a run's numbers came from (provenance.json): the code (git commit, uncommitted changes),
 * the software (genrec, TensorFlow, Java, OS), the machine and job (host, SLURM ids), what was
 * asked (argv, seed, thread settings) and when it ran. Written when a run starts and again,
 * with its end time and status, when it stops.
 */
public final class Provenance {
  private static final Logger LOG = LogManager.getLogger(Provenance.class);
  static final List<String> SLURM_VARIABLES =
      List.of("SLURM_JOB_ID", "SLURM_ARRAY_JOB_ID", "SLURM_ARRAY_TASK_ID");

  /** The commit and whether the working tree differs from it; both null outside a git checkout. */
  public record Git(String commit, Boolean dirty) {
    public static final Git UNKNOWN = new Git(null, null);

    /**
     * Asks git in {@code workDir}. A missing git binary or a directory outside any repository is an
     * expected situation (a copied jar on a cluster node) and yields {@link #UNKNOWN}.
     */
    public static Git probe(Path workDir) {
      try {
        Command head = Command.run(workDir, "git", "rev-parse", "HEAD");
        if (head.exit != 0) {
          LOG.debug("no git commit recorded: git rev-parse HEAD exited {}", head.exit);
          return UNKNOWN;
        }
        // --no-optional-locks: a run must not take the index lock of a checkout others are using.
        Command status = Command.run(workDir, "git", "--no-optional-locks", "status", "--porcelain");
        Boolean dirty = status.exit == 0 ? !status.output.isBlank() : null;
        return new Git(head.output.trim(), dirty);
      } catch (IOException e) {
        LOG.debug("no git commit recorded: {}", e.toString());
        return UNKNOWN;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while asking git for the commit", e);
      }
    }
  }

  private record Command(int exit, String output) {
    static Command run(Path dir, String... argv) throws IOException, InterruptedException {
      Process p = new ProcessBuilder(argv).directory(dir.toFile())
          .redirectError(ProcessBuilder.Redirect.DISCARD).start();
      String out;
      try (InputStream in = p.getInputStream()) {
        out = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
      if (!p.waitFor(30, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IOException(String.join(" ", argv) + " did not finish in 30 s");
      }
      return new Command(p.exitValue(), out);
    }
  }

  /** What provenance is read from; tests replace the parts that are slow or machine-specific. */
  public record Sources(
      Supplier<String> tensorflowVersion, Supplier<Git> git, Supplier<String> host,
      Map<String, String> env, Clock clock) {

    /** The real machine: TensorFlow's native library (loaded once), git in the working directory. */
    public static Sources live() {
      return new Sources(Provenance::tensorflowVersion, () -> Git.probe(Path.of("").toAbsolutePath()),
          Provenance::hostName, System.getenv(), Clock.systemUTC());
    }
  }

  private static volatile String tensorflowVersion;

  private static String tensorflowVersion() {
    String v = tensorflowVersion;
    if (v == null) {
      v = org.tensorflow.TensorFlow.version();
      tensorflowVersion = v;
    }
    return v;
  }

  private static String hostName() {
    String h = System.getenv("HOSTNAME");
    if (h != null && !h.isBlank()) return h;
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      LOG.warn("host name not recorded in provenance: {}", e.toString());
      return null;
    }
  }

  private final JsonObject json;

  private Provenance(JsonObject json) {
    this.json = json;
  }

  /** Provenance of a run that starts now; {@code attempt} counts resumptions (1 = first). */
  public static Provenance start(RunConfig config, List<String> argv, int attempt, Sources sources) {
    JsonObject j = common(argv, sources);
    // The files this run reads on this machine (a named dataset: where it was found, checksums).
    j.add("data", DatasetLocator.standard().describe(config.data()));
    j.addProperty("seed", config.seed());
    JsonObject threads = new JsonObject();
    threads.addProperty("intra_op_threads", config.train().intraOpThreads());
    threads.addProperty("inter_op_threads", config.train().interOpThreads());
    j.add("threads", threads);
    return begin(j, attempt, sources);
  }

  /** A preparation step's provenance: what {@link #start} records but the run's data and threads. */
  public static Provenance startStep(PreparationStep step, List<String> argv, int attempt, Sources sources) {
    JsonObject j = common(argv, sources);
    j.addProperty("step", step.kind().word());
    j.addProperty("output", step.outputValue());
    j.addProperty("seed", step.seed());
    return begin(j, attempt, sources);
  }

  private static JsonObject common(List<String> argv, Sources sources) {
    // addProperty with a null value stores JSON null: an unknown commit or host stays visible.
    JsonObject j = new JsonObject();
    Git git = sources.git().get();
    j.addProperty("git_commit", git.commit());
    j.addProperty("git_dirty", git.dirty());
    j.addProperty("genrec_version", Version.genrec());
    j.addProperty("tensorflow_version", sources.tensorflowVersion().get());
    j.addProperty("java_version", System.getProperty("java.version"));
    j.addProperty("java_vendor", System.getProperty("java.vendor"));
    j.addProperty("os", System.getProperty("os.name") + " " + System.getProperty("os.version")
        + " " + System.getProperty("os.arch"));
    j.addProperty("host", sources.host().get());
    j.addProperty("available_processors", Runtime.getRuntime().availableProcessors());
    JsonArray args = new JsonArray();
    argv.forEach(args::add);
    j.add("argv", args);
    return j;
  }

  private static Provenance begin(JsonObject j, int attempt, Sources sources) {
    JsonObject slurm = new JsonObject();
    for (String v : SLURM_VARIABLES) {
      String value = sources.env().get(v);
      if (value != null) slurm.addProperty(v, value);
    }
    j.add("slurm", slurm.size() == 0 ? JsonNull.INSTANCE : slurm);
    j.addProperty("attempt", attempt);
    j.addProperty("start", Instant.now(sources.clock()).toString());
    j.add("end", JsonNull.INSTANCE);
    j.addProperty("status", "running");
    return new Provenance(j);
  }

  /** The same provenance with its end time and final status ("done" or "failed"). */
  public Provenance finish(String status, Clock clock) {
    JsonObject j = json.deepCopy();
    j.addProperty("end", Instant.now(clock).toString());
    j.addProperty("status", status);
    return new Provenance(j);
  }

  public JsonObject toJson() {
    return json.deepCopy();
  }
}
