package io.genrec.experiment;

import com.google.gson.Gson;
import com.google.gson.JsonElement;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.JsonObject;
import io.genrec.config.ConfigReader;
import io.genrec.config.RunConfig;
import io.genrec.data.AtomicFile;
import io.genrec.data.FileTrees;
import io.genrec.data.fetch.BundledLayout;
import io.genrec.train.RunOutputs;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One run's directory, {@code <runs root>/<experiment>/<model>-<dataset>-<hash6>/}, and the files
 * in it. It is also the {@link RunOutputs} the training body writes through, so every file the
 * trainer produces lands atomically in the same place the runner and the table reader look.
 *
 * <p>{@code DONE} is the only marker of a finished run: it is written last, after metrics.json and
 * per_user.csv, so any reader that sees it sees complete results.
 */
public final class RunDirectory implements RunOutputs {
  public static final String CONFIG = "config.json";
  public static final String OVERRIDES = "overrides.json";
  public static final String PROVENANCE = "provenance.json";
  public static final String EPOCHS = "epochs.jsonl";
  public static final String METRICS = "metrics.json";
  public static final String PER_USER = "per_user.csv";
  public static final String RUN_LOG = "run.log";
  public static final String CHECKPOINTS = "checkpoints";
  public static final String SAVEDMODEL = "savedmodel";
  /** Absolute path of the exported SavedModel, written beside DONE when the run exported one. */
  public static final String SAVEDMODEL_POINTER = "savedmodel.txt";
  public static final String ERROR = "error.txt";
  public static final String DONE = "DONE";

  /** Like the config Gson, but keeps nulls: provenance says "commit": null, not nothing. */
  private static final Gson GSON = ConfigReader.gson().newBuilder().serializeNulls().create();

  private final Path dir;

  public RunDirectory(Path dir) {
    this.dir = dir;
  }

  /** Where the run of {@code resolved} lives under {@code runsRoot}. */
  public static RunDirectory of(Path runsRoot, ConfigReader.Resolved resolved) {
    return new RunDirectory(runsRoot.resolve(resolved.config().experiment()).resolve(name(resolved)));
  }

  /** {@code <model>-<dataset>-<hash6>}, with characters unsafe in a file name replaced by '_'. */
  public static String name(ConfigReader.Resolved resolved) {
    RunConfig c = resolved.config();
    return safe(c.model().name()) + "-" + safe(BundledLayout.standard().of(c.data()).displayName()) + "-"
        + ConfigDigest.hash6(resolved.json());
  }

  private static String safe(String part) {
    String s = part.replaceAll("[^A-Za-z0-9._-]+", "_");
    return s.isEmpty() ? "_" : s;
  }

  public Path path() {
    return dir;
  }

  public Path file(String name) {
    return dir.resolve(name);
  }

  /**
   * DONE and a metrics.json that reads as a JSON object: a DONE beside a truncated or corrupt
   * metrics.json (a disk that filled up, a hand edit) is not a finished run.
   */
  public boolean isDone() {
    return isMarkedDone() && unreadableResults() == null;
  }

  /** The DONE file exists, whatever state metrics.json is in. */
  public boolean isMarkedDone() {
    return Files.isRegularFile(file(DONE));
  }

  /** Why metrics.json cannot be read back (missing, does not parse, not an object), or null when it can. */
  public String unreadableResults() {
    Path metrics = file(METRICS);
    if (!Files.isRegularFile(metrics)) return metrics + ": missing";
    try {
      JsonElement json = JsonParser.parseString(Files.readString(metrics));
      return json.isJsonObject() ? null : metrics + ": not a JSON object";
    } catch (IOException | JsonParseException e) {
      return metrics + ": does not parse as JSON (truncated?)";
    }
  }

  /** Removes DONE so the run counts as started, not finished, and the runner resumes it. */
  void unmarkDone() throws IOException {
    Files.deleteIfExists(file(DONE));
  }

  /** Started before (config.json written) but not finished: the next run resumes it. */
  public boolean isStarted() {
    return Files.isRegularFile(file(CONFIG));
  }

  // --- written by the runner ---------------------------------------------------------------------

  void writeJson(String name, JsonObject json) throws IOException {
    AtomicFile.writeText(file(name), GSON.toJson(json) + "\n");
  }

  void writeError(Throwable failure) throws IOException {
    StringWriter trace = new StringWriter();
    try (PrintWriter w = new PrintWriter(trace)) {
      w.println(failure);
      w.println();
      failure.printStackTrace(w);
    }
    AtomicFile.writeText(file(ERROR), trace.toString());
  }

  void clearError() throws IOException {
    Files.deleteIfExists(file(ERROR));
  }

  /** Writes savedmodel.txt when an export exists, then DONE: the last file of a finished run. */
  void markDone(String finishedAt) throws IOException {
    Path saved = savedModelDir();
    if (Files.isDirectory(saved)) {
      AtomicFile.writeText(file(SAVEDMODEL_POINTER), saved.toAbsolutePath().normalize() + "\n");
    }
    AtomicFile.writeText(file(DONE), finishedAt + "\n");
  }

  /** Removes the whole directory (for {@code --force}); the caller names exactly this run. */
  void delete() throws IOException {
    FileTrees.delete(dir);
  }

  // --- RunOutputs: written by the training body -------------------------------------------------

  @Override
  public Path directory() {
    return path();
  }

  @Override
  public Path checkpointDir() {
    Path c = file(CHECKPOINTS);
    try {
      Files.createDirectories(c);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + c, e);
    }
    return c;
  }

  /** Rewrites the whole file atomically: it holds one short line per epoch, so this stays cheap. */
  @Override
  public synchronized void epoch(JsonObject line) {
    List<String> lines = new ArrayList<>(epochLines());
    lines.add(line.toString());
    writeEpochLines(lines);
  }

  @Override
  public synchronized void keepEpochs(int epochs) {
    if (epochs < 0) throw new IllegalArgumentException("keepEpochs(" + epochs + "): must be >= 0");
    List<String> lines = epochLines();
    if (lines.size() > epochs) writeEpochLines(lines.subList(0, epochs));
  }

  /** The lines of epochs.jsonl, empty when no epoch has been logged. */
  public List<String> epochLines() {
    Path f = file(EPOCHS);
    if (!Files.exists(f)) return List.of();
    try {
      List<String> lines = new ArrayList<>();
      for (String l : Files.readAllLines(f, StandardCharsets.UTF_8)) if (!l.isBlank()) lines.add(l);
      return lines;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + f, e);
    }
  }

  private void writeEpochLines(List<String> lines) {
    StringBuilder text = new StringBuilder();
    for (String l : lines) text.append(l).append('\n');
    try {
      AtomicFile.writeText(file(EPOCHS), text.toString());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file(EPOCHS), e);
    }
  }

  @Override
  public void metrics(JsonObject metrics) {
    try {
      writeJson(METRICS, metrics);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file(METRICS), e);
    }
  }

  @Override
  public Path perUserCsv() {
    return file(PER_USER);
  }

  @Override
  public Path savedModelDir() {
    return file(SAVEDMODEL);
  }

  @Override
  public String toString() {
    return dir.toString();
  }
}
