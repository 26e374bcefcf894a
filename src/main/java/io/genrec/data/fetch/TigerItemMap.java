package io.genrec.data.fetch;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeMap;

/**
 * The TIGER re-implementation's item ids against S3-Rec's, as {@code ../shared/data} derived them: its
 * notebook numbers Beauty's items by first appearance in the ASIN-sorted reviews, which makes an item's
 * id the 0-based rank of its ASIN in sorted order; P5's {@code datamaps.json} {@code id2item} gives the
 * ASIN of each S3-Rec id. Output: {@code tiger_item_id, asin, s3rec_item_id}, rows by TIGER id,
 * tab-separated — what {@code SemanticIdFile} reads beside {@code index_rqvae.json}.
 */
public final class TigerItemMap implements Derivation {
  private final String datamaps;

  /** @param datamaps path of P5's datamaps.json under a data directory */
  public TigerItemMap(String datamaps) {
    this.datamaps = datamaps;
  }

  @Override
  public List<String> inputs() {
    return List.of(datamaps);
  }

  @Override
  public void write(Path dataDir, Path out) throws IOException {
    Path mapsFile = dataDir.resolve(datamaps);
    List<String> asinOfId = S3RecItemTextTable.asins(mapsFile);
    // String order: Java's and Python's sorted() agree on ASINs' ASCII.
    TreeMap<String, Integer> byAsin = new TreeMap<>();
    for (int i = 0; i < asinOfId.size(); i++) {
      if (byAsin.put(asinOfId.get(i), i + 1) != null) {
        throw new IOException(mapsFile + ": id2item maps two ids to ASIN " + asinOfId.get(i));
      }
    }
    try (BufferedWriter w = Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
      w.write("tiger_item_id\tasin\ts3rec_item_id\n");
      int tigerId = 0;
      for (var e : byAsin.entrySet()) {
        w.write(tigerId++ + "\t" + e.getKey() + "\t" + e.getValue() + "\n");
      }
    }
  }
}
