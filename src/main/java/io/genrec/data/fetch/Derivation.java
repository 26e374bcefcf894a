package io.genrec.data.fetch;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * How a file that no public origin serves is made from catalogued files, so {@code data get} can
 * rebuild it (and verify it against the catalogued sha256) instead of leaving it out.
 */
public interface Derivation {
  /** The files it reads, as paths under a data directory (each held by some catalog entry). */
  List<String> inputs();

  /** Writes the derived file's bytes to {@code out}, reading the inputs under {@code dataDir}. */
  void write(Path dataDir, Path out) throws IOException;
}
