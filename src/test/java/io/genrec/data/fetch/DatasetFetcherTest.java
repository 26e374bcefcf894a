package io.genrec.data.fetch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetFetcherTest {
  private static final byte[] BODY = "1 2 3 4\n2 5 6\n".repeat(5000).getBytes(StandardCharsets.UTF_8);
  @TempDir Path tmp;
  private HttpServer server;
  private final List<String> ranges = new CopyOnWriteArrayList<>();
  private final PrintStream quiet = new PrintStream(new ByteArrayOutputStream());

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/f/seq.txt", ex -> {
      String range = ex.getRequestHeaders().getFirst("Range");
      int from = 0;
      if (range != null) {
        ranges.add(range);
        from = Integer.parseInt(range.substring("bytes=".length(), range.indexOf('-')));
        ex.getResponseHeaders().add("Content-Range", "bytes " + from + "-" + (BODY.length - 1) + "/" + BODY.length);
      }
      ex.sendResponseHeaders(range != null ? 206 : 200, BODY.length - from);
      try (OutputStream out = ex.getResponseBody()) {
        out.write(BODY, from, BODY.length - from);
      }
    });
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private CatalogEntry entry(String sha) {
    DatasetCatalog c = new DatasetCatalog("http://127.0.0.1:" + server.getAddress().getPort() + "/f/");
    c.add("http://127.0.0.1:" + server.getAddress().getPort() + "/f/", "tiny", "unused",
        List.of(new CatalogFile("tiny/seq.txt", "seq.txt", BODY.length, sha)), "cite me");
    return c.get("tiny");
  }

  private static String sha(byte[] b) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
  }

  @Test
  void downloadsVerifiesAndSkipsWhenPresent() throws Exception {
    Path dir = tmp.resolve("data");
    new DatasetFetcher(quiet).fetch(entry(sha(BODY)), dir, null);
    assertArrayEquals(BODY, Files.readAllBytes(dir.resolve("tiny/seq.txt")));
    assertTrue(ranges.isEmpty());
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    new DatasetFetcher(new PrintStream(log)).fetch(entry(sha(BODY)), dir, null);
    assertTrue(log.toString().contains("present, verified"));
  }

  @Test
  void resumesATruncatedPartWithARangeRequest() throws Exception {
    Path dir = tmp.resolve("data");
    Files.createDirectories(dir.resolve("tiny"));
    Files.write(dir.resolve("tiny/seq.txt.part"), Arrays.copyOf(BODY, 1000));
    new DatasetFetcher(quiet).fetch(entry(sha(BODY)), dir, null);
    assertEquals(List.of("bytes=1000-"), ranges);
    assertArrayEquals(BODY, Files.readAllBytes(dir.resolve("tiny/seq.txt")));
    assertFalse(Files.exists(dir.resolve("tiny/seq.txt.part")));
  }

  @Test
  void checksumMismatchIsOneClearErrorAndLeavesNothing() throws Exception {
    Path dir = tmp.resolve("data");
    String wrong = "0".repeat(64);
    IOException e = assertThrows(IOException.class, () -> new DatasetFetcher(quiet).fetch(entry(wrong), dir, null));
    assertTrue(e.getMessage().contains("tiny/seq.txt") && e.getMessage().contains(wrong)
        && e.getMessage().contains(sha(BODY)), e.getMessage());
    try (var files = Files.list(dir.resolve("tiny"))) {
      assertEquals(0, files.count());
    }
  }

  @Test
  void copiesFromAMirrorAndVerifies() throws Exception {
    Path mirror = tmp.resolve("mirror");
    Files.createDirectories(mirror.resolve("tiny"));
    Files.write(mirror.resolve("tiny/seq.txt"), BODY);
    Path dir = tmp.resolve("data");
    new DatasetFetcher(quiet).fetch(entry(sha(BODY)), dir, mirror);
    assertArrayEquals(BODY, Files.readAllBytes(dir.resolve("tiny/seq.txt")));
    assertTrue(DatasetFetcher.present(entry(sha(BODY)), dir));
  }

  @Test
  void aFileMissingFromTheMirrorIsNamed() throws Exception {
    Path mirror = tmp.resolve("empty-mirror");
    Files.createDirectories(mirror);
    java.io.IOException e = org.junit.jupiter.api.Assertions.assertThrows(java.io.IOException.class,
        () -> new DatasetFetcher(quiet).fetch(entry(sha(BODY)), tmp.resolve("data2"), mirror));
    assertTrue(e.getMessage().contains("tiny/seq.txt: not in the mirror"), e.getMessage());
    assertTrue(!Files.exists(tmp.resolve("data2")), "nothing is created before the mirror is checked");
  }

  @Test
  void aFileWithoutARecordedChecksumIsKeptWithItsSha256PrintedAndAWarning() throws Exception {
    DatasetCatalog c = new DatasetCatalog(null);
    String base = "http://127.0.0.1:" + server.getAddress().getPort() + "/f/";
    c.add(null, "loose", base, List.of(CatalogFile.unverified("loose/seq.txt", "seq.txt")), "cite me");
    Path dir = tmp.resolve("data");
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    new DatasetFetcher(new PrintStream(log, true, StandardCharsets.UTF_8)).fetch(c.get("loose"), dir, null);
    assertArrayEquals(BODY, Files.readAllBytes(dir.resolve("loose/seq.txt")));
    String text = log.toString(StandardCharsets.UTF_8);
    assertTrue(text.contains("loose/seq.txt: ok, sha256 " + sha(BODY)), text);
    assertTrue(text.contains("WARNING: loose/seq.txt: the catalog records no sha256"), text);
    assertTrue(DatasetFetcher.present(c.get("loose"), dir));
    ByteArrayOutputStream again = new ByteArrayOutputStream();
    new DatasetFetcher(new PrintStream(again, true, StandardCharsets.UTF_8)).fetch(c.get("loose"), dir, null);
    assertTrue(again.toString(StandardCharsets.UTF_8).contains("present (no recorded checksum"), again.toString());
  }

  @Test
  void aDerivedFileIsSkippedWithoutAMirrorAndAFileMayNameItsOwnUrl() throws Exception {
    String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/f/seq.txt";
    DatasetCatalog c = new DatasetCatalog(null);
    c.add(null, "mixed", "http://127.0.0.1:1/nothing-here/", List.of(
        new CatalogFile("mixed/seq.txt", url, BODY.length, sha(BODY)),
        CatalogFile.derived("mixed/derived/made-here.tsv", 3, "0".repeat(64))), "cite me");
    Path dir = tmp.resolve("data");
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    new DatasetFetcher(new PrintStream(log, true, StandardCharsets.UTF_8)).fetch(c.get("mixed"), dir, null);
    assertArrayEquals(BODY, Files.readAllBytes(dir.resolve("mixed/seq.txt")));
    assertFalse(Files.exists(dir.resolve("mixed/derived/made-here.tsv")));
    assertTrue(log.toString(StandardCharsets.UTF_8).contains("mixed/derived/made-here.tsv: skipped: derived"), log.toString());
    assertTrue(DatasetFetcher.present(c.get("mixed"), dir), "a derived file is not needed for the dataset to be present");
  }

  @Test
  void standardCatalogMatchesTheSharedFiles() throws Exception {
    Path shared = Path.of("../shared/data");
    org.junit.jupiter.api.Assumptions.assumeTrue(Files.isDirectory(shared));
    for (CatalogEntry e : DatasetCatalog.standard().entries()) {
      for (CatalogFile f : e.files()) {
        if (!f.hasChecksum()) continue; // nobody here has a copy: the Amazon 2023 raw categories
        // Toys is kept back from ../shared/data as an unseen evaluation set (its SOURCE.md has the checksums).
        if (e.name().equals("toys") && !Files.exists(shared.resolve(f.relativePath()))) continue;
        // A file only genrec derives (Sports' item text) has no shared copy; its own test rebuilds it.
        if (f.derivation() != null && !Files.exists(shared.resolve(f.relativePath()))) continue;
        assertEquals(f.sha256(), DatasetFetcher.sha256(shared.resolve(f.relativePath())), f.relativePath());
        assertEquals(f.size(), Files.size(shared.resolve(f.relativePath())), f.relativePath());
      }
    }
  }

  private static final String TINY_MAPS = "{\"id2item\": {\"1\": \"B2\", \"2\": \"A9\", \"3\": \"B1\"}}";
  // item_id is the ASIN's rank in sorted order: A9 1, B1 2, B2 3. A quoted title spans two lines.
  private static final String TINY_DESCRIPTION = "item_id:token\ttitle:token\tsales_type:token\tsales_rank:float"
      + "\tcategories:token_seq\tprice:float\tbrand:token\n"
      + "1\tNine\tBeauty\t10.0\t'Beauty'\t1.5\tAcme\n"
      + "2\t\"One\nline two\"\tBeauty\t\t\"'Beauty', \"\"Men's\"\"\"\t\tBolt\n"
      + "3\tTwo\tBeauty\t30.0\t'Beauty'\t3.0\t\n";
  private static final String TINY_TABLE = "s3rec_item_id\tasin\ttitle\tbrand\tcategories\tprice\tsales_rank\n"
      + "1\tB2\tTwo\t\t'Beauty'\t3.0\t30.0\n"
      + "2\tA9\tNine\tAcme\t'Beauty'\t1.5\t10.0\n"
      + "3\tB1\t\"One\nline two\"\tBolt\t\"'Beauty', \"\"Men's\"\"\"\t\t\n";

  private DatasetCatalog derivingCatalog(String tableSha) {
    DatasetCatalog c = new DatasetCatalog(null);
    c.add(null, "maps", "http://127.0.0.1:1/none/", List.of(new CatalogFile("maps/m.json", "m.json", -1, null)), "maps");
    c.add(null, "meta", "http://127.0.0.1:1/none/", List.of(
        new CatalogFile("meta/d.csv", "d.csv", -1, null),
        CatalogFile.derived("meta/derived/items.tsv", -1, tableSha, new S3RecItemTextTable("maps/m.json", "meta/d.csv"))),
        "meta");
    return c;
  }

  private Path tinyMirror() throws IOException {
    Path mirror = tmp.resolve("tiny-mirror");
    Files.createDirectories(mirror.resolve("maps"));
    Files.createDirectories(mirror.resolve("meta"));
    Files.writeString(mirror.resolve("maps/m.json"), TINY_MAPS);
    Files.writeString(mirror.resolve("meta/d.csv"), TINY_DESCRIPTION);
    return mirror;
  }

  @Test
  void aDerivedFileWithARecipeIsMadeAfterFetchingTheEntriesItNeedsAndVerified() throws Exception {
    DatasetCatalog c = derivingCatalog(sha(TINY_TABLE.getBytes(StandardCharsets.UTF_8)));
    Path dir = tmp.resolve("data");
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    new DatasetFetcher(new PrintStream(log, true, StandardCharsets.UTF_8), c).fetch(c.get("meta"), dir, tinyMirror());
    assertEquals(TINY_TABLE, Files.readString(dir.resolve("meta/derived/items.tsv")));
    assertTrue(Files.isRegularFile(dir.resolve("maps/m.json")), "the input's entry is fetched first");
    assertTrue(log.toString(StandardCharsets.UTF_8).contains("fetching 'maps' first"), log.toString());
  }

  @Test
  void aDerivedFileThatDoesNotMatchItsChecksumIsOneClearErrorAndLeavesNothing() throws Exception {
    DatasetCatalog c = derivingCatalog("0".repeat(64));
    Path dir = tmp.resolve("data");
    IOException e = assertThrows(IOException.class,
        () -> new DatasetFetcher(quiet, c).fetch(c.get("meta"), dir, tinyMirror()));
    assertTrue(e.getMessage().contains("meta/derived/items.tsv") && e.getMessage().contains("not the catalogued"),
        e.getMessage());
    try (var files = Files.list(dir.resolve("meta/derived"))) {
      assertEquals(List.of(), files.toList(), "no part or wrong file is left behind");
    }
  }

  @Test
  void aDerivedFileWhoseInputNoEntryHoldsNamesIt() throws Exception {
    DatasetCatalog c = derivingCatalog(null);
    Path dir = tmp.resolve("data");
    IOException e = assertThrows(IOException.class,
        () -> new DatasetFetcher(quiet).fetch(c.get("meta"), dir, tinyMirror()));
    assertTrue(e.getMessage().contains("made from maps/m.json") && e.getMessage().contains("no catalog entry"),
        e.getMessage());
  }

  @Test
  void anInputWithoutARowForAnAsinIsNamed() throws Exception {
    Path mirror = tinyMirror();
    Files.writeString(mirror.resolve("meta/d.csv"), TINY_DESCRIPTION.substring(0, TINY_DESCRIPTION.lastIndexOf("3\t")));
    DatasetCatalog c = derivingCatalog(null);
    IOException e = assertThrows(IOException.class,
        () -> new DatasetFetcher(quiet, c).fetch(c.get("meta"), tmp.resolve("data"), mirror));
    assertTrue(e.getMessage().contains("no row with item_id 3") && e.getMessage().contains("ASIN B2"), e.getMessage());
  }

  @Test
  void theSharedBeautyItemsTableIsRebuiltByteForByteFromItsPublicInputs() throws Exception {
    Path shared = Path.of("../shared/data");
    org.junit.jupiter.api.Assumptions.assumeTrue(Files.isDirectory(shared.resolve("amazon2014-p5-datamaps")));
    // A mirror with the public inputs only: the derived table has to be made, not copied.
    Path mirror = tmp.resolve("mirror");
    for (String f : List.of("amazon2014-p5-datamaps/beauty/datamaps.json", "amazon2014-p5-datamaps/sports/datamaps.json",
        "amazon2014-beauty-item-metadata/item_description.csv")) {
      Files.createDirectories(mirror.resolve(f).getParent());
      Files.copy(shared.resolve(f), mirror.resolve(f));
    }
    DatasetCatalog c = DatasetCatalog.standard();
    Path dir = tmp.resolve("data");
    new DatasetFetcher(quiet, c).fetch(c.get("beauty-metadata"), dir, mirror);
    String table = "amazon2014-beauty-item-metadata/derived/Beauty_items.tsv";
    assertArrayEquals(Files.readAllBytes(shared.resolve(table)), Files.readAllBytes(dir.resolve(table)));
  }

  @Test
  void theSharedTigerItemMapIsRebuiltByteForByteFromP5sIds() throws Exception {
    Path shared = Path.of("../shared/data");
    org.junit.jupiter.api.Assumptions.assumeTrue(Files.isDirectory(shared.resolve("amazon2014-beauty-tiger-semantic-ids")));
    Path mirror = tmp.resolve("mirror");
    for (String f : List.of("amazon2014-p5-datamaps/beauty/datamaps.json", "amazon2014-p5-datamaps/sports/datamaps.json",
        "amazon2014-beauty-tiger-semantic-ids/index_rqvae.json", "amazon2014-beauty-tiger-semantic-ids/index_rqkmeans.json",
        "amazon2014-beauty-tiger-semantic-ids/inter.json")) {
      Files.createDirectories(mirror.resolve(f).getParent());
      Files.copy(shared.resolve(f), mirror.resolve(f));
    }
    DatasetCatalog c = DatasetCatalog.standard();
    Path dir = tmp.resolve("data");
    new DatasetFetcher(quiet, c).fetch(c.get("beauty-tiger-ids"), dir, mirror);
    String map = "amazon2014-beauty-tiger-semantic-ids/derived/tiger_item_map.tsv";
    assertArrayEquals(Files.readAllBytes(shared.resolve(map)), Files.readAllBytes(dir.resolve(map)));
    // What a TIGER config reads: the shipped codes through the rebuilt map.
    assertEquals(12_101, io.genrec.tokenize.SemanticIdFile.readTiger(
        dir.resolve("amazon2014-beauty-tiger-semantic-ids/index_rqvae.json")).size());
  }

  @Test
  void sportsItemTextIsMadeFromIdGenRecsPhrasesAndP5sIdsAndVerified() throws Exception {
    Path shared = Path.of("../shared/data");
    org.junit.jupiter.api.Assumptions.assumeTrue(Files.isDirectory(shared.resolve("amazon2014-idgenrec-lexical-ids")));
    Path mirror = tmp.resolve("mirror");
    for (String f : List.of("amazon2014-p5-datamaps/beauty/datamaps.json", "amazon2014-p5-datamaps/sports/datamaps.json",
        "amazon2014-idgenrec-lexical-ids/Sports/item_generative_indexing_phase_0.txt")) {
      Files.createDirectories(mirror.resolve(f).getParent());
      Files.copy(shared.resolve(f), mirror.resolve(f));
    }
    DatasetCatalog c = DatasetCatalog.standard();
    Path dir = tmp.resolve("data");
    new DatasetFetcher(quiet, c).fetch(c.get("sports-text"), dir, mirror);
    List<String> lines = Files.readAllLines(dir.resolve("amazon2014-idgenrec-lexical-ids/derived/Sports_items.tsv"));
    assertEquals(18_358, lines.size());
    assertEquals("s3rec_item_id\tasin\ttitle", lines.get(0));
    // S3-Rec item 1 of Sports, by the shared item map, with its phrase.
    String asin = Files.readAllLines(shared.resolve("amazon2014-s3rec/derived/Sports_and_Outdoors_item_map.tsv")).get(1)
        .split("\t")[1];
    assertTrue(lines.get(1).startsWith("1\t" + asin + "\t"), lines.get(1));
  }
}
