package io.genrec.data.fetch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import io.genrec.config.ConfigException;
import io.genrec.config.ConfigReader;
import io.genrec.config.DataConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetLocatorTest {
  @TempDir Path tmp;
  private final DatasetCatalog catalog = DatasetCatalog.standard();

  /** A data section as a config file would give it. */
  private static DataConfig section(String json) {
    JsonObject o = ConfigReader.gson().toJsonTree(DataConfig.defaults()).getAsJsonObject();
    JsonObject given = com.google.gson.JsonParser.parseString(json).getAsJsonObject();
    io.genrec.config.DataSources.inheritWithDefaults(given);
    given.entrySet().forEach(e -> o.add(e.getKey(), e.getValue()));
    DataConfig c = ConfigReader.gson().fromJson(o, DataConfig.class);
    c.validate("data");
    return c;
  }

  /** The catalog's fetchable files of {@code name} under {@code root}, as {@code data get} lays them out. */
  private void layOut(Path root, String name) throws IOException {
    for (CatalogFile f : catalog.get(name).fetchable()) {
      Path p = root.resolve(f.relativePath());
      Files.createDirectories(p.getParent());
      Files.writeString(p, "1 2 3\n");
    }
  }

  @Test
  void aDatasetInTheDataDirectoryIsReadFromThereBeforeTheBundledCopy() throws IOException {
    Path data = tmp.resolve("data");
    Path bundled = tmp.resolve("bundled");
    layOut(data, "beauty");
    layOut(bundled, "beauty");
    DataConfig c = new DatasetLocator(catalog, List.of(data, bundled)).paths(section("{\"dataset\": \"beauty\"}"));
    assertEquals(data.resolve("amazon2014-s3rec/Beauty.txt").toString(), c.path(), "the catalog's default file");
    assertEquals(null, c.dataset());
  }

  @Test
  void aDatasetMissingFromTheDataDirectoryIsFoundInTheBundledOne() throws IOException {
    Path data = tmp.resolve("data");
    Path bundled = tmp.resolve("bundled");
    Files.createDirectories(data);
    layOut(bundled, "scientific");
    DataConfig c = new DatasetLocator(catalog, List.of(data, bundled))
        .paths(section("{\"dataset\": \"scientific\", \"format\": \"recbole\", \"split\": \"given\"}"));
    assertEquals(bundled.resolve("unisrec-scientific").toString(), c.path(), "default: the directory itself");
  }

  @Test
  void aDatasetFoundNowhereNamesItselfThePlacesLookedInAndTheFetchCommand() throws IOException {
    Path data = tmp.resolve("data");
    Path bundled = tmp.resolve("bundled");
    layOut(bundled, "beauty");
    ConfigException e = assertThrows(ConfigException.class,
        () -> new DatasetLocator(catalog, List.of(data, bundled)).paths(section("{\"dataset\": \"sports\"}")));
    String m = e.getMessage();
    assertTrue(m.startsWith("data.dataset = \"sports\": not found"), m);
    assertTrue(m.contains(data.toAbsolutePath().toString()) && m.contains(bundled.toAbsolutePath().toString()), m);
    assertTrue(m.contains("amazon2014-s3rec/Sports_and_Outdoors.txt"), m);
    assertTrue(m.endsWith("fetch it with: tools/genrec data get sports"), m);
  }

  @Test
  void anUnknownNameListsTheCatalogue() {
    ConfigException e = assertThrows(ConfigException.class,
        () -> new DatasetLocator(catalog, List.of(tmp)).paths(section("{\"dataset\": \"beuaty\"}")));
    assertTrue(e.getMessage().contains("\"beuaty\": not a catalogued dataset") && e.getMessage().contains("beauty"),
        e.getMessage());
  }

  @Test
  void filesAreNamedInsideTheDatasetsDirectoryAndASiblingIsReachedWithDotDot() throws IOException {
    layOut(tmp, "beauty");
    layOut(tmp, "beauty-metadata");
    Path derived = tmp.resolve("amazon2014-beauty-item-metadata/derived/Beauty_items.tsv");
    Files.createDirectories(derived.getParent());
    Files.writeString(derived, "x\n");
    DatasetLocator.Located l = new DatasetLocator(catalog, List.of(tmp)).locate(section(
        "{\"dataset\": \"beauty\", \"path\": \"Beauty.txt\","
            + " \"items\": \"../amazon2014-beauty-item-metadata/derived/Beauty_items.tsv\"}"));
    assertEquals(tmp.resolve("amazon2014-s3rec/Beauty.txt").toString(), l.config().path());
    assertEquals(derived.toString(), l.config().items());
    assertTrue(l.warnings().isEmpty(), l.warnings().toString());
  }

  @Test
  void aDerivedItemsFileThatIsAbsentIsLeftOutWithAWarningAndAnyOtherMissingFileIsKept() throws IOException {
    layOut(tmp, "beauty");
    DatasetLocator locator = new DatasetLocator(catalog, List.of(tmp));
    DatasetLocator.Located l = locator.locate(section("{\"dataset\": \"beauty\","
        + " \"items\": \"../amazon2014-beauty-item-metadata/derived/Beauty_items.tsv\"}"));
    assertEquals("", l.config().items());
    assertEquals(1, l.warnings().size());
    assertTrue(l.warnings().get(0).contains("Beauty_items.tsv") && l.warnings().get(0).contains("brand coverage"),
        l.warnings().get(0));
    // Not a derived catalogue file: the loader reports it missing, nothing is silently dropped.
    DataConfig typo = locator.paths(section("{\"dataset\": \"beauty\", \"items\": \"Beauty_itmes.tsv\"}"));
    assertEquals(tmp.resolve("amazon2014-s3rec/Beauty_itmes.tsv").toString(), typo.items());
  }

  @Test
  void everySourceIsLocatedOnItsOwnAndPathSectionsPassUnchanged() throws IOException {
    Path data = tmp.resolve("data");
    Path bundled = tmp.resolve("bundled");
    layOut(data, "sports");
    layOut(bundled, "beauty");
    DataConfig c = new DatasetLocator(catalog, List.of(data, bundled)).paths(section("{\"sources\": ["
        + "{\"name\": \"beauty\", \"dataset\": \"beauty\", \"path\": \"Beauty.txt\"},"
        + "{\"name\": \"sports\", \"dataset\": \"sports\"},"
        + "{\"name\": \"other\", \"path\": \"x/other.txt\"}]}"));
    assertEquals(bundled.resolve("amazon2014-s3rec/Beauty.txt").toString(), c.sources().get(0).path());
    assertEquals(data.resolve("amazon2014-s3rec/Sports_and_Outdoors.txt").toString(), c.sources().get(1).path());
    assertEquals("x/other.txt", c.sources().get(2).path());
  }

  @Test
  void theBundledFormIsThePathOnlySectionOfTheSameFiles() {
    DataConfig named = section("{\"dataset\": \"beauty\", \"path\": \"Beauty.txt\","
        + " \"items\": \"../amazon2014-beauty-item-metadata/derived/Beauty_items.tsv\"}");
    DataConfig bundled = BundledLayout.standard().of(named);
    assertEquals("../shared/data/amazon2014-s3rec/Beauty.txt", bundled.path());
    assertEquals("../shared/data/amazon2014-beauty-item-metadata/derived/Beauty_items.tsv", bundled.items());
    assertEquals("unisrec-scientific", BundledLayout.standard().of(section(
        "{\"dataset\": \"scientific\", \"format\": \"recbole\", \"split\": \"given\"}")).displayName());
  }

  @Test
  void providedFilesAreDescribedWithTheirCatalogChecksumAndWhetherTheyMatchIt() throws IOException {
    layOut(tmp, "beauty");
    var described = new DatasetLocator(catalog, List.of(tmp)).describe(section("{\"dataset\": \"beauty\"}"));
    JsonObject one = described.get(0).getAsJsonObject();
    assertEquals("beauty", one.get("dataset").getAsString());
    assertEquals(tmp.toAbsolutePath().normalize().toString(), one.get("found_in").getAsString());
    JsonObject file = one.getAsJsonArray("files").get(0).getAsJsonObject();
    assertEquals(catalog.get("beauty").files().get(0).sha256(), file.get("catalog_sha256").getAsString());
    assertEquals(false, file.get("matches_catalog").getAsBoolean(), "a stand-in file is not the catalogued one");
  }
}
