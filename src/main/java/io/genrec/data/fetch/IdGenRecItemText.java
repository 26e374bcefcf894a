package io.genrec.data.fetch;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Item text for a dataset whose only text here is IDGenRec's title-derived phrase per ASIN (Sports,
 * Toys): each S3-Rec item (its ASIN from P5's {@code datamaps.json} {@code id2item}) with its phrase,
 * as {@code tools/data/sports-items.sh} writes it. Output: {@code s3rec_item_id, asin, title}, rows by
 * S3-Rec id, tab-separated; a tab or quote inside a phrase becomes a space, so no field needs quoting.
 */
public final class IdGenRecItemText implements Derivation {
  private final String datamaps;
  private final String phrases;

  /** @param datamaps, phrases paths under a data directory (P5's datamaps.json; IDGenRec's phase-0 ids) */
  public IdGenRecItemText(String datamaps, String phrases) {
    this.datamaps = datamaps;
    this.phrases = phrases;
  }

  @Override
  public List<String> inputs() {
    return List.of(datamaps, phrases);
  }

  @Override
  public void write(Path dataDir, Path out) throws IOException {
    Path mapsFile = dataDir.resolve(datamaps);
    Path phraseFile = dataDir.resolve(phrases);
    List<String> asinOfId = S3RecItemTextTable.asins(mapsFile);
    Map<String, String> phraseOf = new HashMap<>();
    try (BufferedReader r = Files.newBufferedReader(phraseFile, StandardCharsets.UTF_8)) {
      int lineNo = 0;
      for (String line = r.readLine(); line != null; line = r.readLine()) {
        lineNo++;
        int space = line.indexOf(' ');
        String asin = space < 0 ? line : line.substring(0, space);
        if (asin.isEmpty()) {
          throw new IOException(phraseFile + ": line " + lineNo + ": no ASIN; expected 'ASIN word word ...'");
        }
        phraseOf.put(asin, space < 0 ? "" : line.substring(space + 1).replace('\t', ' ').replace('"', ' '));
      }
    }
    try (BufferedWriter w = Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
      w.write("s3rec_item_id\tasin\ttitle\n");
      for (int id = 1; id <= asinOfId.size(); id++) {
        String asin = asinOfId.get(id - 1);
        String phrase = phraseOf.get(asin);
        if (phrase == null) {
          throw new IOException(phraseFile + ": no phrase for ASIN " + asin + " (S3-Rec item " + id + " of "
              + mapsFile + "); expected one line per ASIN");
        }
        w.write(id + "\t" + asin + "\t" + phrase + "\n");
      }
    }
  }
}
