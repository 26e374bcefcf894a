package io.genrec.embed;

import java.util.List;

/**
 * Turns texts into fixed-width vectors. Implementations hold native resources (ONNX sessions,
 * threads), so close them when done.
 */
public interface TextEncoder extends AutoCloseable {
  /** The model's name as recorded in sidecar files, e.g. {@code all-minilm-l6-v2-q}. */
  String name();

  int dim();

  /**
   * @param texts non-blank texts
   * @return one vector of {@link #dim()} floats per text, in order
   * @throws IllegalArgumentException for a blank text, naming its position
   */
  float[][] encode(List<String> texts);

  @Override
  void close();
}
