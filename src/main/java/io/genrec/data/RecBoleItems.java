package io.genrec.data;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The distinct item tokens of one RecBole {@code .inter} file, in its targets and (UniSRec files) its
 * histories: the items a quantizer fitted on that file saw, e.g. VQ-Rec's "strict" code index.
 */
public final class RecBoleItems {
  private RecBoleItems() {}

  /** Every item token of {@code file}, in order of first appearance (read as every RecBole part is: {@link RecBoleFile}). */
  public static Set<String> occurring(Path file) throws IOException {
    SequenceAssembler ids = new SequenceAssembler(false);
    try {
      RecBoleFile.read(file, ids, false);
    } catch (java.nio.charset.CharacterCodingException e) {
      throw DataFormatException.notUtf8(file, "a RecBole .inter file", e);
    }
    return new LinkedHashSet<>(ids.takeItemsSeen());
  }
}
