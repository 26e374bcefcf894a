package io.genrec.embed;

import java.util.List;

/** Text encoders by name, for configs and the command line. */
public final class TextEncoders {
  private TextEncoders() {}

  public static List<String> names() {
    return List.of(MiniLmTextEncoder.NAME);
  }

  /** The default encoder: {@link MiniLmTextEncoder}. */
  public static TextEncoder open() {
    return new MiniLmTextEncoder();
  }

  /** @throws IllegalArgumentException for an unknown name, listing the known ones */
  public static TextEncoder open(String name) {
    if (name.equals(MiniLmTextEncoder.NAME)) return new MiniLmTextEncoder();
    throw new IllegalArgumentException(
        "unknown text encoder '" + name + "'; known: " + String.join(", ", names()));
  }
}
