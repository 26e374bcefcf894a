package io.genrec.train;

import java.io.PrintStream;
import java.util.Locale;

/**
 * A one-line terminal progress bar: steps done, loss, examples/s, ETA. Redraws at most a few times a
 * second; prints nothing when stderr is not a terminal (CI logs and sweeps stay readable).
 */
public final class ProgressBar {
  private static final long REDRAW_NANOS = 250_000_000L;
  private final PrintStream out;
  private final boolean enabled;
  private final String label;
  private final int total;
  private final long start = System.nanoTime();
  private long lastDraw;
  private long examples;

  public ProgressBar(String label, int total, boolean enabled) {
    this(label, total, enabled && System.console() != null, System.err);
  }

  ProgressBar(String label, int total, boolean enabled, PrintStream out) {
    this.label = label;
    this.total = total;
    this.enabled = enabled;
    this.out = out;
  }

  public void step(int done, int batchExamples, double loss) {
    examples += batchExamples;
    if (!enabled) return;
    long now = System.nanoTime();
    if (now - lastDraw < REDRAW_NANOS && done < total) return;
    lastDraw = now;
    out.print("\r" + line(done, loss, now));
    out.flush();
  }

  String line(int done, double loss, long now) {
    double secs = Math.max(1e-9, (now - start) / 1e9);
    int width = 24;
    int filled = total == 0 ? width : (int) ((long) width * done / total);
    double eta = done == 0 ? 0 : secs * (total - done) / done;
    return String.format(Locale.ROOT, "%s [%s%s] %d/%d loss %.4f  %.0f ex/s  ETA %s",
        label, "=".repeat(filled), " ".repeat(width - filled), done, total, loss,
        examples / secs, clock(eta));
  }

  public void finish() {
    if (enabled) {
      out.print("\r\033[2K");
      out.flush();
    }
  }

  public double examplesPerSecond() {
    return examples / Math.max(1e-9, (System.nanoTime() - start) / 1e9);
  }

  static String clock(double seconds) {
    long s = Math.round(seconds);
    return s >= 3600 ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, (s / 60) % 60, s % 60)
        : String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
  }
}
