package io.genrec.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The distinct item tokens of one RecBole {@code .inter} file, in its targets and (UniSRec files) its
 * histories: the items a quantizer fitted on that file saw, e.g. VQ-Rec's "strict" code index.
 */
public final class RecBoleItems {
  private RecBoleItems() {}

  /** Every item token of {@code file}, in order of first appearance. */
  public static Set<String> occurring(Path file) throws IOException {
    Set<String> items = new LinkedHashSet<>();
    try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      RecBoleHeader header = RecBoleHeader.parse(file, reader.readLine());
      long lineNumber = 1;
      String line;
      while ((line = reader.readLine()) != null) {
        lineNumber++;
        if (line.isEmpty()) continue;
        String[] fields = line.split("\t", -1);
        if (fields.length != header.width) {
          throw new DataFormatException(file, lineNumber, fields.length + " tab-separated fields",
              header.width + " fields as in the header");
        }
        if (header.historyRows()) {
          for (String token : fields[header.itemList].split(" ")) if (!token.isEmpty()) items.add(token);
        }
        if (fields[header.item].isEmpty()) throw new DataFormatException(file, lineNumber, "an empty item_id", "a non-empty token");
        items.add(fields[header.item]);
      }
    } catch (java.nio.charset.CharacterCodingException e) {
      throw DataFormatException.notUtf8(file, "a RecBole .inter file", e);
    }
    return items;
  }
}
