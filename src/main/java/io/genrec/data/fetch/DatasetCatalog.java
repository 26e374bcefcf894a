package io.genrec.data.fetch;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The datasets genrec knows how to fetch. Adding one is one {@link #add} line; sha256 and sizes were
 * computed from the real files in the shared data directory (the Amazon 2023 raw categories have no copy
 * there, so they record none). Each entry's directory is the folder name ../shared/data uses.
 * The origin base is a constructor argument so tests can point every entry at a local server.
 */
public final class DatasetCatalog {
  private static final String AMAZON_TERMS =
      "Amazon review data (McAuley, UCSD): research use only; cite the upstream papers; do not redistribute.";
  private static final String AMAZON_2023_TERMS = "Amazon Reviews 2023 (Hou, Li, He, Yan, Chen, McAuley, arXiv"
      + " 2403.03952): research use; cite the paper; do not redistribute.";
  /** The release's public layout: raw/review_categories/C.jsonl.gz and raw/meta_categories/meta_C.jsonl.gz. */
  static final String AMAZON_2023_RAW = "https://datarepo.eng.ucsd.edu/mcauley_group/data/amazon_2023/raw/";
  /** The release's categories (its "Unknown" bucket left out). */
  static final List<String> AMAZON_2023_CATEGORIES = List.of(
      "All_Beauty", "Amazon_Fashion", "Appliances", "Arts_Crafts_and_Sewing", "Automotive", "Baby_Products",
      "Beauty_and_Personal_Care", "Books", "CDs_and_Vinyl", "Cell_Phones_and_Accessories",
      "Clothing_Shoes_and_Jewelry", "Digital_Music", "Electronics", "Gift_Cards", "Grocery_and_Gourmet_Food",
      "Handmade_Products", "Health_and_Household", "Health_and_Personal_Care", "Home_and_Kitchen",
      "Industrial_and_Scientific", "Kindle_Store", "Magazine_Subscriptions", "Movies_and_TV", "Musical_Instruments",
      "Office_Products", "Patio_Lawn_and_Garden", "Pet_Supplies", "Software", "Sports_and_Outdoors",
      "Subscription_Boxes", "Tools_and_Home_Improvement", "Toys_and_Games", "Video_Games");

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
        "S3-Rec (Zhou et al., CIKM 2020). " + AMAZON_TERMS, "Beauty.txt");
    add(originOverride, "sports",
        "https://raw.githubusercontent.com/aHuiWang/CIKM2020-S3Rec/49a890dcb516c9ed3126564495234ea74d5cd566/data/",
        List.of(
            new CatalogFile("amazon2014-s3rec/Sports_and_Outdoors.txt", "Sports_and_Outdoors.txt", 1707483,
                "2a095e0648872beb9982408958290f5d655db5be2911c3756b5446de9f0b8de2"),
            new CatalogFile("amazon2014-s3rec/Sports_and_Outdoors_item2attributes.json",
                "Sports_and_Outdoors_item2attributes.json", 653780,
                "7fb10733ac4f1811384a52144cdefa7fcc7536fa80a7232c5da9bd789155c34b")),
        "S3-Rec (Zhou et al., CIKM 2020). " + AMAZON_TERMS, "Sports_and_Outdoors.txt");
    // Kept back from ../shared/data as an unseen evaluation set; its SOURCE.md records the checksums.
    add(originOverride, "toys",
        "https://raw.githubusercontent.com/aHuiWang/CIKM2020-S3Rec/49a890dcb516c9ed3126564495234ea74d5cd566/data/",
        List.of(
            new CatalogFile("amazon2014-s3rec/Toys_and_Games.txt", "Toys_and_Games.txt", 922166,
                "176c680c688d497598c4a89a03b402c0fe78d795e5db335c2e78dd5f2d778a3f"),
            new CatalogFile("amazon2014-s3rec/Toys_and_Games_item2attributes.json",
                "Toys_and_Games_item2attributes.json", 327536,
                "d371acd25101eedac04afc727626464b7acec770c4eda708705d51eb76eb1ad0")),
        "S3-Rec (Zhou et al., CIKM 2020). " + AMAZON_TERMS, "Toys_and_Games.txt");
    add(originOverride, "beauty-metadata",
        "https://raw.githubusercontent.com/ngoctuannguyen/PLRec/6f76962c7fe1cb4b9299833d7b58b1061c7ff677/data/beauty/",
        List.of(
            new CatalogFile("amazon2014-beauty-item-metadata/item_description.csv", "item_description.csv", 1932912,
                "ee1ef3503edd364b6251c9fd52e68dbc0a44ec61a18c609207eaaae762fb1a16"),
            // Re-keyed to S3-Rec ids with P5's datamaps (its SOURCE.md): no origin serves it, data get rebuilds it.
            CatalogFile.derived("amazon2014-beauty-item-metadata/derived/Beauty_items.tsv", 1959711,
                "ff05ce18f0a68b3e012ff582c7a35eb5da9ea2d826b7a3e4e43535ea681cc01b",
                new S3RecItemTextTable("amazon2014-p5-datamaps/beauty/datamaps.json",
                    "amazon2014-beauty-item-metadata/item_description.csv"))),
        "Amazon 2014 Beauty item metadata (via ngoctuannguyen/PLRec). " + AMAZON_TERMS, "item_description.csv");
    add(originOverride, "beauty-tiger-ids",
        "https://raw.githubusercontent.com/NonameUntitled/tiger/8ec51b32f985025d77fe4ecd2294525c0524db1d/data/Beauty/",
        List.of(
            new CatalogFile("amazon2014-beauty-tiger-semantic-ids/index_rqvae.json", "index_rqvae.json", 343799,
                "e75dc66ad83801a34978cfa089370a5c1c68b3adba69b218772d0c8b20a1b14f"),
            new CatalogFile("amazon2014-beauty-tiger-semantic-ids/index_rqkmeans.json", "index_rqkmeans.json", 338784,
                "f6a7a5fbc51f57d017a7b815c490e7b0c322bb61160d2c3cb911769eaeff8028"),
            new CatalogFile("amazon2014-beauty-tiger-semantic-ids/inter.json", "inter.json", 2379924,
                "dfb8d33f8a2cf6eec9585d6365c319df58334e97eda6a68f881842d91ad41b85"),
            // The TIGER-id to S3-Rec-id map configs/beauty/tiger.json reads beside the index: rebuilt from P5's ids.
            CatalogFile.derived("amazon2014-beauty-tiger-semantic-ids/derived/tiger_item_map.tsv", 256140,
                "29a74ff6091644c9fa6987c8d4a953b946d861cb6ac0b96980227f006eacdb52",
                new TigerItemMap("amazon2014-p5-datamaps/beauty/datamaps.json"))),
        "TIGER re-implementation's Beauty semantic IDs (NonameUntitled/tiger, MIT). " + AMAZON_TERMS,
        "index_rqvae.json");
    add(originOverride, "sports-text",
        "https://raw.githubusercontent.com/agiresearch/IDGenRec/a297185aa5b6cd6de9dcf8b8182052ee8e0b3261/rec_datasets/",
        List.of(
            new CatalogFile("amazon2014-idgenrec-lexical-ids/Sports/item_generative_indexing_phase_0.txt",
                "Sports/item_generative_indexing_phase_0.txt", 845269,
                "710b6d9b661aebcd065b861e4076f5e3cc66bdd9735e462ca2db90d5cc951593"),
            // Sports' only text here: IDGenRec's phrase per ASIN keyed to S3-Rec ids (what tools/data/sports-items.sh
            // writes; no origin serves it, and ../shared/data has no copy: the sha256 is of that script's output).
            CatalogFile.derived("amazon2014-idgenrec-lexical-ids/derived/Sports_items.tsv", 944330,
                "a595d8947f7acf05aefe59d8cd95dbfedd3b1fd43cf0aaf80e992c851ee1fa82",
                new IdGenRecItemText("amazon2014-p5-datamaps/sports/datamaps.json",
                    "amazon2014-idgenrec-lexical-ids/Sports/item_generative_indexing_phase_0.txt"))),
        "IDGenRec's title-derived item phrases (Tan et al., SIGIR 2024; agiresearch/IDGenRec, no licence file). "
            + AMAZON_TERMS, "derived/Sports_items.tsv");
    add(originOverride, "p5-datamaps",
        "https://raw.githubusercontent.com/Wenyueh/LLM-RecSys-ID/2200ad9fef647ef755c01d6d7e5c5de3082606c5/data/",
        List.of(
            new CatalogFile("amazon2014-p5-datamaps/beauty/datamaps.json", "beauty/datamaps.json", 1835529,
                "715ab04838ff1ba21238475ed453a89e8c30aa6214b904d27a79e4168fc7b612"),
            new CatalogFile("amazon2014-p5-datamaps/sports/datamaps.json", "sports/datamaps.json", 2916593,
                "4a4d9785ab99a89a499f25023892a647a2280086041c9c9d7169c9dc2ee0b715")),
        "P5's id maps (Geng et al., RecSys 2022) via Wenyueh/LLM-RecSys-ID (MIT). " + AMAZON_TERMS, "");
    add(originOverride, "scientific",
        "https://raw.githubusercontent.com/ysh-1998/CoWPiRec/db47560c2364650d22afc77080717287daec5079/dataset/Scientific/",
        List.of(
            new CatalogFile("unisrec-scientific/Scientific.item2index", "Scientific.item2index", 69050,
                "896ab1017508cf20834d3d0537da9f8f624324223a835af272a98ba16f8c087a"),
            new CatalogFile("unisrec-scientific/Scientific.user2index", "Scientific.user2index", 165602,
                "f0162b1a3a0c6b7e816f86208e7b36f65d6787923126f9558fbc6d368e4c4974"),
            new CatalogFile("unisrec-scientific/Scientific.text", "Scientific.text", 859222,
                "95887e6bda76e54f59b71b566320520d5da74e21d3b6ff8f20bfb6e8e84aa831"),
            new CatalogFile("unisrec-scientific/Scientific.train.inter", "Scientific.train.inter", 929295,
                "7284f6489d956fa20c9b64ffc84569264320edba5c3bc2fcb22db2ea083a1163"),
            new CatalogFile("unisrec-scientific/Scientific.valid.inter", "Scientific.valid.inter", 271473,
                "5f37c84d3b54617cdc46638c89dfe8741c7efc4987acd5eb64de2cbd4311f46c"),
            new CatalogFile("unisrec-scientific/Scientific.test.inter", "Scientific.test.inter", 309842,
                "546da7e5f44002b4518d7fd58066684bc09613f76c240914e16976d57cfe7083")),
        "UniSRec's Scientific split (Hou et al., KDD 2022) of Amazon Review Data 2018 (Ni, Li, McAuley, "
            + "EMNLP-IJCNLP 2019): research use; cite the papers; do not redistribute.", "");
    add(originOverride, "vqrec-scientific-codes",
        "https://raw.githubusercontent.com/RUCAIBox/VQ-Rec/298184509f206df44bb1809895cbe5a5e4a7d7be/dataset/downstream/Scientific/",
        List.of(
            new CatalogFile("vqrec-scientific-codes/Scientific.OPQ32,IVF1,PQ32x8.strict.index",
                "Scientific.OPQ32,IVF1,PQ32x8.strict.index", 3323979,
                "7492526b0635c6017dd8e647359522d9d7d61b38c28b7c06d1d1fecc01bebb80")),
        "VQ-Rec's released OPQ codes (Hou et al., TheWebConf 2023): research use; cite the paper.",
        "Scientific.OPQ32,IVF1,PQ32x8.strict.index");
    add(originOverride, "amazon2023-all_beauty",
        "https://raw.githubusercontent.com/swarpi/LLM_Recommender/305b51e27015280b190aa0a9f5786271380527c4/",
        List.of(
            new CatalogFile("amazon2023-all-beauty-5core/All_Beauty.train.csv", "All_Beauty.train.csv", 273718,
                "1874a8a18e43294eb4666254877b9c867c1b62a9fc5a9246e4f4e942ab854b75"),
            new CatalogFile("amazon2023-all-beauty-5core/All_Beauty.valid.csv", "All_Beauty.valid.csv", 37068,
                "3bcc6b7fb4f507e514c3f2194777835b52a8aeb5df5a677eae688b7136610c3f"),
            new CatalogFile("amazon2023-all-beauty-5core/All_Beauty.test.csv", "All_Beauty.test.csv", 39851,
                "36ff4fd64265a3efee0bc9335a95b307ecd490816851510d64ed692f2bad3310"),
            // Its 356 items' metadata as that repository wrote it (not the release's JSONL), from a later commit.
            new CatalogFile("amazon2023-all-beauty-5core/derived/All_Beauty_meta_subset.csv",
                "https://raw.githubusercontent.com/swarpi/LLM_Recommender/4dd1e0a96040001658a128e35210ff5aba3b05c4/"
                    + "data/filterd_meta_items.csv", 152715,
                "c36a965cbd9122fe95a5afa63dfc361e2516f5ae77fe536a1d5a0fecdb22e079")),
        AMAZON_2023_TERMS, "All_Beauty");
    for (String category : AMAZON_2023_CATEGORIES) addAmazon2023Raw(originOverride, category);
  }

  /**
   * A category's raw reviews and item metadata, as released. Nobody here has seen these files, so no
   * size or sha256 is recorded: {@code data get} keeps what it downloads, prints its sha256 and warns.
   * Runs read the reviews with {@code format: amazon2023_reviews} (cut to its k-core) and the metadata
   * as {@code items}.
   */
  private void addAmazon2023Raw(String originOverride, String category) {
    String dir = "amazon2023-" + category.toLowerCase(java.util.Locale.ROOT).replace('_', '-') + "-raw";
    add(originOverride, "amazon2023-raw-" + category.toLowerCase(java.util.Locale.ROOT), AMAZON_2023_RAW,
        List.of(CatalogFile.unverified(dir + "/" + category + ".jsonl.gz", "review_categories/" + category + ".jsonl.gz"),
            CatalogFile.unverified(dir + "/meta_" + category + ".jsonl.gz",
                "meta_categories/meta_" + category + ".jsonl.gz")),
        AMAZON_2023_TERMS + " No checksum recorded: compare the printed sha256 with a colleague's copy.",
        category + ".jsonl.gz");
  }

  /** Adds an entry whose default file is its directory itself (tests add small ones of their own). */
  public void add(String originOverride, String name, String originBase, List<CatalogFile> files, String citation) {
    add(originOverride, name, originBase, files, citation, "");
  }

  /** Adds an entry; {@code defaultPath} is the file a config that names it without a path reads. */
  public void add(String originOverride, String name, String originBase, List<CatalogFile> files, String citation,
      String defaultPath) {
    entries.put(name, new CatalogEntry(name, originOverride != null ? originOverride : originBase, files, citation,
        defaultPath));
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

  /** The entry a config names at {@code key}; an unknown name is a config error that lists the known ones. */
  public CatalogEntry named(String key, String name) {
    if (!entries.containsKey(name)) {
      throw new io.genrec.config.ConfigException(key + ".dataset = \"" + name + "\": not a catalogued dataset;"
          + " expected one of " + String.join(", ", entries.keySet()) + " (tools/genrec data list)");
    }
    return entries.get(name);
  }

  /** The entry that holds the file at {@code relativePath} (under a data directory), or null. */
  public CatalogEntry holderOf(String relativePath) {
    for (CatalogEntry e : entries.values()) {
      for (CatalogFile f : e.files()) {
        if (f.relativePath().equals(relativePath)) return e;
      }
    }
    return null;
  }

  /** Whether {@code name} is a catalogued dataset. */
  public boolean has(String name) {
    return entries.containsKey(name);
  }

  /** The entry holding the catalogued file at {@code relativePath} under a data directory, if any. */
  public java.util.Optional<CatalogEntry> holding(String relativePath) {
    return entries.values().stream()
        .filter(e -> e.files().stream().anyMatch(f -> f.relativePath().equals(relativePath))).findFirst();
  }

  /** The catalogued file at {@code relativePath} under a data directory (any entry's), if there is one. */
  public java.util.Optional<CatalogFile> file(String relativePath) {
    return holding(relativePath).flatMap(e -> e.files().stream()
        .filter(f -> f.relativePath().equals(relativePath)).findFirst());
  }
}
