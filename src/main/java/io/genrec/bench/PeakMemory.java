package io.genrec.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The process's peak resident set so far (Linux's VmHWM), which counts TensorFlow's native buffers
 * as well as the Java heap: what a benchmark reports beside its speed.
 */
final class PeakMemory {
  private PeakMemory() {}

  /** Peak RSS in MiB, or -1 where /proc/self/status does not say (not Linux). */
  static double peakRssMib() {
    Path status = Path.of("/proc/self/status");
    if (!Files.isReadable(status)) return -1;
    try {
      for (String line : Files.readAllLines(status)) {
        if (line.startsWith("VmHWM:")) return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
      }
      return -1;
    } catch (IOException | NumberFormatException e) {
      throw new IllegalStateException("cannot read the peak RSS from " + status + ": " + e.getMessage(), e);
    }
  }
}
