package io.genrec.data.fetch;

import java.nio.file.Path;
import java.util.List;

/**
 * Where named datasets are looked for, in order: the data directory {@code genrec data get} fetches
 * into ({@code GENREC_DATA_DIR}, else {@code ~/.cache/genrec/data}), then the project's bundled
 * {@code ../shared/data} (relative to the working directory, as path-only configs are).
 */
public final class DataRoots {
  /** The bundled layout's root, as path-only configs name it. */
  public static final String BUNDLED = "../shared/data";
  /**
   * A JVM property that takes the place of {@code GENREC_DATA_DIR}: a process cannot change its own
   * environment, so tests (and programs embedding genrec) set this instead. The launcher does not.
   */
  public static final String PROPERTY = "genrec.data.dir";

  private DataRoots() {}

  /** The directory {@code genrec data get} writes to without {@code --dir}. */
  public static Path fetchDirectory() {
    String property = System.getProperty(PROPERTY);
    if (property != null && !property.isBlank()) return Path.of(property);
    String env = System.getenv("GENREC_DATA_DIR");
    if (env != null && !env.isBlank()) return Path.of(env);
    return Path.of(System.getProperty("user.home"), ".cache", "genrec", "data");
  }

  /** How {@link #fetchDirectory()} was chosen, for messages that list where a dataset was looked for. */
  public static String fetchDirectorySource() {
    String property = System.getProperty(PROPERTY);
    if (property != null && !property.isBlank()) return "-D" + PROPERTY;
    String env = System.getenv("GENREC_DATA_DIR");
    return env != null && !env.isBlank() ? "GENREC_DATA_DIR" : "default; GENREC_DATA_DIR unset";
  }

  /** The fetch directory, then the bundled one. */
  public static List<Path> standard() {
    return List.of(fetchDirectory(), Path.of(BUNDLED));
  }
}
