package io.genrec.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs a probe's main in a new JVM on the test class path, so a SavedModel is served by a process
 * that shares nothing with the one that trained and exported it. Fails with the probe's output and
 * stderr when it does not exit 0 within two minutes.
 */
public final class FreshJvm {
  private FreshJvm() {}

  /** The probe's standard output, one entry per line. */
  public static List<String> run(Class<?> main, List<String> args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), main.getName()));
    cmd.addAll(args);
    Path errors = Files.createTempFile("probe", ".err");
    try {
      ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(errors.toFile());
      pb.environment().put("TF_CPP_MIN_LOG_LEVEL", "2");
      Process p = pb.start();
      List<String> lines = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().toList();
      assertTrue(p.waitFor(120, TimeUnit.SECONDS), "probe JVM finished");
      assertEquals(0, p.exitValue(), "probe JVM exit code; output: " + lines + "; stderr: " + Files.readString(errors));
      return lines;
    } finally {
      Files.deleteIfExists(errors);
    }
  }
}
