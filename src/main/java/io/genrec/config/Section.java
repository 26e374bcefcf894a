package io.genrec.config;

/** A config record that checks its own ranges once it is fully read (defaults merged, overrides applied). */
public interface Section {
  /** Throws {@link ConfigException} naming {@code path + "." + key} for the first bad value. */
  void validate(String path);
}
