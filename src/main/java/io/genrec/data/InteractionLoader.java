package io.genrec.data;

import java.io.IOException;
import java.nio.file.Path;

/** Reads one interaction format into dense, time-ordered sequences. */
public interface InteractionLoader {
  /**
   * @throws DataFormatException when the content does not follow the format
   * @throws IOException when the file cannot be read
   */
  SequenceDataset load(Path path) throws IOException;
}
