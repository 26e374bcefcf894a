package io.genrec.data.fetch;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The datasets genrec knows how to fetch. Adding one is one {@link #add} line; sha256 and sizes were
 * computed from the real files in the shared data directory. The origin base is a constructor
 * argument so tests can point every entry at a local server.
 */
public final class DatasetCatalog {
  private static final String AMAZON_TERMS =
      "Amazon review data (McAuley, UCSD): research use only; cite the upstream papers; do not redistribute.";
  private final Map<String, CatalogEntry> entries = new LinkedHashMap<>();

  /** The public origins. */
  public static DatasetCatalog standard() {
    return new DatasetCatalog(null);
  }

  /** @param originOverride when non-null, replaces every entry's origin URL base (tests). */
  public DatasetCatalog(String originOverride) {
    add(originOverride, "beauty",
        "https://raw.githubusercontent.com/aHuiWang/CIKM2020-S3Rec/49a890dcb516c9ed3126564495234ea74d5cd566/data/",
        List.of(
            new CatalogFile("amazon2014-s3rec/Beauty.txt", "Beauty.txt", 1090094,
                "226cce9c3105299ca0db9615d7d3fb32b3175e90da43100ae352599f0f0107b8"),
            new CatalogFile("amazon2014-s3rec/Beauty_item2attributes.json", "Beauty_item2attributes.json", 305674,
                "129e40f67486f6877eff0f5318cfa8530ee8ac23d8b0d1de04e1bb7a2ba0b2d4")),
        "S3-Rec (Zhou et al., CIKM 2020). " + AMAZON_TERMS);
    add(originOverride, "amazon2023-all_beauty",
        "https://raw.githubusercontent.com/swarpi/LLM_Recommender/305b51e27015280b190aa0a9f5786271380527c4/",
        List.of(
            new CatalogFile("amazon2023-all-beauty-5core/All_Beauty.train.csv", "All_Beauty.train.csv", 273718,
                "1874a8a18e43294eb4666254877b9c867c1b62a9fc5a9246e4f4e942ab854b75"),
            new CatalogFile("amazon2023-all-beauty-5core/All_Beauty.valid.csv", "All_Beauty.valid.csv", 37068,
                "3bcc6b7fb4f507e514c3f2194777835b52a8aeb5df5a677eae688b7136610c3f"),
            new CatalogFile("amazon2023-all-beauty-5core/All_Beauty.test.csv", "All_Beauty.test.csv", 39851,
                "36ff4fd64265a3efee0bc9335a95b307ecd490816851510d64ed692f2bad3310")),
        "Amazon Reviews 2023 (Hou et al., 2024). " + AMAZON_TERMS);
  }

  /** Adds an entry (tests add small ones of their own). */
  public void add(String originOverride, String name, String originBase, List<CatalogFile> files, String citation) {
    entries.put(name, new CatalogEntry(name, originOverride != null ? originOverride : originBase, files, citation));
  }

  public List<CatalogEntry> entries() {
    return List.copyOf(entries.values());
  }

  public CatalogEntry get(String name) {
    CatalogEntry e = entries.get(name);
    if (e == null) {
      throw new IllegalArgumentException("unknown dataset '" + name + "': expected one of " + entries.keySet());
    }
    return e;
  }
}
