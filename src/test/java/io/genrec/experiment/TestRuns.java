package io.genrec.experiment;

import io.genrec.config.ConfigReader;
import io.genrec.config.Overrides;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

/** Shared fixtures: tiny configs, fixed provenance sources, captured output. */
public final class TestRuns {
  private TestRuns() {}

  public static final ConfigReader READER = new ConfigReader(TestModels.INSTANCE);

  public static Provenance.Sources sources(Map<String, String> env) {
    return new Provenance.Sources(() -> "test-tf", () -> new Provenance.Git("abc123", false), () -> "test-host",
        env, Clock.fixed(Instant.parse("2025-01-02T03:04:05Z"), ZoneOffset.UTC));
  }

  public static Provenance.Sources sources() {
    return sources(Map.of());
  }

  /** A tiny config file; {@code extra} is spliced into the top-level object (e.g. a sweep). */
  public static Path config(Path dir, String file, String model, String dataset, String extra) throws IOException {
    String json = "{\"experiment\":\"e2e\",\"data\":{\"path\":\"data/" + dataset + ".txt\"},"
        + "\"model\":{\"name\":\"" + model + "\"},\"train\":{\"epochs\":3,\"lr\":0.001}"
        + (extra.isEmpty() ? "" : "," + extra) + "}";
    Path f = dir.resolve(file);
    Files.createDirectories(f.getParent());
    Files.writeString(f, json);
    return f;
  }

  public static List<PlannedRun> plan(Path configs, Path runsRoot, String... sets) {
    return SweepPlan.read(configs, java.util.Arrays.stream(sets).map(Overrides::parse).toList(), READER, runsRoot)
        .runs();
  }

  /** A PrintStream whose text can be read back. */
  public static final class Captured {
    final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    public final PrintStream stream = new PrintStream(bytes, true, StandardCharsets.UTF_8);

    public String text() {
      return bytes.toString(StandardCharsets.UTF_8);
    }
  }
}
