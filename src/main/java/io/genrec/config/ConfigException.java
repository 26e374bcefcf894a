package io.genrec.config;

/**
 * A config that cannot be used: unknown key, wrong type, value out of range, unreadable file.
 * The message always names the key path (or file and line) and what was expected, because the
 * user's only way to fix it is to edit that spot.
 */
public class ConfigException extends RuntimeException {
  public ConfigException(String message) {
    super(message);
  }

  public ConfigException(String message, Throwable cause) {
    super(message, cause);
  }
}
