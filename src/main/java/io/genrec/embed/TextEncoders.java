package io.genrec.embed;

import java.util.List;

/** Text encoders by name, for configs and the command line. */
public final class TextEncoders {
  /** The default encoder's name: all-MiniLM-L6-v2, quantized. */
  public static final String DEFAULT = BundledTextModel.MINILM_L6.modelName();

  private TextEncoders() {}

  public static List<String> names() {
    return BundledTextModel.names();
  }

  /** The default encoder. */
  public static TextEncoder open() {
    return open(DEFAULT);
  }

  /** @throws IllegalArgumentException for an unknown name, listing the known ones */
  public static TextEncoder open(String name) {
    BundledTextModel model = BundledTextModel.byName(name);
    if (model == null) {
      throw new IllegalArgumentException("unknown text encoder '" + name + "'; known: " + String.join(", ", names()));
    }
    return new OnnxTextEncoder(model);
  }
}
