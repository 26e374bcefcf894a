package io.genrec.serve.http;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/** Where the served models are on disk; scanned again on every poll, so new versions show up. */
public interface ModelRoot {
  /** Every model found, by name, with its versions (version → SavedModel directory). */
  Map<String, NavigableMap<Long, Path>> scan() throws IOException;

  /** For messages: where this root looks. */
  String describe();

  /** {@code --models BASE}: every {@code BASE/NAME/VERSION/} (TF Serving's layout). */
  static ModelRoot base(Path base) {
    if (!Files.isDirectory(base)) throw new IllegalArgumentException(base + ": not a directory");
    return new ModelRoot() {
      @Override
      public Map<String, NavigableMap<Long, Path>> scan() throws IOException {
        return TfServingLayout.models(base);
      }

      @Override
      public String describe() {
        return base + "/NAME/VERSION/";
      }
    };
  }

  /**
   * {@code --model DIR}: one model, either a SavedModel itself (served as version 1, as genrec exports
   * it) or a directory of numbered versions (TF Serving's model base path).
   */
  static ModelRoot single(String name, Path dir) {
    if (!Files.isDirectory(dir)) throw new IllegalArgumentException(dir + ": not a directory");
    return new ModelRoot() {
      @Override
      public Map<String, NavigableMap<Long, Path>> scan() throws IOException {
        NavigableMap<Long, Path> versions = new TreeMap<>();
        if (Files.isRegularFile(dir.resolve(TfServingLayout.SAVED_MODEL))) versions.put(1L, dir);
        else versions = TfServingLayout.versions(dir);
        return versions.isEmpty() ? Map.of() : Map.of(name, versions);
      }

      @Override
      public String describe() {
        return dir + " (model " + name + ")";
      }
    };
  }
}
