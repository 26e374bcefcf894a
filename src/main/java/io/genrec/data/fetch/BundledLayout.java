package io.genrec.data.fetch;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.genrec.config.DataConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A named dataset written as the path-only section that reads the same files in the bundled
 * ../shared/data layout. A run's identity (its directory's hash and name) is taken from this form, so
 * it does not depend on where the dataset was found on a machine, and a config that changes from
 * paths to names (or back) keeps its run directory.
 */
public final class BundledLayout {
  private final DatasetCatalog catalog;

  public BundledLayout(DatasetCatalog catalog) {
    this.catalog = catalog;
  }

  public static BundledLayout standard() {
    return new BundledLayout(DatasetCatalog.standard());
  }

  /** The section with every named dataset's files as ../shared/data paths and no {@code dataset}. */
  public DataConfig of(DataConfig data) {
    if (!data.hasSources()) return one("data", data);
    List<DataConfig> sources = new ArrayList<>();
    for (int i = 0; i < data.sources().size(); i++) sources.add(one("data.sources[" + i + "]", data.sources().get(i)));
    return data.withFiles(data.path(), data.items(), sources);
  }

  /** {@link #of} on a resolved config's JSON {@code data} section, in place (sources included). */
  public void rewrite(JsonObject data) {
    if (data == null) return;
    rewriteOne("data", data);
    JsonElement sources = data.get("sources");
    if (sources != null && sources.isJsonArray()) {
      JsonArray list = sources.getAsJsonArray();
      for (int i = 0; i < list.size(); i++) {
        if (list.get(i).isJsonObject()) rewriteOne("data.sources[" + i + "]", list.get(i).getAsJsonObject());
      }
    }
  }

  private DataConfig one(String key, DataConfig section) {
    if (!section.namesDataset()) return section;
    CatalogEntry entry = catalog.named(key, section.dataset());
    String items = section.items() == null || section.items().isBlank() ? "" : path(entry, section.items());
    return section.withFiles(path(entry, section.path()), items, List.of());
  }

  private void rewriteOne(String key, JsonObject section) {
    JsonElement name = section.remove("dataset");
    if (name == null || name.isJsonNull() || name.getAsString().isBlank()) return;
    CatalogEntry entry = catalog.named(key, name.getAsString());
    section.addProperty("path", path(entry, text(section, "path")));
    String items = text(section, "items");
    if (!items.isBlank()) section.addProperty("items", path(entry, items));
  }

  private static String text(JsonObject o, String key) {
    JsonElement e = o.get(key);
    return e == null || e.isJsonNull() ? "" : e.getAsString();
  }

  /** {@code file} of {@code entry} (its default when blank) as a ../shared/data path. */
  static String path(CatalogEntry entry, String file) {
    Path dir = Path.of(DataRoots.BUNDLED, entry.directory());
    String name = file == null || file.isBlank() ? entry.defaultPath() : file;
    return (name.isEmpty() ? dir : dir.resolve(name)).normalize().toString().replace('\\', '/');
  }
}
