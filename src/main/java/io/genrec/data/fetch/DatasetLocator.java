package io.genrec.data.fetch;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.genrec.config.ConfigException;
import io.genrec.config.DataConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Turns a data section that names catalogued datasets ({@code data.dataset}) into one that names
 * files on this machine. A dataset is found in the first data root that holds all of its fetchable
 * files ({@link DataRoots}: the fetch directory, then ../shared/data); its {@code path} and
 * {@code items} are then named inside its directory there ({@code ../other-dataset/...} reaches a
 * sibling). A section that names paths is returned as it is, so every loader can pass its section
 * through here.
 */
public final class DatasetLocator {
  /** Files larger than this are not hashed when a run starts (an Amazon 2023 raw category is gigabytes). */
  static final long HASHED_AT_START = 256L << 20;

  private final DatasetCatalog catalog;
  private final List<Path> roots;

  public DatasetLocator(DatasetCatalog catalog, List<Path> roots) {
    this.catalog = catalog;
    this.roots = List.copyOf(roots);
  }

  /** The standard catalog over {@link DataRoots#standard()}, read afresh (the roots follow the environment). */
  public static DatasetLocator standard() {
    return new DatasetLocator(DatasetCatalog.standard(), DataRoots.standard());
  }

  /** One named dataset as found: where, which files a run reads, what was left out and why. */
  public record Found(String key, CatalogEntry entry, Path root, String path, String items, String missingItems,
      String missingFrom) {}

  /** The section with paths in place of names, and what was found for each name. */
  public record Located(DataConfig config, List<Found> found) {
    /** Items files named but derived and absent here, so the run goes without them (brand coverage). */
    public List<String> warnings() {
      return found.stream().filter(f -> f.missingItems() != null)
          .map(f -> f.key() + ".items: " + f.missingItems() + " is made beside the shared data from other files and"
              + " cannot be fetched; this run reports no brand coverage (tools/genrec data get " + f.missingFrom()
              + " --mirror DIR copies it from a copy of ../shared/data; or set " + f.key() + ".items to another file)")
          .toList();
    }
  }

  /** {@link #locate}'s section alone. */
  public DataConfig paths(DataConfig data) {
    return locate(data).config();
  }

  /** The directory of the one dataset {@code data.dataset} names, where this machine has it. */
  public Path directory(DataConfig data) {
    Located located = locate(data);
    if (data.hasSources() || located.found().size() != 1) {
      throw new IllegalArgumentException("directory(): expected a section that names one dataset");
    }
    Found f = located.found().get(0);
    return f.root().resolve(f.entry().directory());
  }

  public Located locate(DataConfig data) {
    List<Found> found = new ArrayList<>();
    if (!data.hasSources()) {
      return new Located(one("data", data, found), found);
    }
    List<DataConfig> sources = new ArrayList<>();
    for (int i = 0; i < data.sources().size(); i++) {
      sources.add(one("data.sources[" + i + "]", data.sources().get(i), found));
    }
    return new Located(data.withFiles(data.path(), data.items(), sources), found);
  }

  private DataConfig one(String key, DataConfig section, List<Found> found) {
    if (!section.namesDataset()) return section;
    CatalogEntry entry = catalog.named(key, section.dataset());
    Path root = roots.stream().filter(r -> DatasetFetcher.present(entry, r)).findFirst()
        .orElseThrow(() -> notFound(key, entry));
    Path dir = root.resolve(entry.directory());
    String name = section.path() == null || section.path().isBlank() ? entry.defaultPath() : section.path();
    String path = inside(dir, name);
    String items = section.items() == null || section.items().isBlank() ? "" : inside(dir, section.items());
    String missing = null;
    String from = null;
    CatalogEntry holder = items.isEmpty() || Files.exists(Path.of(items)) ? null : derivedHolder(root, Path.of(items));
    if (holder != null) {
      missing = items;
      from = holder.name();
      items = "";
    }
    found.add(new Found(key, entry, root, path, items, missing, from));
    return section.withFiles(path, items, List.of());
  }

  private static String inside(Path dir, String file) {
    return (file.isEmpty() ? dir : dir.resolve(file)).normalize().toString();
  }

  /** The entry whose derived file {@code file} is, or null when it is not one. */
  private CatalogEntry derivedHolder(Path root, Path file) {
    String relative = root.normalize().relativize(file.normalize()).toString().replace('\\', '/');
    return catalog.file(relative).filter(CatalogFile::isDerived).flatMap(f -> catalog.holding(relative)).orElse(null);
  }

  private ConfigException notFound(String key, CatalogEntry entry) {
    String files = entry.fetchable().stream().map(CatalogFile::relativePath).collect(Collectors.joining(", "));
    String where = roots.stream().map(r -> r.toAbsolutePath().normalize().toString())
        .collect(Collectors.joining(", then "));
    return new ConfigException(key + ".dataset = \"" + entry.name() + "\": not found: looked for " + files + " in "
        + where + " (the data directory is $GENREC_DATA_DIR, else ~/.cache/genrec/data; then the bundled "
        + DataRoots.BUNDLED + "); fetch it with: tools/genrec data get " + entry.name());
  }

  /**
   * What a run read, for provenance.json: every section's files as absolute paths and, for a named
   * dataset, where it was found and each catalogued file's recorded sha256 with whether the file here
   * matches it (hashed when it is at most 256 MiB; null when not hashed or nothing is recorded).
   */
  public JsonArray describe(DataConfig data) {
    Located located = locate(data);
    JsonArray out = new JsonArray();
    List<DataConfig> sections = located.config().datasets();
    for (int i = 0; i < sections.size(); i++) {
      DataConfig s = sections.get(i);
      String key = data.hasSources() ? "data.sources[" + i + "]" : "data";
      JsonObject o = new JsonObject();
      o.addProperty("key", key);
      o.addProperty("path", absolute(s.path()));
      o.addProperty("items", s.items() == null || s.items().isBlank() ? null : absolute(s.items()));
      for (Found f : located.found()) {
        if (f.key().equals(key)) describeFound(f, o);
      }
      out.add(o);
    }
    return out;
  }

  private static void describeFound(Found f, JsonObject o) {
    o.addProperty("dataset", f.entry().name());
    o.addProperty("found_in", f.root().toAbsolutePath().normalize().toString());
    if (f.missingItems() != null) o.addProperty("items_missing", absolute(f.missingItems()));
    JsonArray files = new JsonArray();
    for (CatalogFile c : f.entry().files()) {
      Path file = f.root().resolve(c.relativePath());
      if (!Files.isRegularFile(file)) continue;
      JsonObject one = new JsonObject();
      one.addProperty("file", c.relativePath());
      one.addProperty("catalog_sha256", c.sha256());
      one.addProperty("matches_catalog", matches(c, file));
      files.add(one);
    }
    o.add("files", files);
  }

  private static Boolean matches(CatalogFile c, Path file) {
    try {
      if (!c.hasChecksum() || Files.size(file) > HASHED_AT_START) return null;
      return DatasetFetcher.sha256(file).equals(c.sha256());
    } catch (IOException e) {
      throw new UncheckedIOException(file + ": cannot read to check its sha256", e);
    }
  }

  private static String absolute(String path) {
    return Path.of(path).toAbsolutePath().normalize().toString();
  }
}
